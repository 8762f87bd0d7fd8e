using System.Text.RegularExpressions;

namespace AhiTools.Commands
{
    /// <summary>
    /// Turns what a user types for a search date into a DateTime before PowerShell converts it: DICOM dates (yyyyMMdd,
    /// as text or as the number PowerShell reads 20240301 as, which it would otherwise take for ticks in the year 1),
    /// ISO 8601 dates and date-times with or without a zone, and anything else PowerShell's invariant culture reads.
    /// <para>
    /// For an instant (<see cref="Instant"/>), a value with a zone keeps its moment and comes back as UTC; one without
    /// stays unspecified and is read as local time. For a DICOM study date the date is kept as written, its zone
    /// ignored. Dates before 1900 are refused later, by <see cref="ImageSetSearchCriteria"/>, with a clear ErrorId.
    /// </para>
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SearchDateAttribute : ArgumentTransformationAttribute
    {
        private static readonly Regex DicomDate = new("^[0-9]{8}$", RegexOptions.CultureInvariant);

        /// <summary>True for createdAt/updatedAt bounds (instants); false for the DICOM study date.</summary>
        public bool Instant { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = PowerShellValues.Unwrap(inputData);
            switch (value)
            {
                case null:
                    return null;
                case DateTime _:
                    return value;
                case DateTimeOffset offset:
                    return Instant ? offset.UtcDateTime : offset.DateTime;
                case int number:
                    return FromDicomNumber(number);
                case long number:
                    return FromDicomNumber(number);
                case string text:
                    return Parse(text, Instant);
                default:
                    return inputData; // PowerShell converts it, or says why not
            }
        }

        /// <summary>Reads a date typed as text.</summary>
        /// <exception cref="ArgumentTransformationMetadataException">The text is not a date.</exception>
        public static DateTime Parse(string text, bool instant)
        {
            string trimmed = text.Trim();
            if (DicomDate.IsMatch(trimmed))
            {
                if (DateTime.TryParseExact(trimmed, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime dicom))
                {
                    return dicom;
                }

                throw NotADate("is 8 digits but no calendar date in DICOM's yyyyMMdd form");
            }

            if (!DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime parsed))
            {
                throw NotADate("is not a date");
            }

            if (parsed.Kind == DateTimeKind.Unspecified)
            {
                return parsed;
            }

            if (instant)
            {
                return parsed.ToUniversalTime();
            }

            // A study date has no zone: keep the date as written, not as this machine's clock would show it.
            return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset written)
                ? written.DateTime
                : DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified);
        }

        private static DateTime FromDicomNumber(long number)
        {
            if (number >= 10000101 && number <= 99991231)
            {
                return Parse(number.ToString(CultureInfo.InvariantCulture), instant: false);
            }

            throw NotADate("is a number, and only a DICOM date such as 20240301 (yyyyMMdd) is taken as a date");
        }

        // The value itself is left out of the message: it is whatever was typed.
        private static ArgumentTransformationMetadataException NotADate(string problem) =>
            new(
                $"The value {problem}. Give a DICOM date (20240301), an ISO date or date-time (2024-03-01, 2024-03-01T10:00:00Z, 2024-03-01T10:00:00+02:00) or a [datetime]. Nothing was sent.");
    }
}
