using static AhiTools.LocalService.Domain.MetadataDocumentShape;

namespace AhiTools.LocalService.Domain
{
    /// <summary>UpdateImageSetMetadata's DICOMUpdates: the synchronous checks and the change to the stored document.</summary>
    public static class MetadataUpdater
    {
        /// <summary>Checks a DICOMUpdates request before it is accepted: document shape and levels, never-updatable elements
        /// (refused even with force) and force-only changes (identity UIDs, StudyID, instance-level private tags and their VRs,
        /// SQ and multi-valued values, removing a series or an instance).</summary>
        /// <exception cref="MetadataRuleViolation">The request breaks a rule; the message names the element.</exception>
        public static void Validate(JsonObject? updatable, JsonObject? removable, bool force)
        {
            if (updatable == null && removable == null)
                throw new MetadataRuleViolation("DICOMUpdates must carry updatableAttributes, removableAttributes or both.");
            if (updatable != null)
                UpdateRequestValidator.CheckUpdatable(updatable, force);
            if (removable != null)
                UpdateRequestValidator.CheckRemovable(removable, force);
        }

        /// <summary>Returns a new document: a deep clone of <paramref name="document"/> with the removals applied, then the updates.
        /// The request is validated again first, so a caller cannot skip the rules.</summary>
        /// <exception cref="MetadataRuleViolation">The request breaks a rule or names a series or instance the document lacks
        /// (the caller turns that into UPDATE_FAILED).</exception>
        public static JsonObject Apply(JsonObject document, JsonObject? updatable, JsonObject? removable, bool force)
        {
            Validate(updatable, removable, force);
            JsonObject result = CloneObject(document);
            bool hadInstances = CountInstances(result) > 0;
            if (removable != null)
                ApplyRemovals(result, removable);
            if (updatable != null)
                ApplyUpdates(result, updatable);
            // Assumed: an image set always holds at least one instance, so an update may not remove them all.
            if (hadInstances && CountInstances(result) == 0)
                throw new MetadataRuleViolation("The update would remove every instance of the image set.");
            return result;
        }

        private static void ApplyRemovals(JsonObject result, JsonObject removable)
        {
            if (removable[Patient] is JsonObject patient)
                RemoveElements((result[Patient] as JsonObject)?[Dicom] as JsonObject, patient[Dicom] as JsonObject, null);
            if (removable[Study] is not JsonObject study)
                return;
            RemoveElements((result[Study] as JsonObject)?[Dicom] as JsonObject, study[Dicom] as JsonObject, null);
            foreach (var (seriesMap, seriesUid, series, request) in SeriesRequests(result, study))
            {
                if (IsEmpty(request))
                {
                    seriesMap.Remove(seriesUid);
                    continue;
                }
                RemoveElements(series[Dicom] as JsonObject, request[Dicom] as JsonObject, null);
                RemoveElements(series[DicomVrs] as JsonObject, request[DicomVrs] as JsonObject, null);
                if (request[Instances] is not JsonObject instanceRequests || IsEmpty(instanceRequests))
                    continue;
                JsonObject instances = series[Instances] as JsonObject ?? new JsonObject();
                foreach (var instanceRequest in instanceRequests)
                {
                    JsonObject instance = RequireExistingInstance(instances, seriesUid, instanceRequest.Key);
                    var instanceChange = (JsonObject)instanceRequest.Value!;
                    if (IsEmpty(instanceChange))
                    {
                        instances.Remove(instanceRequest.Key);
                        continue;
                    }
                    RemoveElements(instance[Dicom] as JsonObject, instanceChange[Dicom] as JsonObject, instance[DicomVrs] as JsonObject);
                    RemoveElements(instance[DicomVrs] as JsonObject, instanceChange[DicomVrs] as JsonObject, null);
                }
                // Assumed: a series whose last instance is removed is removed with it.
                if (IsEmpty(instances))
                    seriesMap.Remove(seriesUid);
            }
        }

        /// <summary>
        /// Each series a request names under Study.Series, in request order, with the document's series map and the
        /// series it already holds (a ValidationException for one it lacks).
        /// </summary>
        private static IEnumerable<(JsonObject SeriesMap, string SeriesUid, JsonObject Series, JsonObject Request)> SeriesRequests(
            JsonObject result, JsonObject study)
        {
            if (study[Series] is not JsonObject seriesRequests)
                yield break;
            foreach (var (seriesUid, request) in seriesRequests)
            {
                JsonObject seriesMap = SeriesMap(result) ?? new JsonObject();
                yield return (seriesMap, seriesUid, RequireExistingSeries(seriesMap, seriesUid), (JsonObject)request!);
            }
        }

        /// <summary>Removes each named element if present; the value given in the request is not compared.
        /// A removed private tag also loses its entry in <paramref name="vrs"/>.</summary>
        private static void RemoveElements(JsonObject? target, JsonObject? names, JsonObject? vrs)
        {
            if (target == null || names == null)
                return;
            foreach (var name in names)
            {
                target.Remove(name.Key);
                if (vrs != null && DicomElementRules.IsPrivateTag(name.Key))
                    vrs.Remove(name.Key);
            }
        }

        private static void ApplyUpdates(JsonObject result, JsonObject updatable)
        {
            if (updatable[Patient] is JsonObject patient && patient[Dicom] is JsonObject patientDicom)
                SetElements(GetOrCreateObject(GetOrCreateObject(result, Patient), Dicom), patientDicom);
            if (updatable[Study] is not JsonObject study)
                return;
            if (study[Dicom] is JsonObject studyDicom)
                SetElements(GetOrCreateObject(GetOrCreateObject(result, Study), Dicom), studyDicom);
            foreach (var (seriesMap, seriesUid, series, request) in SeriesRequests(result, study))
            {
                SetDicomElements(series, request);
                if (request[Instances] is JsonObject instanceRequests)
                {
                    foreach (var instanceRequest in instanceRequests)
                        UpdateInstance(result, series, seriesUid, instanceRequest.Key, (JsonObject)instanceRequest.Value!);
                }
                if (request[Dicom]?[DicomElementRules.SeriesInstanceUid] is JsonValue newSeriesUid)
                    RekeySeries(seriesMap, seriesUid, newSeriesUid.GetValue<string>());
            }
        }

        private static void UpdateInstance(JsonObject result, JsonObject series, string seriesUid, string sopInstanceUid, JsonObject request)
        {
            JsonObject instances = series[Instances] as JsonObject ?? new JsonObject();
            JsonObject instance = RequireExistingInstance(instances, seriesUid, sopInstanceUid);
            SetDicomElements(instance, request);
            if (request[Dicom] is JsonObject changed)
            {
                foreach (var element in changed)
                {
                    if (DicomElementRules.IsPrivateTag(element.Key) && (instance[DicomVrs] as JsonObject)?.ContainsKey(element.Key) != true)
                        throw new MetadataRuleViolation($"Private tag {element.Key} of instance {sopInstanceUid} needs its VR in DICOMVRs.");
                }
            }
            if (request[Dicom]?[DicomElementRules.SopInstanceUid] is JsonValue newSopUid)
            {
                string newKey = newSopUid.GetValue<string>();
                if (newKey == sopInstanceUid)
                    return;
                if (ContainsInstance(result, newKey))
                    throw new MetadataRuleViolation($"SOP Instance UID {newKey} already exists in the image set.");
                RenameKey(instances, sopInstanceUid, newKey);
            }
        }

        private static void RekeySeries(JsonObject seriesMap, string oldUid, string newUid)
        {
            if (newUid == oldUid)
                return;
            if (seriesMap.ContainsKey(newUid))
                throw new MetadataRuleViolation($"Series {newUid} already exists in the image set.");
            RenameKey(seriesMap, oldUid, newUid);
        }

        /// <summary>Sets the DICOM and DICOMVRs elements a request gives for a series or an instance.</summary>
        private static void SetDicomElements(JsonObject target, JsonObject request)
        {
            if (request[Dicom] is JsonObject dicom)
                SetElements(GetOrCreateObject(target, Dicom), dicom);
            if (request[DicomVrs] is JsonObject vrs)
                SetElements(GetOrCreateObject(target, DicomVrs), vrs);
        }

        private static void SetElements(JsonObject target, JsonObject values)
        {
            foreach (var element in values)
                target[element.Key] = element.Value?.DeepClone();
        }

        private static JsonObject RequireExistingSeries(JsonObject seriesMap, string seriesUid)
            => seriesMap[seriesUid] as JsonObject
               ?? throw new MetadataRuleViolation($"Series {seriesUid} does not exist in the image set.");

        private static JsonObject RequireExistingInstance(JsonObject instances, string seriesUid, string sopInstanceUid)
            => instances[sopInstanceUid] as JsonObject
               ?? throw new MetadataRuleViolation($"Instance {sopInstanceUid} does not exist in series {seriesUid}.");

        private static int CountInstances(JsonObject document)
        {
            int count = 0;
            JsonObject? seriesMap = SeriesMap(document);
            if (seriesMap == null)
                return 0;
            foreach (var series in seriesMap)
                count += ((series.Value as JsonObject)?[Instances] as JsonObject)?.Count ?? 0;
            return count;
        }
    }
}
