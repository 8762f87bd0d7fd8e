namespace AhiTools.Documents
{
    internal enum AttributesDocumentKind
    {
        Updatable,
        Removable,
    }

    /// <summary>
    /// Checks an updatable or removable attributes document before it is sent: shape and levels, elements that can
    /// never be updated, and elements the service changes only with force. Messages name elements, never values.
    /// </summary>
    internal static class MetadataUpdateValidator
    {
        public static void Validate(JsonObject document, AttributesDocumentKind kind, bool force)
        {
            string documentName = kind == AttributesDocumentKind.Updatable ? "updatable attributes" : "removable attributes";
            var context = new Context(documentName, kind, force);
            foreach (KeyValuePair<string, JsonNode?> member in document)
            {
                switch (member.Key)
                {
                    case MetadataDocumentNames.SchemaVersion:
                        RequireSchemaVersion(member.Value, documentName);
                        break;
                    case MetadataDocumentNames.Patient:
                        ValidateLevel(member.Value, ElementScope.Patient, context, allowed: null);
                        break;
                    case MetadataDocumentNames.Study:
                        ValidateStudy(member.Value, context);
                        break;
                    default:
                        throw UnexpectedMember(member.Key, "the top level", "SchemaVersion, Patient or Study", context);
                }
            }
        }

        private static void ValidateStudy(JsonNode? node, Context context)
        {
            JsonObject study = ValidateLevel(node, ElementScope.Study, context, allowed: MetadataDocumentNames.Series);
            if (!study.TryGetPropertyValue(MetadataDocumentNames.Series, out JsonNode? seriesNode))
            {
                return;
            }

            JsonObject seriesMap = RequireObject(seriesNode, "Study.Series", context);
            foreach (KeyValuePair<string, JsonNode?> series in seriesMap)
            {
                InstanceReference.RequireUid(series.Key, "series", $"The {context.DocumentName} document");
                JsonObject seriesObject = ValidateLevel(series.Value, ElementScope.ForSeries(series.Key), context, allowed: MetadataDocumentNames.Instances);
                if (seriesObject.Count == 0)
                {
                    RequireRemovalWithForce($"series {series.Key}", context);
                }

                if (!seriesObject.TryGetPropertyValue(MetadataDocumentNames.Instances, out JsonNode? instancesNode))
                {
                    continue;
                }

                JsonObject instances = RequireObject(instancesNode, $"Series {series.Key} Instances", context);
                foreach (KeyValuePair<string, JsonNode?> instance in instances)
                {
                    InstanceReference.RequireUid(instance.Key, "SOP instance", $"The {context.DocumentName} document");
                    JsonObject instanceObject = ValidateLevel(instance.Value, ElementScope.ForInstance(series.Key, instance.Key), context, allowed: null);
                    if (instanceObject.Count == 0)
                    {
                        RequireRemovalWithForce($"instance {instance.Key}", context);
                    }
                }
            }
        }

        /// <summary>Checks the DICOM and DICOMVRs members of one level; <paramref name="allowed"/> is its one child member.</summary>
        private static JsonObject ValidateLevel(JsonNode? node, ElementScope scope, Context context, string? allowed)
        {
            string where = scope.ToString();
            JsonObject level = RequireObject(node, where, context);
            foreach (KeyValuePair<string, JsonNode?> member in level)
            {
                if (member.Key == MetadataDocumentNames.Dicom)
                {
                    foreach (KeyValuePair<string, JsonNode?> element in RequireObject(member.Value, $"{where} DICOM", context))
                    {
                        ValidateElement(element.Key, element.Value, scope, context);
                    }
                }
                else if (member.Key == MetadataDocumentNames.DicomVrs)
                {
                    if (!ElementLevels.HoldsVrs(scope.Level))
                    {
                        throw VrNotAccepted($"In the {context.DocumentName} document, {where} has DICOMVRs", scope.Level);
                    }

                    foreach (KeyValuePair<string, JsonNode?> vr in RequireObject(member.Value, $"{where} DICOMVRs", context))
                    {
                        ValidateElement(vr.Key, null, scope, context);
                        if (!(vr.Value is JsonValue value && value.TryGetValue(out string? text) && MetadataDocumentNames.IsValueRepresentation(text)))
                        {
                            throw new DocumentValidationException(ErrorIds.InvalidVR, $"{where} DICOMVRs {vr.Key}: the VR must be a DICOM value representation (PS3.5), such as DS.");
                        }
                    }
                }
                else if (member.Key != allowed)
                {
                    string expected = allowed is null ? "DICOM or DICOMVRs" : $"DICOM, DICOMVRs or {allowed}";
                    throw UnexpectedMember(member.Key, where, expected, context);
                }
            }

            return level;
        }

        private static void ValidateElement(string name, JsonNode? value, ElementScope scope, Context context)
        {
            string where = $"{scope} element {name}";
            if (!MetadataDocumentNames.IsElementName(name))
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidAttributeName,
                    $"In the {context.DocumentName} document, {scope} has '{name}', which is neither a DICOM keyword nor an 8-digit tag.");
            }

            if (MetadataDocumentNames.IsNeverUpdatable(name))
            {
                throw NotUpdatable(where);
            }

            DicomKeywords.RequireKnown(name, $"In the {context.DocumentName} document, {scope}");
            if (MetadataDocumentNames.IsHexTagName(name) && !MetadataDocumentNames.IsPrivateTag(name))
            {
                throw StandardTagByNumber(name, scope, context);
            }

            ElementLevel? home = ElementLevels.Of(name);
            if (home != null && home != scope.Level)
            {
                throw new DocumentValidationException(
                    ErrorIds.WrongLevel,
                    $"In the {context.DocumentName} document, {name} is given at {scope.Level} level, but it is a {home}-level element. Nothing was sent.",
                    $"Give {name} with {ElementLevels.ParameterFor(home.Value)}.");
            }

            if (context.Kind == AttributesDocumentKind.Updatable)
            {
                RequireDicomValue(value, where);
                RequireUidValue(name, value, where);
            }

            if (context.Force)
            {
                return;
            }

            if (MetadataDocumentNames.IsForceElement(name))
            {
                throw ForceRequired(where, $"{name} changes the identity of the data");
            }

            if (MetadataDocumentNames.IsPrivateTag(name) && scope.Level == ElementLevels.PrivateTagForceLevel && MetadataDocumentNames.PrivateTagsNeedForce)
            {
                throw ForceRequired(where, "private tags of an instance change only with force");
            }

            if (context.Kind == AttributesDocumentKind.Updatable && value is JsonArray array && IsMultiValuedOrSequence(array))
            {
                throw ForceRequired(where, "multi-valued and sequence values change only with force");
            }
        }

        /// <summary>More than one value, or sequence items (objects).</summary>
        private static bool IsMultiValuedOrSequence(JsonArray array)
        {
            if (array.Count > 1)
            {
                return true;
            }

            return array.Count == 1 && array[0] is JsonObject;
        }

        private static void RequireDicomValue(JsonNode? value, string where)
        {
            bool valid = value is null
                || value is JsonArray
                || (value is JsonValue scalar && (scalar.GetValueKind() == JsonValueKind.String || scalar.GetValueKind() == JsonValueKind.Number));
            if (!valid)
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidAttributeValue,
                    $"{where}: a DICOM value is a string, a number, null, or an array of them (sequence items are objects in an array).");
            }
        }

        /// <summary>The UIDs that key the document (force-only, VR UI) are refused by the service, even with force, when the new value is no UID.</summary>
        private static void RequireUidValue(string name, JsonNode? value, string where)
        {
            DicomElementRule? rule = DicomRules.Table.Element(name);
            if (rule is null || rule.Update != ElementUpdateRule.ForceOnly || System.Array.IndexOf(rule.ValueRepresentations, "UI") < 0)
            {
                return;
            }

            if (!(value is JsonValue scalar && scalar.TryGetValue(out string? uid) && MetadataDocumentNames.IsUid(uid)))
            {
                throw new DocumentValidationException(
                    "InvalidUid",
                    $"{where}: the new {name} is not a valid UID (digits separated by dots, no component starting with 0 unless it is 0, at most 64 characters). Nothing was sent.");
            }
        }

        private static void RequireRemovalWithForce(string what, Context context)
        {
            if (context.Kind == AttributesDocumentKind.Updatable)
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidDocument,
                    $"The updatable attributes document has an empty {what}: it has nothing to update.",
                    "To remove a series or an instance, use -RemoveSeries or -RemoveInstance (with -Force).");
            }

            if (!context.Force)
            {
                throw ForceRequired($"removing {what}", "series and instances are removed only with force");
            }
        }

        private static void RequireSchemaVersion(JsonNode? node, string documentName)
        {
            if (node is JsonValue value)
            {
                if (value.TryGetValue(out string? text) && text == "1.1")
                {
                    return;
                }

                if (value.GetValueKind() == JsonValueKind.Number
                    && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number)
                    && number == 1.1m)
                {
                    return;
                }
            }

            throw new DocumentValidationException(
                ErrorIds.UnsupportedSchemaVersion,
                $"The {documentName} document's SchemaVersion must be 1.1.",
                "Leave SchemaVersion out: it is added for you.");
        }

        private static JsonObject RequireObject(JsonNode? node, string where, Context context)
        {
            if (node is JsonObject obj)
            {
                return obj;
            }

            throw new DocumentValidationException(ErrorIds.InvalidDocument, $"In the {context.DocumentName} document, {where} must be an object.");
        }

        private static DocumentValidationException UnexpectedMember(string name, string where, string expected, Context context)
        {
            if (MetadataDocumentNames.IsNeverUpdatable(name) || name == "DatastoreID" || name == "ImageSetID")
            {
                return NotUpdatable($"{where} member {name}");
            }

            return new DocumentValidationException(
                ErrorIds.InvalidDocument,
                $"In the {context.DocumentName} document, {where} has a member '{name}'; expected {expected}.",
                "An attributes document has the shape { \"Patient\": { \"DICOM\": {…} }, \"Study\": { \"DICOM\": {…}, \"Series\": { \"<uid>\": { \"DICOM\": {…}, \"Instances\": { \"<uid>\": { \"DICOM\": {…} } } } } } }.");
        }

        private static DocumentValidationException NotUpdatable(string where) =>
            new(
                ErrorIds.AttributeNotUpdatable,
                $"{where} can never be updated (SchemaVersion, DatastoreID, ImageSetID, PixelData, checksums and image frames are fixed).",
                "Remove it from the change.");

        private static DocumentValidationException StandardTagByNumber(string tag, ElementScope scope, Context context)
        {
            string? keyword = DicomKeywords.KeywordOfTag(tag);
            string known = keyword is null ? "" : $" ({keyword})";
            return new DocumentValidationException(
                ErrorIds.StandardTagByNumber,
                $"In the {context.DocumentName} document, {scope} has the standard tag {tag}{known} given by number; HealthImaging names standard elements by keyword and only private tags (odd group) by number. Nothing was sent.",
                keyword is null ? "Give the element by its DICOM keyword." : $"Give it as {keyword}.");
        }

        /// <summary>HealthImaging keeps VRs for series and instance elements only; it refuses DICOMVRs at Patient and Study level.</summary>
        public static DocumentValidationException VrNotAccepted(string what, ElementLevel level) =>
            new(
                ErrorIds.VRNotAccepted,
                $"{what}, but HealthImaging keeps VRs (DICOMVRs) only for series and instance elements and refuses them at {level} level. Nothing was sent.",
                $"Give the value alone, as {ElementLevels.ParameterFor(level)} @{{ Keyword = 'value' }}: the VR of a standard element comes from the DICOM dictionary.");

        private static DocumentValidationException ForceRequired(string where, string why) =>
            new(
                ErrorIds.ForceRequired,
                $"{where}: {why}. Refused without -Force.",
                "Run again with -Force if you mean it; the new version is marked Forced.");

        private sealed record Context(string DocumentName, AttributesDocumentKind Kind, bool Force);
    }
}
