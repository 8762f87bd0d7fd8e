namespace AhiTools.Commands
{
    /// <summary>
    /// How the positional arguments of a datastore-scoped cmdlet are read when $PSDefaultParameterValues gives
    /// -DatastoreId. PowerShell binds positions before it applies defaults, so in "Undo-AHIImageSetMetadata $i 2" $i
    /// lands on -DatastoreId (position 0) and 2 on -ImageSetId. When the defaults name a datastore and the first
    /// positional ID is not that datastore, every positional argument moves one place along: "$i 2" is read as
    /// "-ImageSetId $i -VersionId 2", exactly as "$d $i 2" is. Parameters given by name keep their values and are skipped,
    /// as PowerShell skips them. The cmdlets (DatastoreScopedCmdletBase) and completion (CompletionConnection) share it.
    /// </summary>
    internal static class DefaultDatastorePositions
    {
        public const string DatastoreParameter = "DatastoreId";

        private static readonly ConcurrentDictionary<Type, IReadOnlyList<string>> Chains = new();

        /// <summary>The parameters of a cmdlet that take a position (in any parameter set), in position order.</summary>
        /// <remarks>
        /// Ordered once per cmdlet type: every call of a datastore-scoped cmdlet asks for it, twice.
        /// </remarks>
        public static IReadOnlyList<string> Chain(Type cmdletType) => Chains.GetOrAdd(cmdletType, static type => OrderByPosition(CmdletParameter.Of(type)));

        private static IReadOnlyList<string> OrderByPosition(IReadOnlyList<CmdletParameter> parameters)
        {
            var names = new List<string>();
            var positions = new List<int>();
            foreach (CmdletParameter parameter in parameters)
            {
                if (parameter.Position is not int position)
                {
                    continue;
                }

                // After every parameter at the same or an earlier position: the order of the properties breaks ties.
                int index = positions.Count;
                while (index > 0 && positions[index - 1] > position)
                {
                    index--;
                }

                positions.Insert(index, position);
                names.Insert(index, parameter.Name);
            }

            return names.AsReadOnly();
        }

        /// <summary>
        /// Whether the arguments are read one place later: the defaults name a valid datastore, and the argument
        /// PowerShell bound to -DatastoreId by position is a different ID.
        /// </summary>
        public static bool Applies(string? defaultDatastoreId, IReadOnlyList<KeyValuePair<string, object?>> positional) =>
            defaultDatastoreId != null
            && ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.Datastore, defaultDatastoreId)
            && positional.Count > 0
            && string.Equals(positional[0].Key, DatastoreParameter, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Text(positional[0].Value), defaultDatastoreId, StringComparison.Ordinal);

        /// <summary>
        /// The positional arguments, in order, moved one place along <paramref name="chain"/> past the parameters given
        /// by name. Arguments beyond the last position are returned in <paramref name="unplaced"/>.
        /// </summary>
        public static IReadOnlyList<KeyValuePair<string, object?>> Shift(
            IReadOnlyList<string> chain,
            IReadOnlyList<KeyValuePair<string, object?>> positional,
            ICollection<string> named,
            out IReadOnlyList<object?> unplaced)
        {
            var targets = chain
                .Where(name => !string.Equals(name, DatastoreParameter, StringComparison.OrdinalIgnoreCase))
                .Where(name => !named.Contains(name, StringComparer.OrdinalIgnoreCase))
                .ToList();
            var moved = new List<KeyValuePair<string, object?>>();
            var extra = new List<object?>();
            for (int index = 0; index < positional.Count; index++)
            {
                if (index < targets.Count)
                {
                    moved.Add(new KeyValuePair<string, object?>(targets[index], positional[index].Value));
                }
                else
                {
                    extra.Add(positional[index].Value);
                }
            }

            unplaced = extra;
            return moved;
        }

        /// <summary>The parameter a positional argument typed next would fill, after the shift: the one after the last moved.</summary>
        public static string? NextPosition(IReadOnlyList<string> chain, ICollection<string> named, int positionalCount, bool shifted)
        {
            var open = chain.Where(name => !named.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
            int index = positionalCount + (shifted ? 1 : 0);
            return index < open.Count ? open[index] : null;
        }

        /// <summary>A parameter value as one text (an array of one counts), or null.</summary>
        public static string? Text(object? value)
        {
            value = PowerShellValues.Single(value);
            return value as string ?? (value is null ? null : LanguagePrimitives.ConvertTo<string>(value));
        }
    }
}
