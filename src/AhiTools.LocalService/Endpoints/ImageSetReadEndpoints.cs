namespace AhiTools.LocalService.Endpoints
{
    /// <summary>GetImageSet, ListImageSetVersions, GetImageSetMetadata (data plane, all POST).</summary>
    public static class ImageSetReadEndpoints
    {
        private const string ImageSetPath = "/datastore/{datastoreId}/imageSet/{imageSetId}";

        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapPost(ImageSetPath + "/getImageSet", GetImageSet).Operation("GetImageSet");
            app.MapPost(ImageSetPath + "/listImageSetVersions", ListVersions).Operation("ListImageSetVersions");
            app.MapPost(ImageSetPath + "/getImageSetMetadata", GetMetadata).Operation("GetImageSetMetadata");
        }

        private static IResult GetImageSet(HttpContext context, string datastoreId, string imageSetId, ServiceState state)
        {
            RequestValues.DatastoreId(datastoreId);
            RequestValues.ImageSetId(imageSetId);
            var versionId = RequestValues.OptionalVersionQuery(context, "version");
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var imageSet = state.RequireImageSet(datastore, imageSetId);
                var version = ServiceState.RequireVersion(imageSet, versionId);
                return WireFormat.Json(ImageSetJson.GetImageSet(datastore, imageSet, version));
            }
        }

        private static IResult ListVersions(HttpContext context, string datastoreId, string imageSetId, ServiceState state)
        {
            RequestValues.DatastoreId(datastoreId);
            RequestValues.ImageSetId(imageSetId);
            var maxResults = RequestValues.MaxResults(context, 50);
            // The token carries the version number the next page starts at, so versions added while a client pages
            // (they are newer, so they would come first) do not shift the pages.
            var listing = "versions:" + imageSetId;
            var token = RequestValues.Query(context, "nextToken");
            var startAt = token == null ? long.MaxValue : PageToken.Read(token, listing);
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var imageSet = state.RequireImageSet(datastore, imageSetId);
                var remaining = Enumerable.Reverse(imageSet.Versions).Where(v => VersionNumber(v) <= startAt).ToList();
                var page = remaining.Take(maxResults).Select(v => (JsonNode)ImageSetJson.VersionListItem(imageSet, v)).ToArray();
                var body = new JsonObject { ["imageSetPropertiesList"] = new JsonArray(page) };
                if (remaining.Count > maxResults) body["nextToken"] = PageToken.Create(listing, (int)VersionNumber(remaining[maxResults]));
                return WireFormat.Json(body);
            }
        }

        private static long VersionNumber(ImageSetVersionRecord version)
            => long.Parse(version.VersionId, System.Globalization.CultureInfo.InvariantCulture);

        private static IResult GetMetadata(HttpContext context, string datastoreId, string imageSetId, ServiceState state)
        {
            RequestValues.DatastoreId(datastoreId);
            RequestValues.ImageSetId(imageSetId);
            var versionId = RequestValues.OptionalVersionQuery(context, "version");
            StoredDocument document;
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var imageSet = state.RequireImageSet(datastore, imageSetId);
                if (imageSet.IsDeleted) throw ServiceException.NotFound($"Image set {imageSetId} has been deleted.");
                document = ServiceState.RequireVersion(imageSet, versionId).Document;
            }
            context.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(document.Gzip(), "application/json");
        }
    }
}
