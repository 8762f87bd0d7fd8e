using System.Reflection;

namespace AhiTools.Commands
{
    /// <summary>
    /// A parameter of a cmdlet as the command line names it: its name, its aliases, whether it is a switch, the
    /// position it takes and the HealthImaging ID it holds. Completion reads the line with these;
    /// <see cref="DefaultDatastorePositions"/> orders the positional ones, and a datastore-scoped cmdlet checks their IDs.
    /// </summary>
    internal sealed class CmdletParameter
    {
        private static readonly ConcurrentDictionary<Type, IReadOnlyList<CmdletParameter>> ByType = new();

        private CmdletParameter(string name, bool isSwitch, List<string> names, int? position, HealthImagingIdKind? idKind)
        {
            Name = name;
            IsSwitch = isSwitch;
            Names = names;
            Position = position;
            IdKind = idKind;
        }

        public string Name { get; }

        public bool IsSwitch { get; }

        /// <summary>The name and the aliases.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>The lowest position the parameter takes in any parameter set; null when it takes none.</summary>
        public int? Position { get; }

        /// <summary>The kind of ID its <see cref="ValidateHealthImagingIdAttribute"/> checks; null when it has none.</summary>
        public HealthImagingIdKind? IdKind { get; }

        /// <summary>The parameters of a cmdlet type, read once per type.</summary>
        public static IReadOnlyList<CmdletParameter> Of(Type cmdletType) => ByType.GetOrAdd(cmdletType, static type => Read(type));

        /// <summary>The parameter of that name (as declared, not an alias).</summary>
        public static CmdletParameter Named(IReadOnlyList<CmdletParameter> parameters, string name)
        {
            foreach (CmdletParameter parameter in parameters)
            {
                if (parameter.Name == name)
                {
                    return parameter;
                }
            }

            throw new ArgumentException($"No parameter {name}.", nameof(name));
        }

        /// <summary>The one parameter whose name or an alias begins with what was typed; null when none or several do.</summary>
        public static CmdletParameter? Unique(IReadOnlyList<CmdletParameter> parameters, string typed)
        {
            CmdletParameter? found = null;
            foreach (CmdletParameter parameter in parameters)
            {
                foreach (string name in parameter.Names)
                {
                    if (name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                    {
                        if (found != null)
                        {
                            return null;
                        }

                        found = parameter;
                        break;
                    }
                }
            }

            return found;
        }

        // Loops, not LINQ over tuples: generic code over a value tuple is not precompiled, and the session's first call
        // or completion compiled some thirty methods for it.
        private static IReadOnlyList<CmdletParameter> Read(Type cmdletType)
        {
            var parameters = new List<CmdletParameter>();
            foreach (PropertyInfo property in cmdletType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                bool isParameter = false;
                int? position = null;
                foreach (ParameterAttribute parameter in property.GetCustomAttributes<ParameterAttribute>())
                {
                    isParameter = true;
                    if (parameter.Position >= 0 && (position is null || parameter.Position < position))
                    {
                        position = parameter.Position;
                    }
                }

                if (!isParameter)
                {
                    continue;
                }

                var names = new List<string> { property.Name };
                foreach (AliasAttribute alias in property.GetCustomAttributes<AliasAttribute>())
                {
                    names.AddRange(alias.AliasNames);
                }

                HealthImagingIdKind? idKind = property.GetCustomAttribute<ValidateHealthImagingIdAttribute>()?.Kind;
                parameters.Add(new CmdletParameter(property.Name, property.PropertyType == typeof(SwitchParameter), names, position, idKind));
            }

            return parameters.AsReadOnly();
        }
    }
}
