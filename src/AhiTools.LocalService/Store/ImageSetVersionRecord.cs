namespace AhiTools.LocalService.Store
{
    /// <summary>One version of an image set. Guarded by <see cref="ServiceState.Gate"/>.</summary>
    public sealed class ImageSetVersionRecord(string versionId, StoredDocument document, DateTimeOffset createdAt)
    {
        public string VersionId { get; } = versionId;
        public string State { get; set; } = ImageSetStates.Active;
        public string? WorkflowStatus { get; set; } = ImageSetStates.Created;
        public string? Message { get; set; }
        public bool Forced { get; set; }
        public bool IsPrimary { get; set; }
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public DateTimeOffset UpdatedAt { get; set; } = createdAt;
        public DateTimeOffset? DeletedAt { get; set; }
        public StoredDocument Document { get; set; } = document;

        /// <summary>What this version becomes when its asynchronous workflow finishes; null when it is settled.</summary>
        public PendingOutcome? Pending { get; set; }
    }

    /// <summary>The result of an accepted write, revealed when the workflow delay has passed.</summary>
    public sealed class PendingOutcome(StoredDocument document, string finalState, string finalWorkflowStatus, DateTimeOffset dueAt)
    {
        public StoredDocument Document { get; } = document;
        public string FinalState { get; } = finalState;
        public string FinalWorkflowStatus { get; } = finalWorkflowStatus;
        public DateTimeOffset DueAt { get; } = dueAt;
        public string? Message { get; set; }
        public bool Forced { get; set; }

        /// <summary>For copies: the source image set to unlock when this finishes.</summary>
        public string? SourceImageSetId { get; set; }

        /// <summary>Copy and Update count against the concurrent-writes quota until they finish; Delete does not.</summary>
        public bool HoldsWriteSlot { get; set; }
    }
}
