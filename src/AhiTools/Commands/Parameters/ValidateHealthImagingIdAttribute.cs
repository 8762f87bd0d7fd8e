namespace AhiTools.Commands
{
    internal enum HealthImagingIdKind
    {
        Datastore,
        ImageSet,
        Version,
    }

    /// <summary>Checks an ID against the API model's pattern before any request, with a message that says what is expected.</summary>
    internal sealed class ValidateHealthImagingIdAttribute : ValidateArgumentsAttribute
    {
        private const int ResourceIdLength = 32;

        public ValidateHealthImagingIdAttribute(HealthImagingIdKind kind)
        {
            Kind = kind;
        }

        public HealthImagingIdKind Kind { get; }

        /// <summary>
        /// For the image set parameter at position 1 of a cmdlet whose version comes next by position: with a default
        /// -DatastoreId, "Cmd $i 2" puts the version here before the cmdlet moves it along (DefaultDatastorePositions),
        /// so a version ID is let through while $PSDefaultParameterValues names a datastore; the cmdlet checks the
        /// value again, strictly, once the positions are read.
        /// </summary>
        public bool VersionMayArriveFirst { get; set; }

        // The model's patterns, [0-9a-z]{32} and [0-9]+, checked character by character: a Regex is built and
        // interpreted at its first use in every session, and this runs while the first command binds.
        public static bool IsValid(HealthImagingIdKind kind, string? value)
        {
            if (value is null || value.Length == 0 || (kind != HealthImagingIdKind.Version && value.Length != ResourceIdLength))
            {
                return false;
            }

            foreach (char c in value)
            {
                bool digit = c >= '0' && c <= '9';
                if (!digit && (kind == HealthImagingIdKind.Version || c < 'a' || c > 'z'))
                {
                    return false;
                }
            }

            return true;
        }

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
            object? value = PowerShellValues.Unwrap(arguments);
            if (value is string[] many)
            {
                foreach (string one in many)
                {
                    Check(one, engineIntrinsics);
                }

                return;
            }

            Check(value as string ?? value?.ToString(), engineIntrinsics);
        }

        private void Check(string? value, EngineIntrinsics engineIntrinsics)
        {
            if (IsValid(Kind, value)
                || (VersionMayArriveFirst && IsValid(HealthImagingIdKind.Version, value) && NamesDefaultDatastore(engineIntrinsics)))
            {
                return;
            }

            throw new ValidationMetadataException(Describe(Kind, value));
        }

        private static bool NamesDefaultDatastore(EngineIntrinsics engineIntrinsics)
        {
            object? defaults = engineIntrinsics?.SessionState?.PSVariable.GetValue("PSDefaultParameterValues");
            if (PowerShellValues.Unwrap(defaults) is System.Collections.IDictionary dictionary)
            {
                foreach (object key in dictionary.Keys)
                {
                    string? text = PowerShellValues.Unwrap(key) as string;
                    if (text != null && text.Trim().EndsWith(":DatastoreId", System.StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
