using System.Collections;

namespace AhiTools.Documents
{
    /// <summary>
    /// What Update-AHIImageSetMetadata was asked to change, as the user gave it: level hashtables keyed by keyword,
    /// series and instance updates keyed by UID, removals, private tags, and raw documents.
    /// </summary>
    internal sealed class MetadataUpdateSpecification
    {
        /// <summary>Keyword → value, or keyword → @{ Value = …; VR = … }.</summary>
        public IDictionary? Patient { get; set; }

        public IDictionary? Study { get; set; }

        /// <summary>SeriesInstanceUID → hashtable of elements.</summary>
        public IDictionary? Series { get; set; }

        /// <summary>SOPInstanceUID (or 'SeriesInstanceUID/SOPInstanceUID') → hashtable of elements.</summary>
        public IDictionary? Instance { get; set; }

        /// <summary>Private tag (8 hex digits) → @{ Value = …; VR = … }, set on every instance of <see cref="PrivateTagInstances"/>.</summary>
        public IDictionary? PrivateTag { get; set; }

        public IReadOnlyList<string> PrivateTagInstances { get; set; } = Array.Empty<string>();

        /// <summary>'Patient.Keyword', 'Study.Keyword', 'Series.&lt;uid&gt;.Keyword' or 'Instance.&lt;sop&gt;.Keyword'.</summary>
        public IReadOnlyList<string> RemoveAttribute { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> RemoveSeries { get; set; } = Array.Empty<string>();

        /// <summary>SOPInstanceUID or 'SeriesInstanceUID/SOPInstanceUID'.</summary>
        public IReadOnlyList<string> RemoveInstance { get; set; } = Array.Empty<string>();

        public JsonObject? UpdatableAttributes { get; set; }

        public JsonObject? RemovableAttributes { get; set; }

        public bool IsEmpty =>
            IsNullOrEmpty(Patient) && IsNullOrEmpty(Study) && IsNullOrEmpty(Series) && IsNullOrEmpty(Instance)
            && IsNullOrEmpty(PrivateTag) && RemoveAttribute.Count == 0 && RemoveSeries.Count == 0
            && RemoveInstance.Count == 0 && UpdatableAttributes is null && RemovableAttributes is null;

        /// <summary>
        /// True when building the documents needs the image set's current metadata: series (checked to exist, since an
        /// update naming an absent series fails only after making a version), instances named without their series,
        /// and removals (whose targets are checked and whose current values are sent).
        /// </summary>
        public bool NeedsMetadata
        {
            get
            {
                if (RemoveAttribute.Count > 0 || RemoveSeries.Count > 0 || RemoveInstance.Count > 0 || !IsNullOrEmpty(Series))
                {
                    return true;
                }

                if (Instance != null)
                {
                    foreach (object? key in Instance.Keys)
                    {
                        if (!InstanceReference.IsQualified(Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture) ?? ""))
                        {
                            return true;
                        }
                    }
                }

                foreach (string sop in PrivateTagInstances)
                {
                    if (!InstanceReference.IsQualified(sop))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        private static bool IsNullOrEmpty(IDictionary? dictionary) => dictionary is null || dictionary.Count == 0;
    }
}
