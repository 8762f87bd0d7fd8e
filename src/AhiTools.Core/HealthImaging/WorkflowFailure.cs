namespace AhiTools.HealthImaging
{
    /// <summary>When a finished wait is a failure of its item: a deleted image set, or a workflow that ended _FAILED.</summary>
    internal static class WorkflowFailure
    {
        /// <summary>COPY_FAILED, UPDATE_FAILED and IMPORT_FAILED, and a deleted image set, are failures of that item; null otherwise.</summary>
        public static ImageSetStateException? Of(ImageSetVersionState finished)
        {
            if (WorkflowStatus.IsDeleted(finished))
            {
                return new ImageSetStateException(
                    ErrorIds.ImageSetDeleted,
                    ErrorKind.NotFound,
                    $"Image set {finished.ImageSetId} is deleted ({finished.WorkflowStatus}).",
                    "Nothing is left to wait for; remove the image set from the input.",
                    finished);
            }

            if (!WorkflowStatus.IsFailed(finished))
            {
                return null;
            }

            (string errorId, string advice) = finished.WorkflowStatus!.ToUpperInvariant() switch
            {
                "COPY_FAILED" => (ErrorIds.CopyFailed, "Read the message; when the Patient, Study or Series metadata of the two image sets differ, copy again with Copy-AHIImageSet -Force."),
                "IMPORT_FAILED" => (ErrorIds.ImportFailed, "Read the message and import the study again."),
                _ => (ErrorIds.UpdateFailed, $"The image set keeps its earlier metadata. Read the message, correct the change, and run it again (see Get-AHIImageSetVersion -ImageSetId {finished.ImageSetId})."),
            };

            return new ImageSetStateException(
                errorId,
                ErrorKind.WorkflowFailed,
                $"Image set {finished.ImageSetId} version {finished.VersionId} ended {finished.WorkflowStatus}: {finished.Message ?? "the service gave no message"}",
                advice,
                finished);
        }
    }
}
