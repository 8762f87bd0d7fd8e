namespace AhiTools.Writing
{
    /// <summary>What a write returns when the caller did not wait for its workflow, made from the write's answer.</summary>
    internal static class WriteResults
    {
        /// <summary>An update, revert or copy: the answer's image set (and a copy's source), marked forced as asked.</summary>
        /// <param name="imageSetArn">The ARN of the image set written, which an update's answer leaves out.</param>
        public static ImageSetWriteResult Accepted(ImageSetWriteResult answer, bool forced, string? imageSetArn = null)
        {
            ImageSetVersionState written = answer.ImageSet.Copy();
            written.Forced = forced;
            written.ImageSetArn ??= imageSetArn;
            return new ImageSetWriteResult { ImageSet = written, Source = answer.Source, RecoveredAfterLostResponse = answer.RecoveredAfterLostResponse };
        }

        /// <summary>A delete: the version that was the latest when it was sent, in the state the answer gives.</summary>
        /// <param name="gone">The service no longer knows the image set: it is reported DELETED.</param>
        public static ImageSetWriteResult Deleted(ImageSetWriteResult answer, ImageSetVersionState deleted, bool gone = false)
        {
            ImageSetVersionState state = deleted.Copy();
            state.ImageSetState = gone ? WorkflowStatus.DeletedState : answer.ImageSet.ImageSetState;
            state.WorkflowStatus = gone ? WorkflowStatus.DeletedState : answer.ImageSet.WorkflowStatus;
            state.Message = null;
            return new ImageSetWriteResult { ImageSet = state, RecoveredAfterLostResponse = answer.RecoveredAfterLostResponse };
        }

        /// <summary>A write the caller waited for: the image set (and a copy's source) as its workflow left it.</summary>
        public static ImageSetWriteResult Finished(ImageSetVersionState written, ImageSetVersionState? source = null) =>
            new() { ImageSet = written, Source = source };
    }
}
