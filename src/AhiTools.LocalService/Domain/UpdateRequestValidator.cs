using static AhiTools.LocalService.Domain.MetadataDocumentShape;

namespace AhiTools.LocalService.Domain
{
    /// <summary>Checks one DICOMUpdates document (updatableAttributes or removableAttributes) against the shape and the force rules.
    /// Messages name members, elements and UIDs, never element values (they may be patient data).</summary>
    internal sealed class UpdateRequestValidator(string documentName, bool isRemoval, bool force)
    {
        public static void CheckUpdatable(JsonObject document, bool force) => new UpdateRequestValidator("updatableAttributes", false, force).Check(document);

        public static void CheckRemovable(JsonObject document, bool force) => new UpdateRequestValidator("removableAttributes", true, force).Check(document);

        private void Check(JsonObject document)
        {
            RequireSupportedSchemaVersion(document, documentName);
            foreach (var member in document)
            {
                switch (member.Key)
                {
                    case SchemaVersion:
                        break;
                    case Patient:
                        CheckPatient(RequireObject(member.Value, Where(Patient)));
                        break;
                    case Study:
                        CheckStudy(RequireObject(member.Value, Where(Study)));
                        break;
                    default:
                        throw UnexpectedMember(member.Key, documentName);
                }
            }
        }

        private void CheckPatient(JsonObject patient)
        {
            foreach (var member in patient)
            {
                if (member.Key != Dicom)
                    throw UnexpectedMember(member.Key, Where(Patient));
                CheckDicom(RequireObject(member.Value, Where("Patient.DICOM")), MetadataLevel.Patient, Where("Patient.DICOM"));
            }
        }

        private void CheckStudy(JsonObject study)
        {
            foreach (var member in study)
            {
                switch (member.Key)
                {
                    case Dicom:
                        CheckDicom(RequireObject(member.Value, Where("Study.DICOM")), MetadataLevel.Study, Where("Study.DICOM"));
                        break;
                    case Series:
                        foreach (var series in RequireObject(member.Value, Where("Study.Series")))
                            CheckSeries(series.Key, RequireObject(series.Value, Where($"Study.Series.{series.Key}")));
                        break;
                    default:
                        throw UnexpectedMember(member.Key, Where(Study));
                }
            }
        }

        private void CheckSeries(string seriesUid, JsonObject series)
        {
            string where = Where($"Study.Series.{seriesUid}");
            CheckEntry(series, seriesUid, "series", "SeriesInstanceUID");
            foreach (var member in series)
            {
                if (member.Key == Instances)
                {
                    foreach (var instance in RequireObject(member.Value, where + ".Instances"))
                        CheckInstance(seriesUid, instance.Key, RequireObject(instance.Value, $"{where}.Instances.{instance.Key}"));
                }
                else
                {
                    CheckElements(member, MetadataLevel.Series, where);
                }
            }
        }

        private void CheckInstance(string seriesUid, string sopInstanceUid, JsonObject instance)
        {
            string where = Where($"Study.Series.{seriesUid}.Instances.{sopInstanceUid}");
            CheckEntry(instance, sopInstanceUid, "instance", "SOPInstanceUID");
            foreach (var member in instance)
                CheckElements(member, MetadataLevel.Instance, where);
        }

        /// <summary>A series or instance key is a UID; removing the whole entry (an empty object) needs force.</summary>
        private void CheckEntry(JsonObject entry, string uid, string kind, string uidName)
        {
            if (!DicomElementRules.IsUid(uid))
                throw new MetadataRuleViolation($"{documentName}: the {kind} key '{uid}' is not a valid {uidName}.");
            if (isRemoval && IsEmpty(entry) && !force)
                throw new MetadataRuleViolation($"Removing {kind} {uid} needs force: set force=true.");
        }

        /// <summary>The DICOM and DICOMVRs members of a series or instance; any other member is unexpected.</summary>
        private void CheckElements(KeyValuePair<string, JsonNode?> member, MetadataLevel level, string where)
        {
            switch (member.Key)
            {
                case Dicom:
                    CheckDicom(RequireObject(member.Value, where + ".DICOM"), level, where + ".DICOM");
                    break;
                case DicomVrs:
                    CheckDicomVrs(RequireObject(member.Value, where + ".DICOMVRs"), level, where + ".DICOMVRs");
                    break;
                default:
                    throw UnexpectedMember(member.Key, where);
            }
        }

        private void CheckDicom(JsonObject dicom, MetadataLevel level, string where)
        {
            foreach (var element in dicom)
            {
                CheckElementName(element.Key, level, where);
                if (!isRemoval)
                    CheckElementValue(element.Key, element.Value, where);
            }
        }

        private void CheckElementName(string name, MetadataLevel level, string where)
        {
            if (DicomElementRules.IsNeverUpdatable(name))
                throw NeverUpdatable(name);
            if (DicomElementRules.IsHexTag(name))
            {
                if (!DicomElementRules.IsPrivateTag(name))
                    throw new MetadataRuleViolation($"{where}: {name} is a standard DICOM tag; name it by its DICOM keyword.");
                // Assumed: private elements live at instance level in HealthImaging's metadata; other levels refuse them.
                if (level != MetadataLevel.Instance)
                    throw new MetadataRuleViolation($"{where}: private tag {name} can only be changed at instance level.");
                if (!force && level == DicomElementRules.Table.PrivateTagForceLevel && DicomElementRules.Table.PrivateTagsNeedForce)
                    throw new MetadataRuleViolation($"Changing instance-level private tag {name} needs force: set force=true.");
                return;
            }
            if (!DicomElementRules.IsKeyword(name))
                throw new MetadataRuleViolation($"{where}: '{name}' is neither a DICOM keyword nor an 8-hex-digit tag.");
            if (DicomElementRules.TryGetHomeLevel(name, out MetadataLevel home) && home != level)
                throw new MetadataRuleViolation($"{where}: {name} is a {home}-level element; it cannot be changed at {level} level.");
            if (DicomElementRules.IsForceOnlyIdentity(name))
            {
                // Assumed: removing a UID that keys the document would orphan its level, so it is refused even with force.
                if (isRemoval && DicomElementRules.IsHierarchyUid(name))
                    throw new MetadataRuleViolation($"{name} cannot be removed, even with force.");
                if (!force)
                    throw new MetadataRuleViolation($"{(isRemoval ? "Removing" : "Updating")} {name} needs force: set force=true.");
            }
        }

        private void CheckElementValue(string name, JsonNode? value, string where)
        {
            switch (value)
            {
                case null:
                    break;
                case JsonObject:
                    throw new MetadataRuleViolation($"{where}: the value of {name} must be a string, a number, null or an array, not an object.");
                case JsonArray array:
                    CheckArrayValue(name, array, where);
                    break;
                default:
                    JsonValueKind kind = value.GetValueKind();
                    if (kind is not (JsonValueKind.String or JsonValueKind.Number))
                        throw new MetadataRuleViolation($"{where}: the value of {name} must be a string, a number, null or an array.");
                    break;
            }
            if (DicomElementRules.IsHierarchyUid(name)
                && !(value is JsonValue uidValue && uidValue.TryGetValue(out string? uid) && DicomElementRules.IsUid(uid)))
            {
                throw new MetadataRuleViolation($"{where}: the new {name} must be a valid UID (digits and dots, at most 64 characters).");
            }
        }

        /// <summary>AWS: "Cannot update attributes with VR type SQ ... / multivalued attributes unless the force flag is set".
        /// A sequence is an array holding objects (its items); a multi-valued element is an array of more than one value.</summary>
        private void CheckArrayValue(string name, JsonArray array, string where)
        {
            bool isSequence = false;
            foreach (JsonNode? item in array)
            {
                if (item is JsonObject)
                    isSequence = true;
                else if (item is JsonArray)
                    throw new MetadataRuleViolation($"{where}: the value of {name} nests arrays, which no DICOM value does.");
            }
            if (force)
                return;
            if (isSequence)
                throw new MetadataRuleViolation($"Updating sequence (SQ) element {name} needs force: set force=true.");
            if (array.Count > 1)
                throw new MetadataRuleViolation($"Updating multi-valued element {name} needs force: set force=true.");
        }

        private void CheckDicomVrs(JsonObject vrs, MetadataLevel level, string where)
        {
            foreach (var entry in vrs)
            {
                string name = entry.Key;
                if (DicomElementRules.IsNeverUpdatable(name))
                    throw NeverUpdatable(name);
                if (DicomElementRules.IsPrivateTag(name))
                {
                    if (level != MetadataLevel.Instance)
                        throw new MetadataRuleViolation($"{where}: private tag {name} can only be changed at instance level.");
                    if (!force && level == DicomElementRules.Table.PrivateTagForceLevel && DicomElementRules.Table.PrivateTagsNeedForce)
                        throw new MetadataRuleViolation($"Changing the VR of instance-level private tag {name} needs force: set force=true.");
                }
                else if (!DicomElementRules.IsKeyword(name))
                {
                    throw new MetadataRuleViolation($"{where}: '{name}' is neither a DICOM keyword nor a private tag.");
                }
                if (!isRemoval
                    && !(entry.Value is JsonValue vrValue && vrValue.TryGetValue(out string? vr) && DicomElementRules.IsValueRepresentation(vr)))
                {
                    throw new MetadataRuleViolation($"{where}: the VR of {name} must be a DICOM value representation such as \"DS\".");
                }
            }
        }

        private MetadataRuleViolation UnexpectedMember(string name, string where)
            => DicomElementRules.IsNeverUpdatable(name)
                ? NeverUpdatable(name)
                : new MetadataRuleViolation($"{where}: unexpected member '{name}'.");

        private MetadataRuleViolation NeverUpdatable(string name)
            => new($"{name} is generated by HealthImaging and can never be {(isRemoval ? "removed" : "updated")}, even with force.");

        private string Where(string path) => $"{documentName}.{path}";
    }
}
