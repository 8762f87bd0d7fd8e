namespace AhiTools.LocalService.Store
{
    /// <summary>One version of an image set. Guarded by <see cref="ServiceState.Gate"/>.</summary>
    public sealed class ImageSetVersionRecord
    {
        public ImageSetVersionRecord(string versionId, StoredDocument document, DateTimeOffset createdAt)
        {
            VersionId = versionId;
            Document = document;
            CreatedAt = createdAt;
            UpdatedAt = createdAt;
        }

        public string VersionId { get; }
        public string State { get; set; } = ImageSetStates.Active;
        public string? WorkflowStatus { get; set; } = ImageSetStates.Created;
        public string? Message { get; set; }
        public bool Forced { get; set; }
        public bool IsPrimary { get; set; }
        public DateTimeOffset CreatedAt { get; }
        public DateTimeOffset UpdatedAt { get; set; }
        public DateTimeOffset? DeletedAt { get; set; }
        public StoredDocument Document { get; set; }

        /// <summary>What this version becomes when its asynchronous workflow finishes; null when it is settled.</summary>
        public PendingOutcome? Pending { get; set; }
    }

    /// <summary>The result of an accepted write, revealed when the workflow delay has passed.</summary>
    public sealed class PendingOutcome
    {
        public PendingOutcome(StoredDocument document, string finalState, string finalWorkflowStatus, DateTimeOffset dueAt)
        {
            Document = document;
            FinalState = finalState;
            FinalWorkflowStatus = finalWorkflowStatus;
            DueAt = dueAt;
        }

        public StoredDocument Document { get; }
        public string FinalState { get; }
        public string FinalWorkflowStatus { get; }
        public DateTimeOffset DueAt { get; }
        public string? Message { get; set; }
        public bool Forced { get; set; }

        /// <summary>For copies: the source image set to unlock when this finishes.</summary>
        public string? SourceImageSetId { get; set; }

        /// <summary>Copy and Update count against the concurrent-writes quota until they finish; Delete does not.</summary>
        public bool HoldsWriteSlot { get; set; }
    }
}
