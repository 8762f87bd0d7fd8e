using System.Collections.ObjectModel;
using System.Management.Automation.Runspaces;

namespace AhiTools.Completion
{
    /// <summary>
    /// What $PSDefaultParameterValues gives a parameter of a command, read as PowerShell applies it: keys
    /// "Command:Parameter" with wildcards in the command name, matched by the parameter's name or an alias; the
    /// "Disabled" key turns them all off; a script block value is run; several matching keys that disagree give nothing.
    /// </summary>
    internal static class ShellDefaults
    {
        private const string VariableName = "PSDefaultParameterValues";

        /// <summary>$PSDefaultParameterValues of the runspace that is completing; null when it cannot be read.</summary>
        public static IDictionary? OfCurrentRunspace() => CallerVariable(VariableName) as IDictionary;

        /// <summary>
        /// A variable as a command typed at the completing prompt would see it. Completers run on the pipeline thread
        /// while TabExpansion2 runs, when Runspace.SessionStateProxy answers nothing: a script block is read instead.
        /// </summary>
        public static object? CallerVariable(string name)
        {
            if (Runspace.DefaultRunspace is null)
            {
                return null;
            }

            try
            {
                Collection<PSObject> results = ScriptBlock.Create("$" + name).Invoke();
                return results.Count == 1 ? PowerShellValues.Unwrap(results[0]) : null;
            }
            catch (Exception e) when (e is RuntimeException || e is InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>$PSDefaultParameterValues as a cmdlet's caller sees it.</summary>
        public static IDictionary? Of(SessionState sessionState) =>
            PowerShellValues.Unwrap(sessionState.PSVariable.GetValue(VariableName)) as IDictionary;

        public static object? Find(IDictionary? defaults, string commandName, params string[] parameterNames)
        {
            if (defaults is null || defaults.Count == 0 || string.IsNullOrEmpty(commandName))
            {
                return null;
            }

            string command = commandName.Substring(commandName.LastIndexOf('\\') + 1);
            var values = new List<object?>();
            foreach (DictionaryEntry entry in defaults)
            {
                if (!(PowerShellValues.Unwrap(entry.Key) is string key))
                {
                    continue;
                }

                if (string.Equals(key.Trim(), "Disabled", StringComparison.OrdinalIgnoreCase))
                {
                    if (LanguagePrimitives.IsTrue(entry.Value))
                    {
                        return null;
                    }

                    continue;
                }

                int colon = key.IndexOf(':');
                if (colon <= 0 || colon == key.Length - 1)
                {
                    continue;
                }

                string commandPattern = key.Substring(0, colon).Trim();
                string parameter = key.Substring(colon + 1).Trim();
                if (!WildcardPattern.Get(commandPattern, WildcardOptions.IgnoreCase).IsMatch(command)
                    || Array.FindIndex(parameterNames, name => string.Equals(name, parameter, StringComparison.OrdinalIgnoreCase)) < 0)
                {
                    continue;
                }

                values.Add(Evaluate(PowerShellValues.Unwrap(entry.Value)));
            }

            if (values.Count == 0)
            {
                return null;
            }

            foreach (object? other in values)
            {
                if (!Equals(other, values[0]))
                {
                    return null; // PowerShell applies none of several that disagree
                }
            }

            return values[0];
        }

        /// <summary>A default given as one text value (a script block's single result included), or null.</summary>
        public static string? FindText(IDictionary? defaults, string commandName, params string[] parameterNames)
        {
            return PowerShellValues.Single(Find(defaults, commandName, parameterNames)) as string;
        }

        private static object? Evaluate(object? value)
        {
            if (!(value is ScriptBlock script))
            {
                return value;
            }

            try
            {
                Collection<PSObject> results = script.Invoke();
                return results.Count == 1 ? PowerShellValues.Unwrap(results[0]) : null;
            }
            catch (Exception e) when (e is RuntimeException || e is InvalidOperationException)
            {
                return null;
            }
        }
    }
}
