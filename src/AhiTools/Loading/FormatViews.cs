namespace AhiTools.Loading
{
    /// <summary>
    /// The default views of the module's output types. Built as objects rather than read from a format file: PowerShell
    /// loads its own built-in views the same way, so importing the module runs none of PowerShell's XML format loader.
    /// </summary>
    internal static class FormatViews
    {
        private const string ImageSetAndVersion = "\"$($_.ImageSetId) (version $($_.VersionId))\"";

        public static IEnumerable<ExtendedTypeDefinition> All()
        {
            yield return Table("AhiTools.Datastore", null, Left("DatastoreId"), Left("DatastoreName"), Left("Status"), LocalTimeOf("CreatedAt"));

            yield return Table(
                "AhiTools.ImageSetSummary",
                null,
                Left("ImageSetId"), Right("VersionId"), Left("StudyDate"), Left("SeriesModality", "Modality"), Left("StudyDescription"), Left("IsPrimary"), LocalTimeOf("UpdatedAt"));

            yield return Table(
                "AhiTools.ImageSetVersion",
                table => table.GroupByProperty("ImageSetId", null, "ImageSetId"),
                Right("VersionId"), Left("State"), Left("WorkflowStatus"), Left("Forced"), LocalTimeOf("UpdatedAt"), Left("Message"));

            yield return Table("AhiTools.ImageSet", null, Left("ImageSetId"), Right("VersionId"), Left("State"), Left("WorkflowStatus"), Left("Forced"), Left("Message"));

            yield return Table("AhiTools.LocalServiceInstance", null, Left("EndpointUrl"), Right("ProcessId"), Script("DatastoreIds", "$_.DatastoreIds -join ', '"), Left("HasExited"));

            yield return Table(
                "AhiTools.ImageSetMetadataDifference",
                table => table.GroupByScriptBlock("\"$($_.ImageSetId) (version $($_.ReferenceVersionId) -> $($_.DifferenceVersionId))\"", null, "ImageSetId"),
                Left("Change"), Left("Level"), Script("UID", "if ($_.SOPInstanceUID) { $_.SOPInstanceUID } else { $_.SeriesInstanceUID }"), Left("Element"), Left("OldValue"), Left("NewValue"));

            yield return Table(
                "AhiTools.ImageSetSeries",
                table => table.GroupByScriptBlock(ImageSetAndVersion, null, "Image set"),
                Right("SeriesNumber"), Left("Modality"), Left("SeriesDescription"), Right("InstanceCount", "Instances"), Left("SeriesInstanceUID"));

            yield return Table(
                "AhiTools.ImageSetInstance",
                table => table.GroupByScriptBlock(ImageSetAndVersion, null, "Image set"),
                Right("SeriesNumber"), Right("InstanceNumber"), Left("Modality"), Left("SeriesDescription"), Left("SOPInstanceUID"));

            yield return Table("AhiTools.ImageSetMetadataFile", null, Left("ImageSetId"), Right("VersionId"), Right("Length"), Left("Path"));

            yield return View("AhiTools.ImageSetMetadata", ListControl.Create(false)
                .StartEntry(null, null)
                    .AddItemProperty("DatastoreId", null, null)
                    .AddItemProperty("ImageSetId", null, null)
                    .AddItemProperty("VersionId", null, null)
                    .AddItemScriptBlock("$d = $_.Patient.DICOM; if ($d) { $d.PatientName }", "PatientName", null)
                    .AddItemScriptBlock("$d = $_.Patient.DICOM; if ($d) { $d.PatientID }", "PatientID", null)
                    .AddItemScriptBlock("$d = $_.Patient.DICOM; if ($d) { $d.PatientBirthDate }", "PatientBirthDate", null)
                    .AddItemScriptBlock("$d = $_.Patient.DICOM; if ($d) { $d.PatientSex }", "PatientSex", null)
                    .AddItemScriptBlock("$d = $_.Study.DICOM; if ($d) { $d.StudyInstanceUID }", "StudyInstanceUID", null)
                    .AddItemScriptBlock("$d = $_.Study.DICOM; if ($d) { $d.StudyDate }", "StudyDate", null)
                    .AddItemScriptBlock("$d = $_.Study.DICOM; if ($d) { $d.StudyDescription }", "StudyDescription", null)
                    .AddItemScriptBlock("$d = $_.Study.DICOM; if ($d) { $d.AccessionNumber }", "AccessionNumber", null)
                    .AddItemScriptBlock("@(if ($_.Study.Series) { $_.Study.Series.PSObject.Properties }).Count", "Series", null)
                    // No number literal in these scripts: the views are parsed when the session's first AhiTools cmdlet
                    // adds them, and PowerShell's first number literal in a session runs its BigInteger parsing for the
                    // first time (4 ms in a sampled trace).
                    .AddItemScriptBlock(
                        "@(if ($_.Study.Series) { foreach ($s in $_.Study.Series.PSObject.Properties) { if ($s.Value.Instances) { $s.Value.Instances.PSObject.Properties } } }).Count", "Instances", null)
                    .AddItemScriptBlock(
                        "if ($_.Study.Series) { (@(foreach ($s in $_.Study.Series.PSObject.Properties) { if ($s.Value.DICOM) { $s.Value.DICOM.Modality } }) | Select-Object -Unique) -join ', ' }", "Modalities", null)
                .EndEntry()
                .EndList());
        }

        /// <summary>A table view: a header per column (aligned as the column says), then one row filled from the columns.</summary>
        private static ExtendedTypeDefinition Table(string typeName, Func<TableControlBuilder, TableControlBuilder>? group, params Column[] columns)
        {
            TableControlBuilder table = TableControl.Create(false, false, false);
            table = group?.Invoke(table) ?? table;
            foreach (Column column in columns)
            {
                table.AddHeader(column.Alignment, 0, column.Header);
            }

            TableRowDefinitionBuilder row = table.StartRowDefinition(false, null, null);
            foreach (Column column in columns)
            {
                row = column.Script is null
                    ? row.AddPropertyColumn(column.Property!, Alignment.Undefined, null)
                    : row.AddScriptBlockColumn(column.Script, Alignment.Undefined, null);
            }

            return View(typeName, row.EndRowDefinition().EndTable());
        }

        private static Column Left(string property, string? header = null) => new(header ?? property, property, null, Alignment.Undefined);

        private static Column Right(string property, string? header = null) => new(header ?? property, property, null, Alignment.Right);

        private static Column Script(string header, string script) => new(header, null, script, Alignment.Undefined);

        /// <summary>
        /// A time shown in the local time zone, blank when the object has none. A property and the format operator, no
        /// method call: the views work in ConstrainedLanguage mode, where a method of DateTimeOffset cannot be called.
        /// </summary>
        private static Column LocalTimeOf(string property) =>
            Script(property, $"if ($_.{property}) {{ '{{0:yyyy-MM-dd HH:mm:ss}}' -f $_.{property}.LocalDateTime }}");

        private static ExtendedTypeDefinition View(string typeName, PSControl control) =>
            new(typeName, new[] { new FormatViewDefinition(typeName, control) });

        /// <summary>A table column: its header and alignment, and the property (or else the script) that fills it.</summary>
        private sealed class Column(string header, string? property, string? script, Alignment alignment)
        {
            public string Header { get; } = header;

            public string? Property { get; } = property;

            public string? Script { get; } = script;

            public Alignment Alignment { get; } = alignment;
        }
    }
}
