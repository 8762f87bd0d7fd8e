namespace AhiTools.Loading
{
    /// <summary>
    /// The default views of the module's output types. Built as objects rather than read from a format file: PowerShell
    /// loads its own built-in views the same way, so importing the module runs none of PowerShell's XML format loader.
    /// </summary>
    internal static class FormatViews
    {
        private const string LocalTime = "ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss')";
        private const string ImageSetAndVersion = "\"$($_.ImageSetId) (version $($_.VersionId))\"";

        public static IEnumerable<ExtendedTypeDefinition> All()
        {
            yield return View("AhiTools.Datastore", TableControl.Create(false, false, false)
                .AddHeader(Alignment.Undefined, 0, "DatastoreId")
                .AddHeader(Alignment.Undefined, 0, "DatastoreName")
                .AddHeader(Alignment.Undefined, 0, "Status")
                .AddHeader(Alignment.Undefined, 0, "CreatedAt")
                .StartRowDefinition(false, null, null)
                    .AddPropertyColumn("DatastoreId", Alignment.Undefined, null)
                    .AddPropertyColumn("DatastoreName", Alignment.Undefined, null)
                    .AddPropertyColumn("Status", Alignment.Undefined, null)
                    .AddScriptBlockColumn("if ($_.CreatedAt) { $_.CreatedAt." + LocalTime + " }", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View("AhiTools.ImageSetSummary", TableControl.Create(false, false, false)
                .AddHeader(Alignment.Undefined, 0, "ImageSetId")
                .AddHeader(Alignment.Right, 0, "VersionId")
                .AddHeader(Alignment.Undefined, 0, "StudyDate")
                .AddHeader(Alignment.Undefined, 0, "Modality")
                .AddHeader(Alignment.Undefined, 0, "StudyDescription")
                .AddHeader(Alignment.Undefined, 0, "IsPrimary")
                .AddHeader(Alignment.Undefined, 0, "UpdatedAt")
                .StartRowDefinition(false, null, null)
                    .AddPropertyColumn("ImageSetId", Alignment.Undefined, null)
                    .AddPropertyColumn("VersionId", Alignment.Undefined, null)
                    .AddPropertyColumn("StudyDate", Alignment.Undefined, null)
                    .AddPropertyColumn("SeriesModality", Alignment.Undefined, null)
                    .AddPropertyColumn("StudyDescription", Alignment.Undefined, null)
                    .AddPropertyColumn("IsPrimary", Alignment.Undefined, null)
                    .AddScriptBlockColumn("if ($_.UpdatedAt) { $_.UpdatedAt." + LocalTime + " }", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View("AhiTools.ImageSetVersion", TableControl.Create(false, false, false)
                .GroupByProperty("ImageSetId", null, "ImageSetId")
                .AddHeader(Alignment.Right, 0, "VersionId")
                .AddHeader(Alignment.Undefined, 0, "State")
                .AddHeader(Alignment.Undefined, 0, "WorkflowStatus")
                .AddHeader(Alignment.Undefined, 0, "Forced")
                .AddHeader(Alignment.Undefined, 0, "UpdatedAt")
                .AddHeader(Alignment.Undefined, 0, "Message")
                .StartRowDefinition(false, null, null)
                    .AddPropertyColumn("VersionId", Alignment.Undefined, null)
                    .AddPropertyColumn("State", Alignment.Undefined, null)
                    .AddPropertyColumn("WorkflowStatus", Alignment.Undefined, null)
                    .AddPropertyColumn("Forced", Alignment.Undefined, null)
                    .AddScriptBlockColumn("if ($_.UpdatedAt) { $_.UpdatedAt." + LocalTime + " }", Alignment.Undefined, null)
                    .AddPropertyColumn("Message", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View("AhiTools.ImageSet", TableControl.Create(false, false, false)
                .AddHeader(Alignment.Undefined, 0, "ImageSetId")
                .AddHeader(Alignment.Right, 0, "VersionId")
                .AddHeader(Alignment.Undefined, 0, "State")
                .AddHeader(Alignment.Undefined, 0, "WorkflowStatus")
                .AddHeader(Alignment.Undefined, 0, "Forced")
                .AddHeader(Alignment.Undefined, 0, "Message")
                .StartRowDefinition(false, null, null)
                    .AddPropertyColumn("ImageSetId", Alignment.Undefined, null)
                    .AddPropertyColumn("VersionId", Alignment.Undefined, null)
                    .AddPropertyColumn("State", Alignment.Undefined, null)
                    .AddPropertyColumn("WorkflowStatus", Alignment.Undefined, null)
                    .AddPropertyColumn("Forced", Alignment.Undefined, null)
                    .AddPropertyColumn("Message", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View("AhiTools.LocalServiceInstance", TableControl.Create(false, false, false)
                .AddHeader(Alignment.Undefined, 0, "EndpointUrl")
                .AddHeader(Alignment.Right, 0, "ProcessId")
                .AddHeader(Alignment.Undefined, 0, "DatastoreIds")
                .AddHeader(Alignment.Undefined, 0, "HasExited")
                .StartRowDefinition(false, null, null)
                    .AddPropertyColumn("EndpointUrl", Alignment.Undefined, null)
                    .AddPropertyColumn("ProcessId", Alignment.Undefined, null)
                    .AddScriptBlockColumn("$_.DatastoreIds -join ', '", Alignment.Undefined, null)
                    .AddPropertyColumn("HasExited", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View("AhiTools.ImageSetMetadataDifference", TableControl.Create(false, false, false)
                .GroupByScriptBlock("\"$($_.ImageSetId) (version $($_.ReferenceVersionId) -> $($_.DifferenceVersionId))\"", null, "ImageSetId")
                .AddHeader(Alignment.Undefined, 0, "Change")
                .AddHeader(Alignment.Undefined, 0, "Level")
                .AddHeader(Alignment.Undefined, 0, "UID")
                .AddHeader(Alignment.Undefined, 0, "Element")
                .AddHeader(Alignment.Undefined, 0, "OldValue")
                .AddHeader(Alignment.Undefined, 0, "NewValue")
                .StartRowDefinition(false, null, null)
                    .AddPropertyColumn("Change", Alignment.Undefined, null)
                    .AddPropertyColumn("Level", Alignment.Undefined, null)
                    .AddScriptBlockColumn("if ($_.SOPInstanceUID) { $_.SOPInstanceUID } else { $_.SeriesInstanceUID }", Alignment.Undefined, null)
                    .AddPropertyColumn("Element", Alignment.Undefined, null)
                    .AddPropertyColumn("OldValue", Alignment.Undefined, null)
                    .AddPropertyColumn("NewValue", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View("AhiTools.ImageSetSeries", TableControl.Create(false, false, false)
                .GroupByScriptBlock(ImageSetAndVersion, null, "Image set")
                .AddHeader(Alignment.Right, 0, "SeriesNumber")
                .AddHeader(Alignment.Undefined, 0, "Modality")
                .AddHeader(Alignment.Undefined, 0, "SeriesDescription")
                .AddHeader(Alignment.Right, 0, "Instances")
                .AddHeader(Alignment.Undefined, 0, "SeriesInstanceUID")
                .StartRowDefinition(false, null, null)
                    .AddPropertyColumn("SeriesNumber", Alignment.Undefined, null)
                    .AddPropertyColumn("Modality", Alignment.Undefined, null)
                    .AddPropertyColumn("SeriesDescription", Alignment.Undefined, null)
                    .AddPropertyColumn("InstanceCount", Alignment.Undefined, null)
                    .AddPropertyColumn("SeriesInstanceUID", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View("AhiTools.ImageSetInstance", TableControl.Create(false, false, false)
                .GroupByScriptBlock(ImageSetAndVersion, null, "Image set")
                .AddHeader(Alignment.Right, 0, "SeriesNumber")
                .AddHeader(Alignment.Right, 0, "InstanceNumber")
                .AddHeader(Alignment.Undefined, 0, "Modality")
                .AddHeader(Alignment.Undefined, 0, "SeriesDescription")
                .AddHeader(Alignment.Undefined, 0, "SOPInstanceUID")
                .StartRowDefinition(false, null, null)
                    .AddPropertyColumn("SeriesNumber", Alignment.Undefined, null)
                    .AddPropertyColumn("InstanceNumber", Alignment.Undefined, null)
                    .AddPropertyColumn("Modality", Alignment.Undefined, null)
                    .AddPropertyColumn("SeriesDescription", Alignment.Undefined, null)
                    .AddPropertyColumn("SOPInstanceUID", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View("AhiTools.ImageSetMetadataFile", TableControl.Create(false, false, false)
                .AddHeader(Alignment.Undefined, 0, "ImageSetId")
                .AddHeader(Alignment.Right, 0, "VersionId")
                .AddHeader(Alignment.Right, 0, "Length")
                .AddHeader(Alignment.Undefined, 0, "Path")
                .StartRowDefinition(false, null, null)
                    .AddPropertyColumn("ImageSetId", Alignment.Undefined, null)
                    .AddPropertyColumn("VersionId", Alignment.Undefined, null)
                    .AddPropertyColumn("Length", Alignment.Undefined, null)
                    .AddPropertyColumn("Path", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

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
                    .AddItemScriptBlock(
                        "$n = 0; if ($_.Study.Series) { foreach ($s in $_.Study.Series.PSObject.Properties) { if ($s.Value.Instances) { $n += @($s.Value.Instances.PSObject.Properties).Count } } }; $n", "Instances", null)
                    .AddItemScriptBlock(
                        "if ($_.Study.Series) { (@(foreach ($s in $_.Study.Series.PSObject.Properties) { if ($s.Value.DICOM) { $s.Value.DICOM.Modality } }) | Select-Object -Unique) -join ', ' }", "Modalities", null)
                .EndEntry()
                .EndList());
        }

        private static ExtendedTypeDefinition View(string typeName, PSControl control) =>
            new(typeName, new[] { new FormatViewDefinition(typeName, control) });
    }
}
