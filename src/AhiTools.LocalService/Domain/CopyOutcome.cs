namespace AhiTools.LocalService.Domain
{
    public sealed class CopyOutcome
    {
        public JsonObject? Document;
        public string? FailureMessage;
        public bool Forced;
    }
}
