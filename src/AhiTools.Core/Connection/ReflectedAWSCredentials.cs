using System.Reflection;

namespace AhiTools.Connection
{
    /// <summary>
    /// Credentials made by another copy of AWSSDK.Core (AWS.Tools in the same session, any version, any load
    /// context): their GetCredentials() is called by reflection on every use, so refreshing credentials keep
    /// refreshing, and AccessKey/SecretKey/Token are read from what it returns.
    /// </summary>
    internal sealed class ReflectedAWSCredentials : AWSCredentials
    {
        private readonly object _source;
        private readonly MethodInfo _getCredentials;

        private ReflectedAWSCredentials(object source, MethodInfo getCredentials)
        {
            _source = source;
            _getCredentials = getCredentials;
        }

        public string SourceTypeName => _source.GetType().FullName ?? _source.GetType().Name;

        /// <summary>An object with a public parameterless GetCredentials() method, or null.</summary>
        public static ReflectedAWSCredentials? TryCreate(object candidate)
        {
            MethodInfo? method = candidate.GetType().GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            return method is null ? null : new ReflectedAWSCredentials(candidate, method);
        }

        public override ImmutableCredentials GetCredentials()
        {
            object? result;
            try
            {
                result = _getCredentials.Invoke(_source, null);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw new ConnectionConfigurationException(
                    ErrorIds.InvalidCredential,
                    $"The credentials object ({SourceTypeName}) could not produce credentials: {e.InnerException.Message}",
                    e.InnerException);
            }

            if (result is null)
            {
                throw new ConnectionConfigurationException(ErrorIds.InvalidCredential, $"The credentials object ({SourceTypeName}) returned no credentials.");
            }

            string? accessKey = ReadString(result, "AccessKey");
            string? secretKey = ReadString(result, "SecretKey");
            string? token = ReadString(result, "Token");
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
            {
                throw new ConnectionConfigurationException(ErrorIds.InvalidCredential, $"The credentials object ({SourceTypeName}) returned no access key or secret key.");
            }

            return new ImmutableCredentials(accessKey, secretKey, string.IsNullOrEmpty(token) ? null : token);
        }

        public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());

        private static string? ReadString(object target, string propertyName)
        {
            PropertyInfo? property = target.GetType().GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance);
            return property?.GetValue(target) as string;
        }
    }
}
