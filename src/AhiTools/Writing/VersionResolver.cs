using System;
using System.Collections.Generic;
using System.Globalization;
using AhiTools.Errors;
using AhiTools.HealthImaging;

namespace AhiTools.Writing
{
    /// <summary>Rules about version IDs: ordering, optimistic-concurrency guards, and the version an undo goes back to.</summary>
    internal static class VersionResolver
    {
        /// <summary>Version IDs are whole numbers as strings; compares them by value ("10" after "9").</summary>
        public static int Compare(string left, string right)
        {
            bool leftIsNumber = decimal.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out decimal l);
            bool rightIsNumber = decimal.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out decimal r);
            return leftIsNumber && rightIsNumber ? l.CompareTo(r) : string.CompareOrdinal(left, right);
        }

        /// <summary>An explicit version given by the caller must still be the latest; otherwise someone else wrote first.</summary>
        public static void RequireStillLatest(string? expected, ImageSetProperties latest, string parameterName)
        {
            if (expected is null || Compare(expected, latest.VersionId) == 0)
            {
                return;
            }

            throw new ImageSetWriteException(
                ErrorIds.StaleVersion,
                ErrorKind.Stale,
                $"-{parameterName} is {expected}, but the latest version of image set {latest.ImageSetId} is {latest.VersionId}: it changed since you read it. Nothing was sent.",
                $"Look at what changed (Get-AHIImageSetVersion -ImageSetId {latest.ImageSetId}), then run again with -{parameterName} {latest.VersionId}, or leave -{parameterName} out to write against the latest version.");
        }

        /// <summary>The newest version before <paramref name="latestVersionId"/> that neither failed nor was deleted.</summary>
        public static ImageSetProperties? NewestEarlierGoodVersion(IEnumerable<ImageSetProperties> versions, string latestVersionId)
        {
            ImageSetProperties? best = null;
            foreach (ImageSetProperties version in versions)
            {
                if (Compare(version.VersionId, latestVersionId) >= 0 || WorkflowStatus.IsFailed(version) || WorkflowStatus.IsDeleted(version))
                {
                    continue;
                }

                if (best is null || Compare(version.VersionId, best.VersionId) > 0)
                {
                    best = version;
                }
            }

            return best;
        }
    }
}
