namespace AhiTools.Commands
{
    /// <summary>
    /// The change one series or instance row piped into Update-AHIImageSetMetadata asks for. -Series given as elements
    /// (@{ SeriesDescription = 'AXIAL' }) rather than keyed by UID is set on the row's series; -Instance given as
    /// elements is set on the row's instance. Everything else is as given (a script block parameter is already
    /// evaluated for the row by PowerShell).
    /// </summary>
    internal static class RowChanges
    {
        public static MetadataUpdateSpecification For(ImageSetMetadataRow row, MetadataUpdateSpecification change)
        {
            if (row is ImageSetSeries && NamesElements(change.Series))
            {
                change.Series = new Hashtable(StringComparer.Ordinal) { [row.SeriesInstanceUID] = change.Series };
            }

            if (row is ImageSetInstance instance && NamesElements(change.Instance))
            {
                change.Instance = new Hashtable(StringComparer.Ordinal) { [$"{row.SeriesInstanceUID}/{instance.SOPInstanceUID}"] = change.Instance };
            }

            return change;
        }

        /// <summary>A map whose keys are element names (keywords or tags), not series or instance UIDs.</summary>
        private static bool NamesElements(IDictionary? map) =>
            map != null && map.Count > 0 && map.Keys.Cast<object?>().All(key =>
            {
                string name = Convert.ToString(PowerShellValues.Unwrap(key), CultureInfo.InvariantCulture) ?? "";
                return name.IndexOf('/') < 0 && !(name.IndexOf('.') >= 0 && MetadataDocumentNames.IsUid(name));
            });
    }
}
