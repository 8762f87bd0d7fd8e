namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Where HealthImaging requests go: data-plane operations (image sets) to runtime-medical-imaging, control-plane
    /// operations (datastores) to medical-imaging; a custom endpoint replaces both. Requests are signed for
    /// <see cref="SigningRegion"/> and service "medical-imaging".
    /// </summary>
    internal sealed class HealthImagingEndpoints
    {
        public const string SigningService = "medical-imaging";

        public HealthImagingEndpoints(Uri dataPlane, Uri controlPlane, string signingRegion, bool isCustom)
        {
            DataPlane = dataPlane ?? throw new ArgumentNullException(nameof(dataPlane));
            ControlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
            SigningRegion = signingRegion ?? throw new ArgumentNullException(nameof(signingRegion));
            IsCustom = isCustom;
        }

        public Uri DataPlane { get; }

        public Uri ControlPlane { get; }

        public string SigningRegion { get; }

        /// <summary>True when -EndpointUrl, an AWS_ENDPOINT_URL* variable or a profile's endpoint_url chose the endpoint.</summary>
        public bool IsCustom { get; }

        /// <summary>The AWS endpoints for a region: https://runtime-medical-imaging.{region}.{dnsSuffix} and https://medical-imaging.{region}.{dnsSuffix}.</summary>
        public static HealthImagingEndpoints ForRegion(string region, string dnsSuffix)
        {
            if (string.IsNullOrEmpty(region)) throw new ArgumentException("A region is required.", nameof(region));
            if (string.IsNullOrEmpty(dnsSuffix)) throw new ArgumentException("A DNS suffix is required.", nameof(dnsSuffix));
            return new HealthImagingEndpoints(
                new Uri($"https://runtime-medical-imaging.{region}.{dnsSuffix}"),
                new Uri($"https://medical-imaging.{region}.{dnsSuffix}"),
                region,
                isCustom: false);
        }

        /// <summary>A custom endpoint serves both planes, without the runtime- prefix.</summary>
        public static HealthImagingEndpoints Custom(Uri endpoint, string signingRegion)
        {
            return new HealthImagingEndpoints(endpoint, endpoint, signingRegion, isCustom: true);
        }

        public override string ToString() => IsCustom ? DataPlane.ToString() : $"{DataPlane} (control plane {ControlPlane})";
    }
}
