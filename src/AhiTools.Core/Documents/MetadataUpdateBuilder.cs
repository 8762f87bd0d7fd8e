using System.Collections;

namespace AhiTools.Documents
{
    /// <summary>The two DICOMUpdates documents of one update; either may be null when there is nothing of its kind.</summary>
    internal sealed class MetadataUpdateDocuments
    {
        public JsonObject? Updatable { get; set; }

        public JsonObject? Removable { get; set; }
    }

    /// <summary>
    /// Builds the updatableAttributes and removableAttributes documents from a <see cref="MetadataUpdateSpecification"/>.
    /// Raw documents are the base; level parameters are merged over them. SchemaVersion 1.1 is added when missing.
    /// </summary>
    internal static class MetadataUpdateBuilder
    {
        private const decimal SchemaVersionNumber = 1.1m;

        /// <param name="metadata">The image set's current metadata; required when <see cref="MetadataUpdateSpecification.NeedsMetadata"/>.</param>
        public static MetadataUpdateDocuments Build(MetadataUpdateSpecification specification, MetadataIndex? metadata)
        {
            if (specification.IsEmpty)
            {
                throw NothingToUpdate("No change was given.");
            }

            if (specification.NeedsMetadata && metadata is null)
            {
                throw new InvalidOperationException("These changes need the image set's metadata.");
            }

            JsonObject? updatable = specification.UpdatableAttributes is null ? null : (JsonObject)specification.UpdatableAttributes.DeepClone();
            JsonObject? removable = specification.RemovableAttributes is null ? null : (JsonObject)specification.RemovableAttributes.DeepClone();

            AddLevels(ref updatable, specification, metadata);
            AddPrivateTags(ref updatable, specification, metadata);
            AddRemovals(ref removable, specification, metadata!);

            return new MetadataUpdateDocuments { Updatable = WithSchemaVersion(updatable), Removable = WithSchemaVersion(removable) };
        }

        /// <summary>
        /// Refuses documents such as {} or {"Patient":{}} that name nothing: the service would still make a version of
        /// them. Call after validation, which explains documents whose members are wrong rather than missing.
        /// </summary>
        public static void RequireChanges(MetadataUpdateDocuments documents)
        {
            if (ChangeDescription.ListChanges(documents.Updatable, AttributesDocumentKind.Updatable).Count == 0
                && ChangeDescription.ListChanges(documents.Removable, AttributesDocumentKind.Removable).Count == 0)
            {
                throw NothingToUpdate("The change names no element, series or instance; it would only make an identical version. Nothing was sent.");
            }
        }

        /// <summary>
        /// The same refusal as <see cref="RequireNoSetAndRemove(MetadataUpdateDocuments)"/>, made from the parameters
        /// alone, before the image set's metadata is read: so a change that sets and removes one element sends no
        /// request at all. Instances named without their series are left to the check after the metadata is read.
        /// </summary>
        public static void RequireNoSetAndRemove(MetadataUpdateSpecification specification)
        {
            bool removesSomething = specification.RemoveAttribute.Count > 0 || specification.RemoveSeries.Count > 0 || specification.RemoveInstance.Count > 0;
            if (!removesSomething || (IsEmpty(specification.Patient) && IsEmpty(specification.Study) && IsEmpty(specification.Series) && IsEmpty(specification.Instance)))
            {
                return;
            }

            JsonObject? updatable = null;
            AddLevels(ref updatable, specification, metadata: null);

            JsonObject removable = NewDocument();
            foreach (string path in specification.RemoveAttribute)
            {
                if (TryParseWithoutMetadata(path, out ElementScope? scope, out string? name))
                {
                    Child(LevelObject(removable, scope!), MetadataDocumentNames.Dicom)[name!] = null;
                }
            }

            foreach (string seriesUid in specification.RemoveSeries)
            {
                string uid = seriesUid.Trim();
                InstanceReference.RequireSeries(uid, null, "-RemoveSeries");
                LevelObject(removable, ElementScope.ForSeries(uid));
            }

            foreach (string reference in specification.RemoveInstance)
            {
                if (InstanceReference.IsQualified(reference))
                {
                    LevelObject(removable, InstanceReference.Resolve(reference, null, "-RemoveInstance"));
                }
            }

            RequireNoSetAndRemove(new MetadataUpdateDocuments { Updatable = updatable, Removable = removable });
        }

        /// <summary>
        /// Merges -Patient, -Study, -Series and -Instance into the updatable document. Without metadata (the check before
        /// it is read), an instance named without its series is left out: only the metadata knows its series.
        /// </summary>
        private static void AddLevels(ref JsonObject? updatable, MetadataUpdateSpecification specification, MetadataIndex? metadata)
        {
            AddLevel(ref updatable, ElementScope.Patient, Entries(specification.Patient), "-Patient");
            AddLevel(ref updatable, ElementScope.Study, Entries(specification.Study), "-Study");
            foreach (DictionaryEntry entry in Entries(specification.Series))
            {
                string seriesUid = KeyOf(entry).Trim();
                InstanceReference.RequireSeries(seriesUid, metadata, "-Series");
                AddLevel(ref updatable, ElementScope.ForSeries(seriesUid), RequireMap(entry.Value, $"-Series '{seriesUid}'"), $"-Series '{seriesUid}'");
            }

            foreach (DictionaryEntry entry in Entries(specification.Instance))
            {
                string reference = KeyOf(entry);
                if (metadata is null && !InstanceReference.IsQualified(reference))
                {
                    continue;
                }

                ElementScope scope = InstanceReference.Resolve(reference, metadata, "-Instance");
                AddLevel(ref updatable, scope, RequireMap(entry.Value, $"-Instance '{reference}'"), $"-Instance '{reference}'");
            }
        }

        private static bool TryParseWithoutMetadata(string path, out ElementScope? scope, out string? name)
        {
            bool unqualifiedInstance = path.Trim().StartsWith("instance.", StringComparison.OrdinalIgnoreCase) && path.IndexOf('/') < 0;
            if (unqualifiedInstance)
            {
                scope = null;
                name = null;
                return false; // its series is known only from the metadata
            }

            (scope, name) = ParseAttributePath(path, null);
            return true;
        }

        private static bool IsEmpty(IDictionary? dictionary) => dictionary is null || dictionary.Count == 0;

        /// <summary>
        /// Refuses a change that both sets and removes one element (or sets an element of a series or instance it removes):
        /// the service would apply one of the two, and which one is not the caller's to guess. Compares the finished
        /// documents, so the level parameters, -RemoveAttribute and JSON documents are all covered. Names elements,
        /// never their values.
        /// </summary>
        public static void RequireNoSetAndRemove(MetadataUpdateDocuments documents)
        {
            if (documents.Updatable is null || documents.Removable is null)
            {
                return;
            }

            var conflicts = new List<string>();
            CompareLevel(documents.Updatable[MetadataDocumentNames.Patient] as JsonObject, documents.Removable[MetadataDocumentNames.Patient] as JsonObject, "Patient", conflicts, wholeRemovable: false);
            var setStudy = documents.Updatable[MetadataDocumentNames.Study] as JsonObject;
            var removeStudy = documents.Removable[MetadataDocumentNames.Study] as JsonObject;
            CompareLevel(setStudy, removeStudy, "Study", conflicts, wholeRemovable: false);
            if (setStudy?[MetadataDocumentNames.Series] is JsonObject setSeries && removeStudy?[MetadataDocumentNames.Series] is JsonObject removeSeries)
            {
                foreach (KeyValuePair<string, JsonNode?> series in setSeries)
                {
                    if (!(series.Value is JsonObject setOne) || !(removeSeries[series.Key] is JsonObject removeOne))
                    {
                        continue;
                    }

                    string seriesWhere = $"Series.{series.Key}";
                    if (CompareLevel(setOne, removeOne, seriesWhere, conflicts, wholeRemovable: true))
                    {
                        continue;
                    }

                    if (setOne[MetadataDocumentNames.Instances] is JsonObject setInstances && removeOne[MetadataDocumentNames.Instances] is JsonObject removeInstances)
                    {
                        foreach (KeyValuePair<string, JsonNode?> instance in setInstances)
                        {
                            if (instance.Value is JsonObject setInstance && removeInstances[instance.Key] is JsonObject removeInstance)
                            {
                                CompareLevel(setInstance, removeInstance, $"Instance.{instance.Key}", conflicts, wholeRemovable: true);
                            }
                        }
                    }
                }
            }

            if (conflicts.Count > 0)
            {
                const int shown = 5;
                string list = string.Join(", ", conflicts.Count > shown ? conflicts.GetRange(0, shown) : conflicts) + (conflicts.Count > shown ? $" and {conflicts.Count - shown} more" : "");
                throw new DocumentValidationException(
                    ErrorIds.SetAndRemoveSameElement,
                    $"The change both sets and removes {list}; the service would apply only one of the two. Nothing was sent.",
                    "Either set the element (-Patient, -Study, -Series, -Instance, -UpdatableAttributes) or remove it (-RemoveAttribute, -RemoveSeries, -RemoveInstance, -RemovableAttributes), not both in one update.");
            }
        }

        /// <summary>Adds the elements both set and removed at one level; true when the whole series or instance is removed while something in it is set.</summary>
        private static bool CompareLevel(JsonObject? set, JsonObject? remove, string where, List<string> conflicts, bool wholeRemovable)
        {
            if (set is null || remove is null)
            {
                return false;
            }

            if (wholeRemovable && remove.Count == 0 && set.Count > 0)
            {
                conflicts.Add($"{where} (removed whole, with elements set in it)");
                return true;
            }

            if (set[MetadataDocumentNames.Dicom] is JsonObject setElements && remove[MetadataDocumentNames.Dicom] is JsonObject removeElements)
            {
                foreach (KeyValuePair<string, JsonNode?> element in setElements)
                {
                    if (removeElements.ContainsKey(element.Key))
                    {
                        conflicts.Add($"{where}.{element.Key}");
                    }
                }
            }

            return false;
        }

        private static DocumentValidationException NothingToUpdate(string message) =>
            new(
                ErrorIds.NothingToUpdate,
                message,
                "Name what to change with -Patient, -Study, -Series, -Instance, -PrivateTag, -RemoveAttribute, -RemoveSeries, -RemoveInstance, -UpdatableAttributes or -RemovableAttributes.");

        /// <summary>The JSON object that holds the elements of a level, created along the way.</summary>
        public static JsonObject LevelObject(JsonObject document, ElementScope scope)
        {
            switch (scope.Level)
            {
                case ElementLevel.Patient:
                    return Child(document, MetadataDocumentNames.Patient);
                case ElementLevel.Study:
                    return Child(document, MetadataDocumentNames.Study);
            }

            JsonObject series = Child(Child(Child(document, MetadataDocumentNames.Study), MetadataDocumentNames.Series), scope.SeriesUid!);
            return scope.Level == ElementLevel.Series
                ? series
                : Child(Child(series, MetadataDocumentNames.Instances), scope.SopInstanceUid!);
        }

        private static void AddLevel(ref JsonObject? document, ElementScope scope, IEnumerable? elements, string where)
        {
            if (elements is null)
            {
                return;
            }

            foreach (DictionaryEntry entry in elements)
            {
                string name = KeyOf(entry);
                SetElement(ref document, scope, name, entry.Value, $"{where}.{name}");
            }
        }

        private static void SetElement(ref JsonObject? document, ElementScope scope, string name, object? value, string where)
        {
            RequireElementName(name, where);
            RequireKnownElement(name, where);
            document ??= NewDocument();
            JsonObject level = LevelObject(document, scope);
            if (TryReadValueWithVr(value, where, out object? elementValue, out string? vr))
            {
                if (!ElementLevels.HoldsVrs(scope.Level))
                {
                    throw MetadataUpdateValidator.VrNotAccepted($"{where} is given with a VR", scope.Level);
                }

                Child(level, MetadataDocumentNames.Dicom)[name] = DocumentValueConverter.ToJson(elementValue, where);
                Child(level, MetadataDocumentNames.DicomVrs)[name] = vr;
            }
            else
            {
                Child(level, MetadataDocumentNames.Dicom)[name] = DocumentValueConverter.ToJson(value, where);
            }
        }

        private static void AddPrivateTags(ref JsonObject? updatable, MetadataUpdateSpecification specification, MetadataIndex? metadata)
        {
            bool hasTags = specification.PrivateTag != null && specification.PrivateTag.Count > 0;
            if (!hasTags && specification.PrivateTagInstances.Count == 0)
            {
                return;
            }

            if (!hasTags || specification.PrivateTagInstances.Count == 0)
            {
                throw new DocumentValidationException(
                    ErrorIds.PrivateTagNeedsInstance,
                    "-PrivateTag and -SopInstanceUid go together: -PrivateTag gives the tags, -SopInstanceUid the instances they are set on.",
                    "Example: -PrivateTag @{ '001910F9' = @{ Value = '97'; VR = 'DS' } } -SopInstanceUid <SOPInstanceUID> -Force");
            }

            foreach (string reference in specification.PrivateTagInstances)
            {
                ElementScope scope = InstanceReference.Resolve(reference, metadata, "-SopInstanceUid");
                foreach (DictionaryEntry entry in Entries(specification.PrivateTag))
                {
                    string tag = KeyOf(entry);
                    string where = $"-PrivateTag '{tag}'";
                    if (!MetadataDocumentNames.IsPrivateTag(tag))
                    {
                        throw new DocumentValidationException(
                            ErrorIds.InvalidPrivateTag,
                            $"{where}: a private tag is 8 hexadecimal digits with an odd group number, such as 001910F9.",
                            "Set public elements by keyword with -Patient, -Study, -Series or -Instance.");
                    }

                    if (!TryReadValueWithVr(entry.Value, where, out _, out _))
                    {
                        throw new DocumentValidationException(
                            ErrorIds.PrivateTagNeedsVR,
                            $"{where}: give the value with its VR, as @{{ Value = '97'; VR = 'DS' }}.");
                    }

                    SetElement(ref updatable, scope, tag, entry.Value, where);
                }
            }
        }

        private static void AddRemovals(ref JsonObject? removable, MetadataUpdateSpecification specification, MetadataIndex metadata)
        {
            foreach (string path in specification.RemoveAttribute)
            {
                (ElementScope scope, string name) = ParseAttributePath(path, metadata);
                if (!metadata.TryGetElement(scope, name, out JsonNode? current))
                {
                    throw new DocumentValidationException(
                        ErrorIds.AttributeNotFound,
                        $"-RemoveAttribute '{path}': {scope} has no element {name}.",
                        "Check the element's keyword and level; a removal names an element that exists.");
                }

                // The current value goes with the removal: the service identifies the element by name and value.
                removable ??= NewDocument();
                Child(LevelObject(removable, scope), MetadataDocumentNames.Dicom)[name] = current;
            }

            foreach (string seriesUid in specification.RemoveSeries)
            {
                string uid = seriesUid.Trim();
                InstanceReference.RequireSeries(uid, metadata, "-RemoveSeries");

                removable ??= NewDocument();
                LevelObject(removable, ElementScope.ForSeries(uid));
            }

            foreach (string reference in specification.RemoveInstance)
            {
                ElementScope scope = InstanceReference.Resolve(reference, metadata, "-RemoveInstance");
                removable ??= NewDocument();
                LevelObject(removable, scope);
            }
        }

        /// <summary>'Patient.Keyword', 'Study.Keyword', 'Series.&lt;uid&gt;.Keyword', 'Instance.&lt;sop or series/sop&gt;.Keyword'.</summary>
        public static (ElementScope Scope, string Name) ParseAttributePath(string path, MetadataIndex? metadata)
        {
            string where = $"-RemoveAttribute '{path}'";
            (ElementScope scope, string name) = ParseScope(path, metadata, where);
            RequireKnownElement(name, where);
            return (scope, name);
        }

        private static (ElementScope Scope, string Name) ParseScope(string path, MetadataIndex? metadata, string where)
        {
            string trimmed = path.Trim();
            int firstDot = trimmed.IndexOf('.');
            int lastDot = trimmed.LastIndexOf('.');
            if (firstDot <= 0 || lastDot == trimmed.Length - 1)
            {
                throw BadPath(where);
            }

            string level = trimmed.Substring(0, firstDot);
            string name = trimmed.Substring(lastDot + 1);
            RequireElementName(name, where);
            string uid = lastDot > firstDot ? trimmed.Substring(firstDot + 1, lastDot - firstDot - 1) : "";
            switch (level.ToLowerInvariant())
            {
                case "patient" when uid.Length == 0:
                    return (ElementScope.Patient, name);
                case "study" when uid.Length == 0:
                    return (ElementScope.Study, name);
                case "series" when uid.Length > 0:
                    InstanceReference.RequireSeries(uid, metadata, where);
                    return (ElementScope.ForSeries(uid), name);
                case "instance" when uid.Length > 0:
                    return (InstanceReference.Resolve(uid, metadata, where), name);
                default:
                    throw BadPath(where);
            }
        }

        private static DocumentValidationException BadPath(string where) =>
            new(
                ErrorIds.InvalidAttributePath,
                $"{where} does not name a level and an element.",
                "Use 'Patient.<Keyword>', 'Study.<Keyword>', 'Series.<SeriesInstanceUID>.<Keyword>' or 'Instance.<SOPInstanceUID>.<Keyword>'.");

        private static bool TryReadValueWithVr(object? value, string where, out object? elementValue, out string? vr)
        {
            elementValue = null;
            vr = null;
            IEnumerable? members = DocumentValueConverter.AsMembers(value, out bool isMap);
            if (!isMap || members is null)
            {
                return false;
            }

            bool hasValue = false;
            foreach (DictionaryEntry entry in members)
            {
                string key = KeyOf(entry);
                if (string.Equals(key, "Value", StringComparison.OrdinalIgnoreCase))
                {
                    hasValue = true;
                    elementValue = entry.Value;
                }
                else if (string.Equals(key, "VR", StringComparison.OrdinalIgnoreCase))
                {
                    vr = Convert.ToString(entry.Value, CultureInfo.InvariantCulture);
                }
                else
                {
                    return false;
                }
            }

            if (!hasValue || vr is null)
            {
                return false;
            }

            if (!MetadataDocumentNames.IsValueRepresentation(vr))
            {
                throw new DocumentValidationException(ErrorIds.InvalidVR, $"{where}: the VR must be a DICOM value representation (PS3.5), such as DS, LO or UN.");
            }

            return true;
        }

        private static void RequireElementName(string name, string where)
        {
            if (!MetadataDocumentNames.IsElementName(name))
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidAttributeName,
                    $"{where}: '{name}' is neither a DICOM keyword (such as PatientName) nor an 8-digit tag (such as 001910F9).");
            }

        }

        /// <summary>Never-updatable names are left to the validator, which says why they are refused.</summary>
        private static void RequireKnownElement(string name, string where)
        {
            if (!MetadataDocumentNames.IsNeverUpdatable(name))
            {
                DicomKeywords.RequireKnown(name, where);
            }
        }

        private static IEnumerable? RequireMap(object? value, string where)
        {
            IEnumerable? members = DocumentValueConverter.AsMembers(value, out bool isMap);
            if (!isMap)
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidDocument,
                    $"{where} must be a hashtable of elements, such as @{{ SeriesDescription = 'AXIAL' }}.");
            }

            return members;
        }

        private static IEnumerable Entries(IDictionary? dictionary) =>
            DocumentValueConverter.AsMembers(dictionary, out _) ?? Array.Empty<DictionaryEntry>();

        private static string KeyOf(DictionaryEntry entry) =>
            Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";

        /// <summary>The document with SchemaVersion first, added as 1.1 when the caller's raw document had none.</summary>
        private static JsonObject? WithSchemaVersion(JsonObject? document)
        {
            if (document is null || document.ContainsKey(MetadataDocumentNames.SchemaVersion))
            {
                return document;
            }

            var members = new List<KeyValuePair<string, JsonNode?>>(document);
            document.Clear();
            var result = NewDocument();
            foreach (KeyValuePair<string, JsonNode?> member in members)
            {
                result[member.Key] = member.Value;
            }

            return result;
        }

        private static JsonObject NewDocument() => new() { [MetadataDocumentNames.SchemaVersion] = SchemaVersionNumber };

        private static JsonObject Child(JsonObject parent, string name)
        {
            if (parent.TryGetPropertyValue(name, out JsonNode? node) && node != null)
            {
                if (node is JsonObject existing)
                {
                    return existing;
                }

                throw new DocumentValidationException(ErrorIds.InvalidDocument, $"The member {name} of the update document must be an object.");
            }

            var created = new JsonObject();
            parent[name] = created;
            return created;
        }
    }
}
