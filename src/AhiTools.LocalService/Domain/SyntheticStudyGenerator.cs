using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using static AhiTools.LocalService.Domain.MetadataDocumentShape;

namespace AhiTools.LocalService.Domain
{
    /// <summary>Makes realistic, entirely synthetic image set metadata documents for seeding the local service.</summary>
    public static class SyntheticStudyGenerator
    {
        /// <summary>HealthImaging's metadata size quota (50 MB); TargetBytes may not ask for more.</summary>
        public const long MaxMetadataBytes = 50L * 1024 * 1024;

        /// <summary>A sized document lands at most this share, or one instance, below its target, and never above it
        /// (unless the target is smaller than one instance per series).</summary>
        private const double SizeTolerance = 0.02;

        /// <summary>One document per study, Patients × StudiesPerPatient in all, each with SchemaVersion "1.1" and no DatastoreID or
        /// ImageSetID (the caller adds them). The same Seed gives the same documents. With TargetBytes, InstancesPerSeries is ignored
        /// and each document gets as many instances per series as bring its compact JSON to just under TargetBytes.</summary>
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
                    if (options.TargetBytes is long targetBytes)
                    {
                        JsonObject document = factory.NewStudyDocument(patient, options.SeriesPerStudy, 1);
                        GrowToSize(factory, document, targetBytes);
                        documents.Add(document);
                    }
                    else
                    {
                        documents.Add(factory.NewStudyDocument(patient, options.SeriesPerStudy, options.InstancesPerSeries));
                    }
                }
            }
            return documents;
        }

        /// <summary>Adds instances round-robin over the series until the document is just under <paramref name="targetBytes"/>.
        /// Instances are nearly the same size, so an estimate from the first one lands close and a few corrections finish the job.</summary>
        private static void GrowToSize(SyntheticDicomFactory factory, JsonObject document, long targetBytes)
        {
            var series = new List<JsonObject>();
            foreach (var entry in SeriesMap(document)!)
                series.Add((JsonObject)entry.Value!);

            long size = SerializedSize(document);
            double bytesPerInstance = EstimateInstanceBytes(series[0]);
            long lowerBound = (long)(targetBytes * (1 - SizeTolerance));
            int next = 0;
            for (int round = 0; round < 8; round++)
            {
                if (size > targetBytes)
                {
                    long toRemove = Math.Max(1, (long)Math.Ceiling((size - targetBytes) / bytesPerInstance));
                    for (long i = 0; i < toRemove; i++)
                    {
                        next = (next - 1 + series.Count) % series.Count;
                        if (((JsonObject)series[next][Instances]!).Count <= 1)
                            return; // The target is smaller than a document with one instance per series.
                        SyntheticDicomFactory.RemoveLastInstance(series[next]);
                    }
                }
                else
                {
                    if (size >= lowerBound || (long)((targetBytes - size) / bytesPerInstance) == 0)
                        return; // Close enough: within the tolerance, or one more instance would overshoot.
                    // Aim at the middle of the tolerance band so that one measurement usually suffices.
                    long aim = Math.Max(size, (lowerBound + targetBytes) / 2);
                    long toAdd = Math.Max(1, (long)((aim - size) / bytesPerInstance));
                    for (long i = 0; i < toAdd; i++, next = (next + 1) % series.Count)
                        factory.AddInstance(series[next]);
                }
                size = SerializedSize(document);
            }
        }

        private static double EstimateInstanceBytes(JsonObject series)
        {
            foreach (var instance in (JsonObject)series[Instances]!)
                return JsonSerializer.SerializeToUtf8Bytes(instance.Value).Length + instance.Key.Length + 4;
            throw new InvalidOperationException("A generated series always holds an instance.");
        }

        private static long SerializedSize(JsonObject document) => JsonSerializer.SerializeToUtf8Bytes(document).LongLength;

        private static void RequirePositive(int value, string name)
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
    }
}
