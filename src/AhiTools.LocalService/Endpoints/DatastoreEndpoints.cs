using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AhiTools.LocalService.Errors;
using AhiTools.LocalService.Hosting;
using AhiTools.LocalService.Http;
using AhiTools.LocalService.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AhiTools.LocalService.Endpoints
{
    /// <summary>CreateDatastore, GetDatastore, ListDatastores, DeleteDatastore (control plane).</summary>
    public static class DatastoreEndpoints
    {
        private static readonly Regex NamePattern = new Regex("^[A-Za-z0-9._/#-]{1,256}$", RegexOptions.CultureInvariant);
        private static readonly Regex ClientTokenPattern = new Regex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant);

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
            lock (state.Gate)
            {
                var existing = state.Datastores.Values.FirstOrDefault(d => d.ClientToken == clientToken);
                var datastore = existing ?? state.AddDatastore(null, name ?? "datastore", EndpointConventions.SigningRegion(context, options.DefaultRegion));
                datastore.ClientToken = clientToken;
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
                return WireFormat.Json(new JsonObject { ["datastoreProperties"] = properties });
            }
        }

        private static IResult List(HttpContext context, ServiceState state)
        {
            var statusFilter = RequestValues.Query(context, "datastoreStatus");
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

        private static JsonObject Summary(DatastoreRecord datastore) => new JsonObject
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
