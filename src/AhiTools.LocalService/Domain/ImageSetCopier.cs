using System;
using System.Text.Json.Nodes;

namespace AhiTools.LocalService.Domain
{
    public static class ImageSetCopier
    {
        public static JsonObject SelectSubset(JsonObject source, JsonObject? copiableAttributes) => throw new NotImplementedException();
        public static CopyOutcome Merge(JsonObject destination, JsonObject subset, bool force) => throw new NotImplementedException();
    }
}
