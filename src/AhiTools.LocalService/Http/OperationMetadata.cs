namespace AhiTools.LocalService.Http
{
    /// <summary>Endpoint metadata naming the HealthImaging operation a route serves; quotas and faults key on it.</summary>
    public sealed class OperationMetadata
    {
        public OperationMetadata(string name, bool isWrite)
        {
            Name = name;
            IsWrite = isWrite;
        }

        public string Name { get; }

        /// <summary>Writes are the operations a "lost response" fault may hit after the change was made.</summary>
        public bool IsWrite { get; }
    }
}
