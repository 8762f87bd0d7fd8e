namespace AhiTools.Documents
{
    /// <summary>"Did you mean …?" from the candidates closest to a mistyped name or UID (Damerau–Levenshtein distance).</summary>
    internal static class Suggestions
    {
        private const int MaxSuggestions = 3;

        /// <summary>Up to three candidates within a few edits of <paramref name="given"/>, closest first; case is ignored.</summary>
        public static IReadOnlyList<string> Closest(string given, IEnumerable<string> candidates)
        {
            string target = given.ToUpperInvariant();
            int allowed = Math.Max(2, target.Length / 4);
            var found = new List<KeyValuePair<string, int>>();
            foreach (string candidate in candidates)
            {
                if (Math.Abs(candidate.Length - target.Length) > allowed)
                {
                    continue;
                }

                int distance = Distance(target, candidate.ToUpperInvariant());
                if (distance <= allowed)
                {
                    found.Add(new KeyValuePair<string, int>(candidate, distance));
                }
            }

            return found
                .OrderBy(pair => pair.Value)
                .ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Take(MaxSuggestions)
                .Select(pair => pair.Key)
                .ToList();
        }

        /// <summary>" Did you mean A?" or " Did you mean A, B or C?", or "" when nothing is close.</summary>
        public static string Phrase(IReadOnlyList<string> suggestions)
        {
            switch (suggestions.Count)
            {
                case 0:
                    return "";
                case 1:
                    return $" Did you mean {suggestions[0]}?";
                default:
                    return $" Did you mean {string.Join(", ", suggestions.Take(suggestions.Count - 1))} or {suggestions[suggestions.Count - 1]}?";
            }
        }

        /// <summary>Edits (insert, delete, substitute, swap two neighbours) between two strings: the optimal string alignment distance.</summary>
        public static int Distance(string a, string b)
        {
            var previousPrevious = new int[b.Length + 1];
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    int best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        best = Math.Min(best, previousPrevious[j - 2] + 1);
                    }

                    current[j] = best;
                }

                int[] recycled = previousPrevious;
                previousPrevious = previous;
                previous = current;
                current = recycled;
            }

            return previous[b.Length];
        }
    }
}
