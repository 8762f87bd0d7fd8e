namespace AhiTools
{
    /// <summary>The one mapping from the core's records to each output type.</summary>
    internal static class OutputMapping
    {
        public static ImageSetVersion ToVersion(ImageSetVersionState state)
        {
            ImageSetVersion version = Fill(new ImageSetVersion(), state);
            version.DeletedAt = state.DeletedAt;
            version.IsPrimary = state.IsPrimary;
            return version;
        }

        public static ImageSet ToImageSet(ImageSetVersionState state) => Fill(new ImageSet(), state);

        /// <summary>An image set as a write left it; a copy's source in <see cref="ImageSet.Source"/>.</summary>
        public static ImageSet ToImageSet(ImageSetWriteResult written)
        {
            ImageSet imageSet = ToImageSet(written.ImageSet);
            imageSet.Source = written.Source is null ? null : ToImageSet(written.Source);
            return imageSet;
        }

        /// <summary>An error's target as users see it: an image set version the core names becomes an ImageSet.</summary>
        public static object? ToErrorTarget(object? target) => target is ImageSetVersionState state ? ToImageSet(state) : target;

        public static ImageSetSummary ToSummary(ImageSetSearchHit hit)
        {
            IReadOnlyDictionary<string, object?> tags = hit.DicomTags;
            return new ImageSetSummary
            {
                DatastoreId = hit.DatastoreId,
                ImageSetId = hit.ImageSetId,
                VersionId = hit.VersionId is null ? (long?)null : VersionNumber.Parse(hit.VersionId),
                CreatedAt = hit.CreatedAt,
                UpdatedAt = hit.UpdatedAt,
                LastAccessedAt = hit.LastAccessedAt,
                IsPrimary = hit.IsPrimary,
                StorageTier = hit.StorageTier,
                PatientId = Text(tags, "DICOMPatientId"),
                PatientName = Text(tags, "DICOMPatientName"),
                PatientBirthDate = Text(tags, "DICOMPatientBirthDate"),
                PatientSex = Text(tags, "DICOMPatientSex"),
                StudyInstanceUID = Text(tags, "DICOMStudyInstanceUID"),
                StudyId = Text(tags, "DICOMStudyId"),
                StudyDescription = Text(tags, "DICOMStudyDescription"),
                StudyDate = Text(tags, "DICOMStudyDate"),
                StudyTime = Text(tags, "DICOMStudyTime"),
                AccessionNumber = Text(tags, "DICOMAccessionNumber"),
                NumberOfStudyRelatedSeries = Number(tags, "DICOMNumberOfStudyRelatedSeries"),
                NumberOfStudyRelatedInstances = Number(tags, "DICOMNumberOfStudyRelatedInstances"),
                SeriesInstanceUID = Text(tags, "DICOMSeriesInstanceUID"),
                SeriesModality = Text(tags, "DICOMSeriesModality"),
                SeriesBodyPart = Text(tags, "DICOMSeriesBodyPart"),
                SeriesNumber = Number(tags, "DICOMSeriesNumber"),
            };
        }

        /// <summary>What ImageSet and ImageSetVersion share, filled the same way for both.</summary>
        private static T Fill<T>(T output, ImageSetVersionState state)
            where T : IImageSetVersionOutput
        {
            output.DatastoreId = state.DatastoreId;
            output.ImageSetId = state.ImageSetId;
            output.VersionId = VersionNumber.Parse(state.VersionId);
            output.State = state.ImageSetState;
            output.WorkflowStatus = state.WorkflowStatus;
            output.CreatedAt = state.CreatedAt;
            output.UpdatedAt = state.UpdatedAt;
            output.Message = state.Message;
            output.Forced = state.Forced;
            output.ImageSetArn = state.ImageSetArn;
            return output;
        }

        private static string? Text(IReadOnlyDictionary<string, object?> tags, string name) =>
            tags.TryGetValue(name, out object? value) && value != null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

        private static int? Number(IReadOnlyDictionary<string, object?> tags, string name) =>
            tags.TryGetValue(name, out object? value) && value is long whole && whole >= int.MinValue && whole <= int.MaxValue ? (int)whole : (int?)null;
    }

    /// <summary>
    /// The members ImageSet and ImageSetVersion share, so that one mapping fills both. Internal: users see two
    /// classes with their own properties, in the order they always had.
    /// </summary>
    internal interface IImageSetVersionOutput
    {
        string DatastoreId { get; set; }

        string ImageSetId { get; set; }

        long VersionId { get; set; }

        string? State { get; set; }

        string? WorkflowStatus { get; set; }

        DateTimeOffset? CreatedAt { get; set; }

        DateTimeOffset? UpdatedAt { get; set; }

        string? Message { get; set; }

        bool Forced { get; set; }

        string? ImageSetArn { get; set; }
    }
}
