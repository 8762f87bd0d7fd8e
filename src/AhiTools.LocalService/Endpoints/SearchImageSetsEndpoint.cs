namespace AhiTools.LocalService.Endpoints
{
    /// <summary>SearchImageSets over the latest version of every image set that is not deleted.</summary>
    public static class SearchImageSetsEndpoint
    {
        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapPost("/datastore/{datastoreId}/searchImageSets", Handle).Operation("SearchImageSets");
        }

        private static async Task<IResult> Handle(HttpContext context, string datastoreId, ServiceState state)
        {
            RequestValues.DatastoreId(datastoreId);
            var maxResults = RequestValues.MaxResults(context, 50);
            var criteria = RequestValues.JsonBody(await RequestBody.ReadAsync(context));
            var filters = SearchFilter.ParseAll(criteria["filters"]);
            var sort = ParseSort(criteria["sort"]);
            var listing = "search:" + datastoreId + ":" + criteria.ToJsonString().GetHashCode().ToString("x");
            var offset = PageToken.Read(RequestValues.Query(context, "nextToken"), listing);

            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var matches = datastore.ImageSets.Values
                    .Where(s => !s.IsDeleted)
                    .Where(s => filters.All(f => f.Matches(s)))
                    .ToList();
                var ordered = Order(matches, sort?.Field ?? "updatedAt", sort?.Ascending ?? false).ToList();
                var page = ordered.Skip(offset).Take(maxResults).Select(s => (JsonNode)Summary(s)).ToArray();
                var body = new JsonObject { ["imageSetsMetadataSummaries"] = new JsonArray(page) };
                if (sort != null) body["sort"] = new JsonObject { ["sortOrder"] = sort.Ascending ? "ASC" : "DESC", ["sortField"] = sort.Field };
                if (offset + maxResults < ordered.Count) body["nextToken"] = PageToken.Create(listing, offset + maxResults);
                return WireFormat.Json(body);
            }
        }

        private sealed class SortSpec
        {
            public string Field = "updatedAt";
            public bool Ascending;
        }

        private static SortSpec? ParseSort(JsonNode? node)
        {
            if (node == null) return null;
            if (node is not JsonObject sort) throw ServiceException.Validation("sort must be an object.");
            var order = RequestValues.OptionalString(sort, "sortOrder");
            var field = RequestValues.OptionalString(sort, "sortField");
            if (order != "ASC" && order != "DESC") throw ServiceException.Validation("sort.sortOrder must be ASC or DESC.");
            if (field != "updatedAt" && field != "createdAt" && field != "DICOMStudyDateAndTime")
                throw ServiceException.Validation("sort.sortField must be updatedAt, createdAt or DICOMStudyDateAndTime.");
            return new SortSpec { Field = field, Ascending = order == "ASC" };
        }

        private static IEnumerable<ImageSetRecord> Order(List<ImageSetRecord> sets, string field, bool ascending)
        {
            Func<ImageSetRecord, string> key = field switch
            {
                "createdAt" => s => s.Versions[0].CreatedAt.ToUnixTimeMilliseconds().ToString("D20"),
                "DICOMStudyDateAndTime" => s => SearchFilter.StudyDateTime(s.Latest.Document.Summary),
                _ => s => s.Latest.UpdatedAt.ToUnixTimeMilliseconds().ToString("D20"),
            };
            var ordered = ascending ? sets.OrderBy(key, StringComparer.Ordinal) : sets.OrderByDescending(key, StringComparer.Ordinal);
            return ordered.ThenBy(s => s.Id, StringComparer.Ordinal);
        }

        private static JsonObject Summary(ImageSetRecord imageSet)
        {
            var latest = imageSet.Latest;
            var summary = latest.Document.Summary;
            var tags = new JsonObject();
            tags.AddIfNotNull("DICOMPatientId", summary.PatientId);
            tags.AddIfNotNull("DICOMPatientName", summary.PatientName);
            tags.AddIfNotNull("DICOMPatientBirthDate", summary.PatientBirthDate);
            tags.AddIfNotNull("DICOMPatientSex", summary.PatientSex);
            tags.AddIfNotNull("DICOMStudyInstanceUID", summary.StudyInstanceUid);
            tags.AddIfNotNull("DICOMStudyId", summary.StudyId);
            tags.AddIfNotNull("DICOMStudyDescription", summary.StudyDescription);
            tags["DICOMNumberOfStudyRelatedSeries"] = summary.Series.Count;
            tags["DICOMNumberOfStudyRelatedInstances"] = summary.InstanceCount;
            tags.AddIfNotNull("DICOMAccessionNumber", summary.AccessionNumber);
            if (summary.Series.Count > 0)
            {
                var first = summary.Series[0];
                tags["DICOMSeriesInstanceUID"] = first.Uid;
                tags.AddIfNotNull("DICOMSeriesModality", first.Modality);
                tags.AddIfNotNull("DICOMSeriesBodyPart", first.BodyPart);
                if (first.SeriesNumber is { } number) tags["DICOMSeriesNumber"] = number;
            }
            tags.AddIfNotNull("DICOMStudyDate", summary.StudyDate);
            tags.AddIfNotNull("DICOMStudyTime", summary.StudyTime);
            return new JsonObject
            {
                ["imageSetId"] = imageSet.Id,
                ["version"] = int.Parse(latest.VersionId, System.Globalization.CultureInfo.InvariantCulture),
                ["createdAt"] = WireFormat.Timestamp(imageSet.Versions[0].CreatedAt),
                ["updatedAt"] = WireFormat.Timestamp(latest.UpdatedAt),
                ["storageTier"] = "FREQUENT_ACCESS",
                ["DICOMTags"] = tags,
                ["isPrimary"] = latest.IsPrimary,
            };
        }
    }
}
