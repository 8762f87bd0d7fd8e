namespace AhiTools.HealthImaging
{
    /// <summary>
    /// What an image set's state and workflow status mean, decided once for the whole module. The service answers in
    /// capitals, but every comparison ignores case, so that a differently cased answer is read the same everywhere.
    /// A workflow failure is any status ending in _FAILED (COPY_FAILED, UPDATE_FAILED, IMPORT_FAILED today), so that
    /// a failure status added later is not taken for success.
    /// </summary>
    internal static class WorkflowStatus
    {
        public const string LockedState = "LOCKED";
        public const string DeletedState = "DELETED";

        private const string FailedSuffix = "_FAILED";

        /// <summary>Compares states and workflow statuses.</summary>
        public static StringComparer Comparer { get; } = StringComparer.OrdinalIgnoreCase;

        public static bool IsLocked(ImageSetVersionState properties) => Comparer.Equals(properties.ImageSetState ?? "", LockedState);

        public static bool IsDeleted(ImageSetVersionState properties) =>
            Comparer.Equals(properties.ImageSetState ?? "", DeletedState) || properties.DeletedAt.HasValue;

        public static bool IsFailed(ImageSetVersionState properties) => IsFailed(properties.WorkflowStatus);

        public static bool IsFailed(string? status) => status != null && status.EndsWith(FailedSuffix, StringComparison.OrdinalIgnoreCase);

        /// <summary>A set of workflow statuses compared the same way.</summary>
        public static HashSet<string> SetOf(params string[] statuses) => new(statuses, Comparer);
    }
}
