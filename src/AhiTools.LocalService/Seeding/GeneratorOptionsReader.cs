namespace AhiTools.LocalService.Seeding
{
    /// <summary>Reads GeneratorOptions from JSON (camelCase or PascalCase member names).</summary>
    public static class GeneratorOptionsReader
    {
        public static GeneratorOptions Read(JsonObject? json)
        {
            var options = new GeneratorOptions();
            if (json == null) return options;
            options.Patients = Int(json, "patients", 1) ?? options.Patients;
            options.StudiesPerPatient = Int(json, "studiesPerPatient", 1) ?? options.StudiesPerPatient;
            options.SeriesPerStudy = Int(json, "seriesPerStudy", 1) ?? options.SeriesPerStudy;
            options.InstancesPerSeries = Int(json, "instancesPerSeries", 1) ?? options.InstancesPerSeries;
            options.Seed = Int(json, "seed", 0);
            options.TargetBytes = Long(json, "targetBytes", 1, SyntheticStudyGenerator.MaxMetadataBytes);
            return options;
        }

        private static JsonNode? Member(JsonObject json, string camelName)
        {
            var pascal = char.ToUpperInvariant(camelName[0]) + camelName.Substring(1);
            return json[camelName] ?? json[pascal];
        }

        private static int? Int(JsonObject json, string name, int minimum)
        {
            var node = Member(json, name);
            if (node == null) return null;
            if (node is JsonValue value && value.TryGetValue<int>(out var number) && number >= minimum) return number;
            throw ServiceException.Validation($"Generator option '{name}' must be an integer of at least {minimum}.");
        }

        private static long? Long(JsonObject json, string name, long minimum, long maximum)
        {
            var node = Member(json, name);
            if (node == null) return null;
            if (node is JsonValue value && value.TryGetValue<long>(out var number) && number >= minimum && number <= maximum) return number;
            throw ServiceException.Validation($"Generator option '{name}' must be an integer from {minimum} to {maximum}.");
        }
    }
}
