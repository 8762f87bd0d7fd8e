using System.Net.Sockets;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Tells a failure to connect (the request never left this machine) from other failures, and names failures
    /// for messages from their type and code only: exception messages may quote URLs or answers.
    /// </summary>
    internal static class ConnectionFailure
    {
        /// <summary>True when no connection to the endpoint could be made: refused, unresolvable or unreachable.</summary>
        public static bool IsUnreachable(Exception? exception)
        {
            return exception is HttpRequestException && FindSocketError(exception) is SocketError error && IsConnectError(error);
        }

        /// <summary>A short description, free of URLs, request content and answer text.</summary>
        public static string Describe(Exception? exception, HealthImagingRetryOptions options)
        {
            switch (exception)
            {
                case null:
                    return "no answer";
                case HealthImagingServiceException service:
                    return $"HTTP {(int)service.StatusCode} {service.ErrorCode}";
                case TimeoutException _:
                case OperationCanceledException _:
                    return $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s";
            }

            if (FindSocketError(exception) is SocketError socket)
            {
                return DescribeSocketError(socket);
            }

            return exception is IOException ? "connection broken" : $"network failure ({exception.GetType().Name})";
        }

        private static SocketError? FindSocketError(Exception exception)
        {
            for (Exception? e = exception; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    return socket.SocketErrorCode;
                }
            }

            return null;
        }

        private static bool IsConnectError(SocketError error)
        {
            switch (error)
            {
                case SocketError.ConnectionRefused:
                case SocketError.HostNotFound:
                case SocketError.HostUnreachable:
                case SocketError.HostDown:
                case SocketError.NetworkUnreachable:
                case SocketError.NetworkDown:
                case SocketError.TryAgain:
                case SocketError.NoData:
                case SocketError.AddressNotAvailable:
                    return true;
                default:
                    return false;
            }
        }

        private static string DescribeSocketError(SocketError error) => error switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "host name not found",
            SocketError.TryAgain => "host name lookup failed",
            SocketError.HostUnreachable or SocketError.HostDown => "host unreachable",
            SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
            SocketError.ConnectionReset => "connection reset",
            _ => $"socket error {error}",
        };
    }
}
