using AhiTools.HealthImaging.Wire;

namespace AhiTools.HealthImaging
{
    /// <summary>Reads HealthImaging response bodies into the models of Models.cs.</summary>
    internal static class HealthImagingResponseParser
    {
        /// <param name="datastoreId">The request's, for members the answer leaves out (as do ListImageSetVersions' items).</param>
        public static ImageSetVersionState ParseGetImageSet(byte[] body, string datastoreId, string imageSetId) =>
            ToVersionState(Deserialize(body, HealthImagingJsonContext.Default.ImageSetPropertiesShape), datastoreId, imageSetId);

        public static ImageSetVersionPage ParseListImageSetVersions(byte[] body, string datastoreId, string imageSetId)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.ListImageSetVersionsResponseShape);
            var versions = (shape.ImageSetPropertiesList ?? new List<ImageSetPropertiesShape>())
                .Select(item => ToVersionState(item, datastoreId, imageSetId))
                .ToArray();
            return new ImageSetVersionPage { Versions = versions, NextToken = EmptyToNull(shape.NextToken) };
        }

        public static ImageSetWriteResult ParseCopyImageSet(byte[] body, CopyImageSetRequest request)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.CopyImageSetResponseShape);
            string datastoreId = string.IsNullOrEmpty(shape.DatastoreId) ? request.DatastoreId : shape.DatastoreId!;
            return new ImageSetWriteResult
            {
                ImageSet = ToVersionState(shape.DestinationImageSetProperties ?? new ImageSetPropertiesShape(), datastoreId, request.DestinationImageSetId ?? ""),
                Source = ToVersionState(shape.SourceImageSetProperties ?? new ImageSetPropertiesShape(), datastoreId, request.SourceImageSetId),
            };
        }

        /// <summary>UpdateImageSetMetadata's and DeleteImageSet's answers: the image set written.</summary>
        public static ImageSetWriteResult ParseWrite(byte[] body, string datastoreId, string imageSetId) =>
            new() { ImageSet = ToVersionState(Deserialize(body, HealthImagingJsonContext.Default.ImageSetPropertiesShape), datastoreId, imageSetId) };

        public static SearchImageSetsPage ParseSearchImageSets(byte[] body, string datastoreId)
        {
            var shape = Deserialize(body, HealthImagingJsonContext.Default.SearchImageSetsResponseShape);
            var hits = (shape.ImageSetsMetadataSummaries ?? new List<ImageSetsMetadataSummaryShape>())
                .Select(item => new ImageSetSearchHit
                {
                    DatastoreId = datastoreId,
                    ImageSetId = item.ImageSetId ?? "",
                    VersionId = item.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    CreatedAt = item.CreatedAt?.Value,
                    UpdatedAt = item.UpdatedAt?.Value,
                    IsPrimary = item.IsPrimary,
                    LastAccessedAt = item.LastAccessedAt?.Value,
                    StorageTier = item.StorageTier,
                    DicomTags = ToPlainValues(item.DicomTags),
                })
                .ToArray();
            return new SearchImageSetsPage { ImageSets = hits, NextToken = EmptyToNull(shape.NextToken) };
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

        private static ImageSetVersionState ToVersionState(ImageSetPropertiesShape shape, string datastoreId, string imageSetId) => new()
        {
            DatastoreId = string.IsNullOrEmpty(shape.DatastoreId) ? datastoreId : shape.DatastoreId!,
            ImageSetId = string.IsNullOrEmpty(shape.ImageSetId) ? imageSetId : shape.ImageSetId!,
            VersionId = shape.VersionId ?? shape.LatestVersionId ?? "",
            ImageSetState = shape.ImageSetState,
            WorkflowStatus = shape.ImageSetWorkflowStatusAsListed ?? shape.ImageSetWorkflowStatus,
            CreatedAt = shape.CreatedAt?.Value,
            UpdatedAt = shape.UpdatedAt?.Value,
            DeletedAt = shape.DeletedAt?.Value,
            Message = shape.Message,
            Forced = shape.Overrides?.Forced ?? false,
            IsPrimary = shape.IsPrimary,
            ImageSetArn = shape.ImageSetArn,
        };

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
