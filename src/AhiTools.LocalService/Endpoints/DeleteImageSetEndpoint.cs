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
                var (_, imageSet) = WriteGuards.RequireWritable(state, datastoreId, imageSetId, null);
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
                response = ImageSetJson.WriteAccepted(datastoreId, imageSetId, latest);
                state.MarkChanged();
            }
            workflow.Schedule(datastoreId, imageSetId, versionId);
            return WireFormat.Json(response);
        }
    }
}
