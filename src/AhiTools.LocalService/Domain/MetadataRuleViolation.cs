namespace AhiTools.LocalService.Domain
{
    /// <summary>A synchronous rejection of a metadata request; the HTTP layer maps it to ValidationException (400) with its Message.</summary>
    public sealed class MetadataRuleViolation : Exception
    {
        public MetadataRuleViolation(string message) : base(message) { }
    }
}
