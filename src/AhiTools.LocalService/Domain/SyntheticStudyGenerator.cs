namespace AhiTools.LocalService.Domain
{
    /// <summary>Makes realistic, entirely synthetic image set metadata documents for seeding the local service.</summary>
    public static class SyntheticStudyGenerator
    {
        /// <summary>HealthImaging's metadata size quota (50 MB); TargetBytes may not ask for more.</summary>
        public const long MaxMetadataBytes = 50L * 1024 * 1024;

        /// <summary>One document per study, Patients × StudiesPerPatient in all, each with SchemaVersion "1.1" and no DatastoreID or
        /// ImageSetID (the caller adds them); the studies of one patient share its Patient elements. The same Seed gives the same
        /// documents. With TargetBytes, InstancesPerSeries is ignored: instances are added round-robin over the series for as long as
        /// the compact JSON stays within TargetBytes, so a document ends less than one instance (about 800 bytes) under its target;
        /// every series keeps at least one instance even when the target is smaller than that.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A count below 1, or TargetBytes outside 1 to <see cref="MaxMetadataBytes"/>.</exception>
        public static IReadOnlyList<JsonObject> Generate(GeneratorOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            RequirePositive(options.Patients, nameof(options.Patients));
            RequirePositive(options.StudiesPerPatient, nameof(options.StudiesPerPatient));
            RequirePositive(options.SeriesPerStudy, nameof(options.SeriesPerStudy));
            RequirePositive(options.InstancesPerSeries, nameof(options.InstancesPerSeries));
            if (options.TargetBytes is long target && (target < 1 || target > MaxMetadataBytes))
                throw new ArgumentOutOfRangeException(nameof(options), $"TargetBytes must be between 1 and {MaxMetadataBytes} (the 50 MB metadata limit).");

            var factory = new SyntheticDicomFactory(options.Seed is int seed ? new Random(seed) : new Random());
            var documents = new List<JsonObject>(options.Patients * options.StudiesPerPatient);
            for (int p = 0; p < options.Patients; p++)
            {
                JsonObject patient = factory.NewPatientDicom();
                for (int s = 0; s < options.StudiesPerPatient; s++)
                {
                    var builder = new SyntheticStudyBuilder(factory, patient, options.SeriesPerStudy);
                    if (options.TargetBytes is long targetBytes)
                        FillToSize(builder, targetBytes);
                    else
                        Fill(builder, options.InstancesPerSeries);
                    documents.Add(builder.Build());
                }
            }
            return documents;
        }

        private static void Fill(SyntheticStudyBuilder builder, int instancesPerSeries)
        {
            for (int i = 0; i < instancesPerSeries; i++)
            {
                for (int series = 0; series < builder.SeriesCount; series++)
                    builder.CommitInstance(series, builder.PrepareInstance(series));
            }
        }

        private static void FillToSize(SyntheticStudyBuilder builder, long targetBytes)
        {
            Fill(builder, 1);
            for (int series = 0; ; series = (series + 1) % builder.SeriesCount)
            {
                var instance = builder.PrepareInstance(series);
                if (builder.Size + instance.Cost > targetBytes)
                    return;
                builder.CommitInstance(series, instance);
            }
        }

        private static void RequirePositive(int value, string name)
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
    }
}
