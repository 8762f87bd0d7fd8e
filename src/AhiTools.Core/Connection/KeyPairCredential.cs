namespace AhiTools.Connection
{
    /// <summary>An access key ID and secret key given as one credential (the cmdlet layer reads them from a PSCredential).</summary>
    internal sealed class KeyPairCredential
    {
        public KeyPairCredential(string? accessKey, string? secretKey)
        {
            AccessKey = accessKey;
            SecretKey = secretKey;
        }

        public string? AccessKey { get; }

        public string? SecretKey { get; }
    }
}
