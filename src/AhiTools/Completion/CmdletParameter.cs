using System.Reflection;

namespace AhiTools.Completion
{
    /// <summary>A parameter of a cmdlet as the command line names it: its name, its aliases and whether it is a switch.</summary>
    internal sealed class CmdletParameter
    {
        private static readonly ConcurrentDictionary<Type, IReadOnlyList<CmdletParameter>> ByType = new();

        private CmdletParameter(string name, bool isSwitch, List<string> names)
        {
            Name = name;
            IsSwitch = isSwitch;
            Names = names;
        }

        public string Name { get; }

        public bool IsSwitch { get; }

        /// <summary>The name and the aliases.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>The parameters of a cmdlet type, read once per type.</summary>
        public static IReadOnlyList<CmdletParameter> Of(Type cmdletType) => ByType.GetOrAdd(cmdletType, static type => Read(type));

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

        // Loops, not LINQ over (name, switch, names) tuples: generic code over a value tuple is not precompiled, and the
        // session's first completion compiled some thirty methods for it.
        private static IReadOnlyList<CmdletParameter> Read(Type cmdletType)
        {
            var parameters = new List<CmdletParameter>();
            foreach (PropertyInfo property in cmdletType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!property.IsDefined(typeof(ParameterAttribute), inherit: true))
                {
                    continue;
                }

                var names = new List<string> { property.Name };
                foreach (AliasAttribute alias in property.GetCustomAttributes<AliasAttribute>())
                {
                    names.AddRange(alias.AliasNames);
                }

                parameters.Add(new CmdletParameter(property.Name, property.PropertyType == typeof(SwitchParameter), names));
            }

            return parameters.AsReadOnly();
        }
    }
}
