using System.Text.Json.Nodes;
using AhiTools.LocalService.Domain;
using AhiTools.LocalService.Errors;

namespace AhiTools.LocalService.Seeding
{
    /// <summary>Reads GeneratorOptions from JSON (camelCase or PascalCase member names).</summary>
    public static class GeneratorOptionsReader
    {
        public static GeneratorOptions Read(JsonObject? json)
        {
            var options = new GeneratorOptions();
            if (json == null) return options;
            options.Patients = Int(json, "patients") ?? options.Patients;
            options.StudiesPerPatient = Int(json, "studiesPerPatient") ?? options.StudiesPerPatient;
            options.SeriesPerStudy = Int(json, "seriesPerStudy") ?? options.SeriesPerStudy;
            options.InstancesPerSeries = Int(json, "instancesPerSeries") ?? options.InstancesPerSeries;
            options.Seed = Int(json, "seed");
            options.TargetBytes = Long(json, "targetBytes");
            return options;
        }

        private static JsonNode? Member(JsonObject json, string camelName)
        {
            var pascal = char.ToUpperInvariant(camelName[0]) + camelName.Substring(1);
            return json[camelName] ?? json[pascal];
        }

        private static int? Int(JsonObject json, string name)
        {
            var node = Member(json, name);
            if (node == null) return null;
            if (node is JsonValue value && value.TryGetValue<int>(out var number) && number >= 0) return number;
            throw ServiceException.Validation($"Generator option '{name}' must be a non-negative integer.");
        }

        private static long? Long(JsonObject json, string name)
        {
            var node = Member(json, name);
            if (node == null) return null;
            if (node is JsonValue value && value.TryGetValue<long>(out var number) && number >= 0) return number;
            throw ServiceException.Validation($"Generator option '{name}' must be a non-negative integer.");
        }
    }
}
