namespace AhiTools.LocalService.Endpoints
{
    /// <summary>Renders image set versions in the model's response shapes. Call under the state gate.</summary>
    public static class ImageSetJson
    {
        /// <summary>GetImageSetResponse.</summary>
        public static JsonObject GetImageSet(DatastoreRecord datastore, ImageSetRecord imageSet, ImageSetVersionRecord version)
        {
            var body = new JsonObject
            {
                ["datastoreId"] = datastore.Id,
                ["imageSetId"] = imageSet.Id,
                ["versionId"] = version.VersionId,
                ["imageSetState"] = version.State,
            };
            body.AddIfNotNull("imageSetWorkflowStatus", version.WorkflowStatus);
            AddCommon(body, version);
            body["imageSetArn"] = datastore.ImageSetArn(imageSet.Id);
            body["storageTier"] = "FREQUENT_ACCESS";
            return body;
        }

        /// <summary>An ImageSetProperties item of ListImageSetVersions, with the model's capital-I "ImageSetWorkflowStatus".</summary>
        public static JsonObject VersionListItem(ImageSetRecord imageSet, ImageSetVersionRecord version)
        {
            var item = new JsonObject
            {
                ["imageSetId"] = imageSet.Id,
                ["versionId"] = version.VersionId,
                ["imageSetState"] = version.State,
            };
            item.AddIfNotNull("ImageSetWorkflowStatus", version.WorkflowStatus);
            AddCommon(item, version);
            return item;
        }

        /// <summary>CopySourceImageSetProperties / CopyDestinationImageSetProperties.</summary>
        public static JsonObject CopyProperties(DatastoreRecord datastore, ImageSetRecord imageSet, ImageSetVersionRecord version)
        {
            var item = new JsonObject
            {
                ["imageSetId"] = imageSet.Id,
                ["latestVersionId"] = version.VersionId,
                ["imageSetState"] = version.State,
            };
            item.AddIfNotNull("imageSetWorkflowStatus", version.WorkflowStatus);
            item["createdAt"] = WireFormat.Timestamp(version.CreatedAt);
            item["updatedAt"] = WireFormat.Timestamp(version.UpdatedAt);
            item["imageSetArn"] = datastore.ImageSetArn(imageSet.Id);
            return item;
        }

        /// <summary>
        /// DeleteImageSetResponse, and the part of UpdateImageSetMetadataResponse it shares: the image set's state and
        /// workflow status once the write is accepted.
        /// </summary>
        public static JsonObject WriteAccepted(string datastoreId, string imageSetId, ImageSetVersionRecord version) => new()
        {
            ["datastoreId"] = datastoreId,
            ["imageSetId"] = imageSetId,
            ["imageSetState"] = version.State,
            ["imageSetWorkflowStatus"] = version.WorkflowStatus,
        };

        private static void AddCommon(JsonObject body, ImageSetVersionRecord version)
        {
            body["createdAt"] = WireFormat.Timestamp(version.CreatedAt);
            body["updatedAt"] = WireFormat.Timestamp(version.UpdatedAt);
            if (version.DeletedAt is { } deletedAt) body["deletedAt"] = WireFormat.Timestamp(deletedAt);
            body.AddIfNotNull("message", version.Message);
            body["overrides"] = new JsonObject { ["forced"] = version.Forced };
            body["isPrimary"] = version.IsPrimary;
        }
    }
}
