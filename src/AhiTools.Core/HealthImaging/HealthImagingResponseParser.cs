using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AhiTools.HealthImaging.Wire;

namespace AhiTools.HealthImaging
{
    /// <summary>Reads HealthImaging response bodies into the public models.</summary>
    internal static class HealthImagingResponseParser
    {
        public static ImageSetProperties ParseGetImageSet(byte[] body)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.GetImageSetResponseShape);
            return new ImageSetProperties
            {
                DatastoreId = shape.DatastoreId ?? "",
                ImageSetId = shape.ImageSetId ?? "",
                VersionId = shape.VersionId ?? "",
                ImageSetState = shape.ImageSetState,
                WorkflowStatus = shape.ImageSetWorkflowStatus,
                CreatedAt = shape.CreatedAt?.Value,
                UpdatedAt = shape.UpdatedAt?.Value,
                DeletedAt = shape.DeletedAt?.Value,
                Message = shape.Message,
                Forced = shape.Overrides?.Forced ?? false,
                IsPrimary = shape.IsPrimary,
                ImageSetArn = shape.ImageSetArn,
            };
        }

        /// <param name="datastoreId">List items do not carry the datastore ID; the caller's is filled in.</param>
        public static ImageSetVersionPage ParseListImageSetVersions(byte[] body, string datastoreId)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.ListImageSetVersionsResponseShape);
            var versions = (shape.ImageSetPropertiesList ?? new List<ImageSetVersionItemShape>())
                .Select(item => new ImageSetProperties
                {
                    DatastoreId = datastoreId,
                    ImageSetId = item.ImageSetId ?? "",
                    VersionId = item.VersionId ?? "",
                    ImageSetState = item.ImageSetState,
                    WorkflowStatus = item.ImageSetWorkflowStatusAsListed ?? item.ImageSetWorkflowStatus,
                    CreatedAt = item.CreatedAt?.Value,
                    UpdatedAt = item.UpdatedAt?.Value,
                    DeletedAt = item.DeletedAt?.Value,
                    Message = item.Message,
                    Forced = item.Overrides?.Forced ?? false,
                    IsPrimary = item.IsPrimary,
                    ImageSetArn = item.ImageSetArn,
                })
                .ToArray();
            return new ImageSetVersionPage { Versions = versions, NextToken = EmptyToNull(shape.NextToken) };
        }

        public static CopyImageSetResult ParseCopyImageSet(byte[] body)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.CopyImageSetResponseShape);
            return new CopyImageSetResult
            {
                DatastoreId = shape.DatastoreId ?? "",
                Source = ToCopied(shape.SourceImageSetProperties),
                Destination = ToCopied(shape.DestinationImageSetProperties),
            };
        }

        public static UpdateImageSetMetadataResult ParseUpdateImageSetMetadata(byte[] body)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.UpdateImageSetMetadataResponseShape);
            return new UpdateImageSetMetadataResult
            {
                DatastoreId = shape.DatastoreId ?? "",
                ImageSetId = shape.ImageSetId ?? "",
                LatestVersionId = shape.LatestVersionId ?? "",
                ImageSetState = shape.ImageSetState,
                WorkflowStatus = shape.ImageSetWorkflowStatus,
                CreatedAt = shape.CreatedAt?.Value,
                UpdatedAt = shape.UpdatedAt?.Value,
                Message = shape.Message,
            };
        }

        public static DeleteImageSetResult ParseDeleteImageSet(byte[] body)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.DeleteImageSetResponseShape);
            return new DeleteImageSetResult
            {
                DatastoreId = shape.DatastoreId ?? "",
                ImageSetId = shape.ImageSetId ?? "",
                ImageSetState = shape.ImageSetState,
                WorkflowStatus = shape.ImageSetWorkflowStatus,
            };
        }

        public static SearchImageSetsPage ParseSearchImageSets(byte[] body)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.SearchImageSetsResponseShape);
            var summaries = (shape.ImageSetsMetadataSummaries ?? new List<ImageSetsMetadataSummaryShape>())
                .Select(item => new ImageSetSearchSummary
                {
                    ImageSetId = item.ImageSetId ?? "",
                    Version = item.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    CreatedAt = item.CreatedAt?.Value,
                    UpdatedAt = item.UpdatedAt?.Value,
                    IsPrimary = item.IsPrimary,
                    LastAccessedAt = item.LastAccessedAt?.Value,
                    StorageTier = item.StorageTier,
                    DicomTags = ToPlainValues(item.DicomTags),
                })
                .ToArray();
            return new SearchImageSetsPage { ImageSets = summaries, NextToken = EmptyToNull(shape.NextToken) };
        }

        public static DatastoreProperties ParseGetDatastore(byte[] body)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.GetDatastoreResponseShape);
            return ToDatastore(shape.DatastoreProperties ?? new DatastorePropertiesShape());
        }

        public static DatastorePage ParseListDatastores(byte[] body)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.ListDatastoresResponseShape);
            return new DatastorePage
            {
                Datastores = (shape.DatastoreSummaries ?? new List<DatastorePropertiesShape>()).Select(ToDatastore).ToArray(),
                NextToken = EmptyToNull(shape.NextToken),
            };
        }

        private static DatastoreProperties ToDatastore(DatastorePropertiesShape shape)
        {
            return new DatastoreProperties
            {
                DatastoreId = shape.DatastoreId ?? "",
                DatastoreName = shape.DatastoreName ?? "",
                DatastoreStatus = shape.DatastoreStatus,
                DatastoreArn = shape.DatastoreArn,
                CreatedAt = shape.CreatedAt?.Value,
                UpdatedAt = shape.UpdatedAt?.Value,
                KmsKeyArn = shape.KmsKeyArn,
                LambdaAuthorizerArn = shape.LambdaAuthorizerArn,
                LosslessStorageFormat = shape.LosslessStorageFormat,
            };
        }

        private static CopiedImageSetProperties ToCopied(CopiedImageSetPropertiesShape? shape)
        {
            if (shape is null)
            {
                return new CopiedImageSetProperties();
            }

            return new CopiedImageSetProperties
            {
                ImageSetId = shape.ImageSetId ?? "",
                LatestVersionId = shape.LatestVersionId ?? "",
                ImageSetState = shape.ImageSetState,
                WorkflowStatus = shape.ImageSetWorkflowStatus,
                CreatedAt = shape.CreatedAt?.Value,
                UpdatedAt = shape.UpdatedAt?.Value,
                ImageSetArn = shape.ImageSetArn,
            };
        }

        private static IReadOnlyDictionary<string, object?> ToPlainValues(Dictionary<string, JsonElement>? tags)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (tags is null)
            {
                return result;
            }

            foreach (var pair in tags)
            {
                result[pair.Key] = ToPlainValue(pair.Value);
            }

            return result;
        }

        private static object? ToPlainValue(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return element.TryGetInt64(out long whole) ? whole : (object)element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    return null;
                default:
                    return element.GetRawText();
            }
        }

        private static string? EmptyToNull(string? token) => string.IsNullOrEmpty(token) ? null : token;

        private static T Deserialize<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
            where T : class, new()
        {
            if (body.Length == 0)
            {
                return new T();
            }

            try
            {
                return JsonSerializer.Deserialize(body, typeInfo) ?? new T();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException("HealthImaging answered with a body that is not the expected JSON: " + e.Message, e);
            }
        }
    }
}
