using static AhiTools.LocalService.Domain.MetadataDocumentShape;

namespace AhiTools.LocalService.Domain
{
    /// <summary>CopyImageSet's metadata rules: choosing what to copy from the source and merging it into a destination.</summary>
    public static class ImageSetCopier
    {
        /// <summary>The part of <paramref name="source"/> that <paramref name="copiableAttributes"/> selects, as a document with
        /// SchemaVersion "1.1", the source's Patient and Study DICOM and only the selected series and instances (no DatastoreID or
        /// ImageSetID: the caller sets those of the image set it writes). Null selects the whole source.
        /// Assumed: a series given without an Instances member, or with an empty one, selects the whole series.</summary>
        /// <exception cref="MetadataRuleViolation">Bad shape, unsupported SchemaVersion, or a series or instance the source lacks.</exception>
        public static JsonObject SelectSubset(JsonObject source, JsonObject? copiableAttributes)
        {
            var subset = new JsonObject { [SchemaVersion] = SupportedSchemaVersion };
            subset[Patient] = source[Patient]?.DeepClone() ?? new JsonObject { [Dicom] = new JsonObject() };
            if (copiableAttributes == null)
            {
                subset[Study] = source[Study]?.DeepClone() ?? new JsonObject { [Dicom] = new JsonObject(), [Series] = new JsonObject() };
                return subset;
            }

            JsonObject selectedSeries = ReadSelection(copiableAttributes);
            JsonObject sourceSeriesMap = SeriesMap(source) ?? new JsonObject();
            var subsetSeriesMap = new JsonObject();
            foreach (var selection in selectedSeries)
            {
                if (sourceSeriesMap[selection.Key] is not JsonObject sourceSeries)
                    throw new MetadataRuleViolation($"copiableAttributes: series {selection.Key} does not exist in the source image set.");
                subsetSeriesMap[selection.Key] = SelectInstances(selection.Key, sourceSeries, (JsonObject?)selection.Value);
            }

            var study = new JsonObject();
            if (source[Study] is JsonObject sourceStudy)
            {
                foreach (var member in sourceStudy)
                {
                    if (member.Key != Series)
                        study[member.Key] = member.Value?.DeepClone();
                }
            }
            study[Series] = subsetSeriesMap;
            subset[Study] = study;
            return subset;
        }

        /// <summary>Checks the copiableAttributes shape and returns its Study.Series map.</summary>
        private static JsonObject ReadSelection(JsonObject copiableAttributes)
        {
            RequireSupportedSchemaVersion(copiableAttributes, "copiableAttributes");
            foreach (var member in copiableAttributes)
            {
                if (member.Key is not (SchemaVersion or Study))
                    throw new MetadataRuleViolation($"copiableAttributes: unexpected member '{member.Key}'.");
            }
            JsonObject study = OptionalObject(copiableAttributes, Study, "copiableAttributes")
                ?? throw new MetadataRuleViolation("copiableAttributes must name the series to copy under Study.Series.");
            foreach (var member in study)
            {
                if (member.Key != Series)
                    throw new MetadataRuleViolation($"copiableAttributes.Study: unexpected member '{member.Key}'.");
            }
            JsonObject? seriesMap = OptionalObject(study, Series, "copiableAttributes.Study");
            if (seriesMap == null || IsEmpty(seriesMap))
                throw new MetadataRuleViolation("copiableAttributes must name at least one series under Study.Series.");
            foreach (var series in seriesMap)
            {
                string where = $"copiableAttributes.Study.Series.{series.Key}";
                JsonObject selection = RequireObject(series.Value, where);
                foreach (var member in selection)
                {
                    if (member.Key != Instances)
                        throw new MetadataRuleViolation($"{where}: unexpected member '{member.Key}'.");
                    foreach (var instance in RequireObject(member.Value, where + ".Instances"))
                    {
                        if (!IsEmpty(RequireObject(instance.Value, $"{where}.Instances.{instance.Key}")))
                            throw new MetadataRuleViolation($"{where}.Instances.{instance.Key} must be {{}}.");
                    }
                }
            }
            return seriesMap;
        }

        private static JsonObject SelectInstances(string seriesUid, JsonObject sourceSeries, JsonObject? selection)
        {
            var instanceSelection = selection?[Instances] as JsonObject;
            if (instanceSelection == null || IsEmpty(instanceSelection))
                return CloneObject(sourceSeries);

            var sourceInstances = sourceSeries[Instances] as JsonObject ?? new JsonObject();
            var series = new JsonObject();
            foreach (var member in sourceSeries)
            {
                if (member.Key != Instances)
                    series[member.Key] = member.Value?.DeepClone();
            }
            var instances = new JsonObject();
            foreach (var instance in instanceSelection)
            {
                JsonNode sourceInstance = sourceInstances[instance.Key]
                    ?? throw new MetadataRuleViolation($"copiableAttributes: instance {instance.Key} does not exist in series {seriesUid} of the source image set.");
                instances[instance.Key] = sourceInstance.DeepClone();
            }
            series[Instances] = instances;
            return series;
        }

        /// <summary>Merges <paramref name="subset"/> (from <see cref="SelectSubset"/>) into a deep clone of <paramref name="destination"/>.
        /// Consistency (Assumed rule): Patient DICOM, Study DICOM and, for each series present in both, the Series DICOM must agree
        /// on every element present on both sides; an element present on one side only is not a mismatch, and it is added to the
        /// destination when that level is consistent. Without force a mismatch fails the copy with the service's message; with force
        /// each mismatched level keeps the destination's metadata unchanged. Duplicate SOP Instance UIDs fail the copy even with force.
        /// <see cref="CopyOutcome.Forced"/> reports that the copy was requested with force (the version's overrides.forced).</summary>
        public static CopyOutcome Merge(JsonObject destination, JsonObject subset, bool force)
        {
            var outcome = new CopyOutcome { Forced = force };
            JsonObject merged = CloneObject(destination);

            JsonObject? sourceSeriesMap = SeriesMap(subset);
            JsonObject destinationSeriesMap = GetOrCreateObject(GetOrCreateObject(merged, Study), Series);

            bool patientAgrees = Agrees(LevelDicom(subset, Patient), LevelDicom(merged, Patient));
            bool studyAgrees = Agrees(LevelDicom(subset, Study), LevelDicom(merged, Study));
            var disagreeingSeries = new HashSet<string>();
            if (sourceSeriesMap != null)
            {
                foreach (var series in sourceSeriesMap)
                {
                    if (destinationSeriesMap[series.Key] is JsonObject destinationSeries
                        && !Agrees((series.Value as JsonObject)?[Dicom] as JsonObject, destinationSeries[Dicom] as JsonObject))
                    {
                        disagreeingSeries.Add(series.Key);
                    }
                }
            }
            if (!force)
            {
                string? mismatched = !patientAgrees ? "Patient" : !studyAgrees ? "Study" : disagreeingSeries.Count > 0 ? "Series" : null;
                if (mismatched != null)
                {
                    outcome.FailureMessage = $"INVALID_REQUEST: {mismatched} of SourceImageSet and DestinationImageSet don't match.";
                    return outcome;
                }
            }

            if (sourceSeriesMap != null)
            {
                foreach (var series in sourceSeriesMap)
                {
                    foreach (var instance in (series.Value as JsonObject)?[Instances] as JsonObject ?? new JsonObject())
                    {
                        if (ContainsInstance(merged, instance.Key))
                        {
                            outcome.FailureMessage = $"INVALID_REQUEST: SOP Instance UID {instance.Key} already exists in DestinationImageSet.";
                            return outcome;
                        }
                    }
                }
            }

            if (patientAgrees)
                AddMissingElements(merged, Patient, LevelDicom(subset, Patient));
            if (studyAgrees)
                AddMissingElements(merged, Study, LevelDicom(subset, Study));
            if (sourceSeriesMap != null)
            {
                foreach (var series in sourceSeriesMap)
                    MergeSeries(destinationSeriesMap, series.Key, (JsonObject)series.Value!, disagreeingSeries.Contains(series.Key));
            }
            outcome.Document = merged;
            return outcome;
        }

        private static void MergeSeries(JsonObject destinationSeriesMap, string seriesUid, JsonObject sourceSeries, bool keepDestinationMetadata)
        {
            if (destinationSeriesMap[seriesUid] is not JsonObject destinationSeries)
            {
                destinationSeriesMap[seriesUid] = CloneObject(sourceSeries);
                return;
            }
            if (!keepDestinationMetadata && sourceSeries[Dicom] is JsonObject sourceDicom)
                AddMissing(GetOrCreateObject(destinationSeries, Dicom), sourceDicom);
            JsonObject destinationInstances = GetOrCreateObject(destinationSeries, Instances);
            foreach (var instance in sourceSeries[Instances] as JsonObject ?? new JsonObject())
                destinationInstances[instance.Key] = instance.Value?.DeepClone();
        }

        private static JsonObject? LevelDicom(JsonObject document, string level) => (document[level] as JsonObject)?[Dicom] as JsonObject;

        /// <summary>True when every element present in both has the same value.</summary>
        private static bool Agrees(JsonObject? source, JsonObject? destination)
        {
            if (source == null || destination == null)
                return true;
            foreach (var element in source)
            {
                if (destination.TryGetPropertyValue(element.Key, out JsonNode? other) && !JsonNode.DeepEquals(element.Value, other))
                    return false;
            }
            return true;
        }

        private static void AddMissingElements(JsonObject merged, string level, JsonObject? sourceDicom)
        {
            if (sourceDicom != null)
                AddMissing(GetOrCreateObject(GetOrCreateObject(merged, level), Dicom), sourceDicom);
        }

        private static void AddMissing(JsonObject target, JsonObject source)
        {
            foreach (var element in source)
            {
                if (!target.ContainsKey(element.Key))
                    target[element.Key] = element.Value?.DeepClone();
            }
        }
    }
}
