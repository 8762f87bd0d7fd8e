namespace AhiTools.Documents
{
    /// <summary>
    /// An instance named by its SOP Instance UID, or by 'SeriesInstanceUID/SOPInstanceUID' when the caller wants to
    /// spare the metadata lookup of its series.
    /// </summary>
    internal static class InstanceReference
    {
        public static bool IsQualified(string reference) => reference.IndexOf('/') >= 0;

        /// <summary>The instance's scope; its series comes from the reference itself or from the metadata.</summary>
        public static ElementScope Resolve(string reference, MetadataIndex? metadata, string where)
        {
            string seriesUid;
            string sopUid;
            int slash = reference.IndexOf('/');
            if (slash >= 0)
            {
                seriesUid = reference.Substring(0, slash).Trim();
                sopUid = reference.Substring(slash + 1).Trim();
                RequireUid(seriesUid, "series", where);
                RequireUid(sopUid, "SOP instance", where);
                if (metadata != null && !metadata.HasInstance(seriesUid, sopUid))
                {
                    throw NotFound(sopUid, where, $" in series {seriesUid}", metadata);
                }

                return ElementScope.ForInstance(seriesUid, sopUid);
            }

            sopUid = reference.Trim();
            RequireUid(sopUid, "SOP instance", where);
            if (metadata is null)
            {
                throw new InvalidOperationException("The metadata is needed to find the series of an instance.");
            }

            string? series = metadata.SeriesOfInstance(sopUid);
            if (series is null)
            {
                throw NotFound(sopUid, where, "", metadata);
            }

            return ElementScope.ForInstance(series, sopUid);
        }

        /// <summary>A valid series UID that, when the metadata is known, the image set has; else the series it resembles.</summary>
        public static void RequireSeries(string seriesUid, MetadataIndex? metadata, string where)
        {
            RequireUid(seriesUid, "series", where);
            if (metadata is null || metadata.HasSeries(seriesUid))
            {
                return;
            }

            string closest = Suggestions.Phrase(Suggestions.Closest(seriesUid, metadata.SeriesUids));
            throw new DocumentValidationException(
                ErrorIds.SeriesNotFound,
                $"{where}: the image set has no series {seriesUid}.{closest} Nothing was sent.",
                "Check the UID against the image set's metadata (Get-AHIImageSetMetadata lists its series under Study.Series).");
        }

        public static void RequireUid(string uid, string what, string where)
        {
            if (!MetadataDocumentNames.IsUid(uid))
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidUid,
                    $"{where}: '{uid}' is not a valid {what} UID (digits separated by dots, no component starting with 0 unless it is 0, at most 64 characters).");
            }
        }

        private static DocumentValidationException NotFound(string sopUid, string where, string inSeries, MetadataIndex metadata) =>
            new(
                ErrorIds.InstanceNotFound,
                $"{where}: the image set has no SOP instance {sopUid}{inSeries}.{Suggestions.Phrase(Suggestions.Closest(sopUid, metadata.InstanceUids))} Nothing was sent.",
                "Check the UID against the image set's metadata, and that the image set is the one you meant.");
    }
}
