using System.Text.RegularExpressions;

namespace AhiTools.LocalService.Endpoints
{
    /// <summary>CreateDatastore, GetDatastore, ListDatastores, DeleteDatastore (control plane).</summary>
    public static class DatastoreEndpoints
    {
        private static readonly Regex NamePattern = new("^[A-Za-z0-9._/#-]{1,256}$", RegexOptions.CultureInvariant);
        private static readonly Regex ClientTokenPattern = new("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex KmsKeyArnPattern = new(
            @"^arn:aws[a-zA-Z-]{0,16}:kms:[a-z]{2}(-[a-z]{1,16}){1,3}-\d{1}:\d{12}:((key/[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12})|(alias/[a-zA-Z0-9:/_-]{1,256}))$",
            RegexOptions.CultureInvariant);
        private static readonly Regex LambdaArnPattern = new(
            @"^arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?$",
            RegexOptions.CultureInvariant);
        private static readonly string[] LosslessStorageFormats = { "HTJ2K", "JPEG_2000_LOSSLESS" };
        private static readonly string[] DatastoreStatuses = { "CREATING", "CREATE_FAILED", "ACTIVE", "DELETING", "DELETED" };

        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapPost("/datastore", Create).Operation("CreateDatastore", isWrite: true);
            app.MapGet("/datastore", List).Operation("ListDatastores");
            app.MapGet("/datastore/{datastoreId}", Get).Operation("GetDatastore");
            app.MapDelete("/datastore/{datastoreId}", Delete).Operation("DeleteDatastore", isWrite: true);
        }

        private static async Task<IResult> Create(HttpContext context, ServiceState state, ServiceOptions options)
        {
            var body = RequestValues.JsonBody(await RequestBody.ReadAsync(context));
            var name = RequestValues.OptionalString(body, "datastoreName");
            var clientToken = RequestValues.OptionalString(body, "clientToken");
            if (clientToken == null || !ClientTokenPattern.IsMatch(clientToken))
                throw ServiceException.Validation("1 validation error detected: Value at 'clientToken' failed to satisfy constraint: Member must not be null and must match [A-Za-z0-9._-]{1,64}");
            if (name != null && !NamePattern.IsMatch(name))
                throw ServiceException.Validation("1 validation error detected: Value at 'datastoreName' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9._/#-]+");
            var kmsKeyArn = RequestValues.OptionalString(body, "kmsKeyArn");
            if (kmsKeyArn != null && (kmsKeyArn.Length > 512 || !KmsKeyArnPattern.IsMatch(kmsKeyArn)))
                throw ServiceException.Validation("1 validation error detected: Value at 'kmsKeyArn' failed to satisfy constraint: Member must be a KMS key or alias ARN");
            var lambdaArn = RequestValues.OptionalString(body, "lambdaAuthorizerArn");
            if (lambdaArn != null && !LambdaArnPattern.IsMatch(lambdaArn))
                throw ServiceException.Validation("1 validation error detected: Value at 'lambdaAuthorizerArn' failed to satisfy constraint: Member must be a Lambda function ARN");
            var storageFormat = RequestValues.OptionalString(body, "losslessStorageFormat");
            if (storageFormat != null && Array.IndexOf(LosslessStorageFormats, storageFormat) < 0)
                throw ServiceException.Validation("1 validation error detected: Value at 'losslessStorageFormat' failed to satisfy constraint: Member must satisfy enum value set: [HTJ2K, JPEG_2000_LOSSLESS]");
            lock (state.Gate)
            {
                var existing = state.Datastores.Values.FirstOrDefault(d => d.ClientToken == clientToken);
                var datastore = existing ?? state.AddDatastore(null, name ?? "datastore", EndpointConventions.SigningRegion(context, options.DefaultRegion));
                if (existing == null)
                {
                    datastore.ClientToken = clientToken;
                    datastore.KmsKeyArn = kmsKeyArn;
                    datastore.LambdaAuthorizerArn = lambdaArn;
                    datastore.LosslessStorageFormat = storageFormat;
                }
                state.MarkChanged();
                return WireFormat.Json(new JsonObject { ["datastoreId"] = datastore.Id, ["datastoreStatus"] = datastore.Status });
            }
        }

        private static IResult Get(string datastoreId, ServiceState state)
        {
            RequestValues.DatastoreId(datastoreId);
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var properties = Summary(datastore);
                properties.AddIfNotNull("kmsKeyArn", datastore.KmsKeyArn);
                properties.AddIfNotNull("lambdaAuthorizerArn", datastore.LambdaAuthorizerArn);
                properties.AddIfNotNull("losslessStorageFormat", datastore.LosslessStorageFormat);
                return WireFormat.Json(new JsonObject { ["datastoreProperties"] = properties });
            }
        }

        private static IResult List(HttpContext context, ServiceState state)
        {
            var statusFilter = RequestValues.Query(context, "datastoreStatus");
            if (statusFilter != null && Array.IndexOf(DatastoreStatuses, statusFilter) < 0)
                throw ServiceException.Validation("1 validation error detected: Value at 'datastoreStatus' failed to satisfy constraint: Member must satisfy enum value set: [CREATING, CREATE_FAILED, ACTIVE, DELETING, DELETED]");
            var maxResults = RequestValues.MaxResults(context, 50);
            var listing = "datastores:" + (statusFilter ?? "");
            var offset = PageToken.Read(RequestValues.Query(context, "nextToken"), listing);
            lock (state.Gate)
            {
                var all = state.OrderedDatastores().Where(d => statusFilter == null || d.Status == statusFilter).ToList();
                var page = all.Skip(offset).Take(maxResults).Select(d => (JsonNode)Summary(d)).ToArray();
                var body = new JsonObject { ["datastoreSummaries"] = new JsonArray(page) };
                if (offset + maxResults < all.Count) body["nextToken"] = PageToken.Create(listing, offset + maxResults);
                return WireFormat.Json(body);
            }
        }

        private static IResult Delete(string datastoreId, ServiceState state)
        {
            RequestValues.DatastoreId(datastoreId);
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                if (datastore.ImageSets.Values.Any(s => !s.IsDeleted))
                    throw ServiceException.Conflict($"Datastore {datastoreId} still holds image sets; delete them first.");
                state.Datastores.Remove(datastoreId);
                state.MarkChanged();
                return WireFormat.Json(new JsonObject { ["datastoreId"] = datastoreId, ["datastoreStatus"] = "DELETING" });
            }
        }

        private static JsonObject Summary(DatastoreRecord datastore) => new()
        {
            ["datastoreId"] = datastore.Id,
            ["datastoreName"] = datastore.Name,
            ["datastoreStatus"] = datastore.Status,
            ["datastoreArn"] = datastore.Arn,
            ["createdAt"] = WireFormat.Timestamp(datastore.CreatedAt),
            ["updatedAt"] = WireFormat.Timestamp(datastore.UpdatedAt),
        };
    }
}
