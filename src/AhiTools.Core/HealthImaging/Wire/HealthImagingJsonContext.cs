using System.Text.Json.Serialization;

namespace AhiTools.HealthImaging.Wire
{
    [JsonSourceGenerationOptions(
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        PropertyNameCaseInsensitive = false)]
    [JsonSerializable(typeof(ImageSetPropertiesShape))]
    [JsonSerializable(typeof(ListImageSetVersionsResponseShape))]
    [JsonSerializable(typeof(CopyImageSetInformationShape))]
    [JsonSerializable(typeof(CopyImageSetResponseShape))]
    [JsonSerializable(typeof(MetadataUpdatesShape))]
    [JsonSerializable(typeof(SearchImageSetsResponseShape))]
    [JsonSerializable(typeof(GetDatastoreResponseShape))]
    [JsonSerializable(typeof(ListDatastoresResponseShape))]
    [JsonSerializable(typeof(ErrorBodyShape))]
    internal sealed partial class HealthImagingJsonContext : JsonSerializerContext
    {
    }
}
