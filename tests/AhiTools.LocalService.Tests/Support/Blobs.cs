using System;
using System.Text;
using System.Text.Json.Nodes;

namespace AhiTools.LocalService.Tests.Support
{
    /// <summary>Request bodies for the write operations, shaped per the API model.</summary>
    public static class Blobs
    {
        public static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

        public static string Updates(string? updatable = null, string? removable = null)
        {
            var updates = new JsonObject();
            if (updatable != null) updates["updatableAttributes"] = Base64(updatable);
            if (removable != null) updates["removableAttributes"] = Base64(removable);
            return new JsonObject { ["DICOMUpdates"] = updates }.ToJsonString();
        }

        public static string PatientName(string name)
            => Updates("{\"SchemaVersion\":1.1,\"Patient\":{\"DICOM\":{\"PatientName\":\"" + name + "\"}}}");

        public static string Copy(string sourceLatest, string? copiable = null, string? destinationId = null, string? destinationLatest = null)
        {
            var source = new JsonObject { ["latestVersionId"] = sourceLatest };
            if (copiable != null) source["DICOMCopies"] = new JsonObject { ["copiableAttributes"] = copiable };
            var body = new JsonObject { ["sourceImageSet"] = source };
            if (destinationId != null) body["destinationImageSet"] = new JsonObject { ["imageSetId"] = destinationId, ["latestVersionId"] = destinationLatest };
            return body.ToJsonString();
        }
    }
}
