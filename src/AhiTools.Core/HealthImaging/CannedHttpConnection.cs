#if NET
using System.Text;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// One HTTP/1.1 connection held in memory: it keeps what the client writes and answers the request with the
    /// response <paramref name="answer"/> chooses from the request line (for example "GET /datastore/d/… HTTP/1.1").
    /// Each answer closes the connection, so every request gets a new one.
    /// </summary>
    internal sealed class CannedHttpConnection(Func<string, CannedHttpConnection.Response> answer) : Stream
    {
        internal readonly record struct Response(int Status, string Body);

        private readonly MemoryStream _request = new();
        private byte[]? _response;
        private int _read;

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _request.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _request.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _request.Write(buffer.Span);
            return default;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _request.Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            _response ??= Render(answer(RequestLine()));
            int count = Math.Min(buffer.Length, _response.Length - _read);
            _response.AsSpan(_read, count).CopyTo(buffer);
            _read += count;
            return count;
        }

        // Completes later, as a socket's read does: the client's code for an await that is still pending (the async
        // state-machine boxes) is then compiled by the warm-up rather than by the first real call.
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return Read(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        private string RequestLine()
        {
            string head = Encoding.ASCII.GetString(_request.GetBuffer(), 0, (int)_request.Length);
            int end = head.IndexOf("\r\n", StringComparison.Ordinal);
            return end < 0 ? head : head.Substring(0, end);
        }

        private static byte[] Render(Response response)
        {
            byte[] body = Encoding.UTF8.GetBytes(response.Body);
            string head = $"HTTP/1.1 {response.Status} {(response.Status == 200 ? "OK" : "Error")}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            return [.. Encoding.ASCII.GetBytes(head), .. body];
        }
    }
}
#endif
