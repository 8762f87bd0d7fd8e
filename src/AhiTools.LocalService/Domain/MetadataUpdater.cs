using System;
using System.Text.Json.Nodes;

namespace AhiTools.LocalService.Domain
{
    public static class MetadataUpdater
    {
        public static void Validate(JsonObject? updatable, JsonObject? removable, bool force) => throw new NotImplementedException();
        public static JsonObject Apply(JsonObject document, JsonObject? updatable, JsonObject? removable, bool force) => throw new NotImplementedException();
    }
}
