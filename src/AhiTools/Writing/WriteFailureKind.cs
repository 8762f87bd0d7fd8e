namespace AhiTools.Writing
{
    /// <summary>What kind of failure a refused or failed write is; the cmdlet layer turns it into an error category.</summary>
    internal enum WriteFailureKind
    {
        InvalidArgument,
        ObjectNotFound,
        InvalidOperation,
        InvalidData,
        OperationTimeout,
    }
}
