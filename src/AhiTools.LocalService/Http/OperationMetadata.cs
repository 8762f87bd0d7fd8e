namespace AhiTools.LocalService.Http
{
    /// <summary>Endpoint metadata naming the HealthImaging operation a route serves; quotas and faults key on it.</summary>
    /// <param name="Name">The operation's name in the API model.</param>
    /// <param name="IsWrite">Writes are the operations a "lost response" fault may hit after the change was made.</param>
    public sealed record OperationMetadata(string Name, bool IsWrite);
}
