namespace AhiTools
{
    /// <summary>
    /// Version IDs travel as strings of digits ("1", "12") but are numbers to the people filtering and sorting them:
    /// output objects carry them as Int64, so Where-Object -lt, Sort-Object, ConvertTo-Json and Export-Csv see a number,
    /// while requests keep sending the service's own string.
    /// </summary>
    internal static class VersionNumber
    {
        /// <exception cref="InvalidDataException">The service answered a version ID that is not a whole number.</exception>
        public static long Parse(string wireVersionId)
        {
            if (long.TryParse(wireVersionId, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            {
                return number;
            }

            throw new InvalidDataException($"HealthImaging answered the version ID '{wireVersionId}', which is not a whole number.");
        }

        public static string ToWire(long versionId) => versionId.ToString(CultureInfo.InvariantCulture);

        /// <summary>Orders wire version IDs by value ("10" after "9"); IDs that are not numbers by their text.</summary>
        public static int Compare(string left, string right)
        {
            bool leftIsNumber = decimal.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out decimal l);
            bool rightIsNumber = decimal.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out decimal r);
            return leftIsNumber && rightIsNumber ? l.CompareTo(r) : string.CompareOrdinal(left, right);
        }
    }
}
