namespace AhiTools.HealthImaging
{
    /// <summary>What became of a write whose response was lost: applied (with the result it would have had), not applied, or unknown.</summary>
    internal sealed class LostWriteVerdict<T>
        where T : class
    {
        private LostWriteVerdict(T? result, bool notApplied, string? reason, string? otherVersionId)
        {
            Result = result;
            IsNotApplied = notApplied;
            Reason = reason;
            OtherVersionId = otherVersionId;
        }

        /// <summary>The write's own result, found after the fact; null unless it was applied.</summary>
        public T? Result { get; }

        /// <summary>Proven not applied: another writer's version took the place this write would have had.</summary>
        public bool IsNotApplied { get; }

        /// <summary>Why the write was not applied, or why its outcome could not be told.</summary>
        public string? Reason { get; }

        /// <summary>The version another writer made, when <see cref="IsNotApplied"/>.</summary>
        public string? OtherVersionId { get; }

        public static LostWriteVerdict<T> Applied(T result) => new(result, false, null, null);

        public static LostWriteVerdict<T> NotApplied(string reason, string otherVersionId) => new(null, true, reason, otherVersionId);

        public static LostWriteVerdict<T> Unknown(string reason) => new(null, false, reason, null);

        /// <summary>The same verdict for another result type; only a verdict without a result can be converted.</summary>
        public LostWriteVerdict<TOther> As<TOther>()
            where TOther : class
        {
            return IsNotApplied ? LostWriteVerdict<TOther>.NotApplied(Reason!, OtherVersionId!) : LostWriteVerdict<TOther>.Unknown(Reason!);
        }
    }
}
