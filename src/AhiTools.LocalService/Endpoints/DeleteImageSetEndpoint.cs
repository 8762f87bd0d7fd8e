namespace AhiTools.LocalService.Endpoints
{
    /// <summary>DeleteImageSet: answered LOCKED/DELETING; after the workflow delay every version is DELETED (still readable).</summary>
    public static class DeleteImageSetEndpoint
    {
        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapPost("/datastore/{datastoreId}/imageSet/{imageSetId}/deleteImageSet", Handle)
                .Operation("DeleteImageSet", isWrite: true);
        }

        private static IResult Handle(string datastoreId, string imageSetId, ServiceState state, WriteWorkflow workflow)
        {
            RequestValues.DatastoreId(datastoreId);
            RequestValues.ImageSetId(imageSetId);
            string versionId;
            JsonObject response;
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var imageSet = state.RequireImageSet(datastore, imageSetId);
                WriteGuards.RequireWritable(imageSet, null);
                var now = ServiceState.Now();
                var latest = imageSet.Latest;
                latest.Pending = new PendingOutcome(latest.Document, ImageSetStates.Deleted, ImageSetStates.DeletedStatus, workflow.DueAt(now))
                {
                    Message = latest.Message,
                    Forced = latest.Forced,
                };
                latest.State = ImageSetStates.Locked;
                latest.WorkflowStatus = ImageSetStates.Deleting;
                latest.UpdatedAt = now;
                versionId = latest.VersionId;
                response = new JsonObject
                {
                    ["datastoreId"] = datastoreId,
                    ["imageSetId"] = imageSetId,
                    ["imageSetState"] = latest.State,
                    ["imageSetWorkflowStatus"] = latest.WorkflowStatus,
                };
                state.MarkChanged();
            }
            workflow.Schedule(datastoreId, imageSetId, versionId);
            return WireFormat.Json(response);
        }
    }
}
