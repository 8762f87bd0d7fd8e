using System.Management.Automation;
using System.Text.RegularExpressions;

namespace AhiTools.Commands
{
    public enum HealthImagingIdKind
    {
        Datastore,
        ImageSet,
        Version,
    }

    /// <summary>Checks an ID against the API model's pattern before any request, with a message that says what is expected.</summary>
    public sealed class ValidateHealthImagingIdAttribute : ValidateArgumentsAttribute
    {
        private static readonly Regex ResourceId = new Regex("^[0-9a-z]{32}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex VersionId = new Regex("^[0-9]+\\z", RegexOptions.CultureInvariant);

        public ValidateHealthImagingIdAttribute(HealthImagingIdKind kind)
        {
            Kind = kind;
        }

        public HealthImagingIdKind Kind { get; }

        public static bool IsValid(HealthImagingIdKind kind, string? value) =>
            value != null && (kind == HealthImagingIdKind.Version ? VersionId : ResourceId).IsMatch(value);

        public static string Describe(HealthImagingIdKind kind, string? value)
        {
            switch (kind)
            {
                case HealthImagingIdKind.Version:
                    return $"'{value}' is not a valid image set version ID. A version ID is a whole number such as 1 or 12; Get-AHIImageSetVersion lists them.";
                case HealthImagingIdKind.Datastore:
                    return $"'{value}' is not a valid datastore ID. A datastore ID is 32 lowercase letters and digits, as shown in the HealthImaging console.";
                default:
                    return $"'{value}' is not a valid image set ID. An image set ID is 32 lowercase letters and digits.";
            }
        }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is string[] many)
            {
                foreach (string one in many)
                {
                    Check(one);
                }

                return;
            }

            Check(value as string ?? value?.ToString());
        }

        private void Check(string? value)
        {
            if (!IsValid(Kind, value))
            {
                throw new ValidationMetadataException(Describe(Kind, value));
            }
        }
    }
}
