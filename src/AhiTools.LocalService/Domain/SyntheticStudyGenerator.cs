using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AhiTools.LocalService.Domain
{
    public static class SyntheticStudyGenerator
    {
        public static IReadOnlyList<JsonObject> Generate(GeneratorOptions options) => throw new NotImplementedException();
    }
}
