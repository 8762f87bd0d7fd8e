namespace AhiTools.HealthImaging
{
    /// <summary>What became of a write whose response was lost: applied (with the result it would have had), not applied, or unknown.</summary>
    internal sealed class LostWriteVerdict
    {
        private LostWriteVerdict(ImageSetWriteResult? result, bool notApplied, string? reason, string? otherVersionId)
        {
            Result = result;
            IsNotApplied = notApplied;
            Reason = reason;
            OtherVersionId = otherVersionId;
        }

        /// <summary>The write's own result, found after the fact; null unless it was applied.</summary>
        public ImageSetWriteResult? Result { get; }

        /// <summary>Proven not applied: another writer's version took the place this write would have had.</summary>
        public bool IsNotApplied { get; }

        /// <summary>Why the write was not applied, or why its outcome could not be told.</summary>
        public string? Reason { get; }

        /// <summary>The version another writer made, when <see cref="IsNotApplied"/>.</summary>
        public string? OtherVersionId { get; }

        /// <summary>Applied: <paramref name="result"/> is flagged RecoveredAfterLostResponse.</summary>
        public static LostWriteVerdict Applied(ImageSetWriteResult result)
        {
            result.RecoveredAfterLostResponse = true;
            return new(result, false, null, null);
        }

        public static LostWriteVerdict NotApplied(string reason, string otherVersionId) => new(null, true, reason, otherVersionId);

        public static LostWriteVerdict Unknown(string reason) => new(null, false, reason, null);
    }
}
