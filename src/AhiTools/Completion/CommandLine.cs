namespace AhiTools.Completion
{
    /// <summary>
    /// What a command line being completed gives by name and how many arguments it gives by position (the word
    /// being completed not counted), read from its syntax tree as PowerShell's binder would read it.
    /// </summary>
    internal sealed class CommandLine
    {
        // The common parameters that take no argument; every other common parameter takes one.
        private static readonly string[] CommonSwitches = { "Verbose", "Debug", "WhatIf", "Confirm" };

        private CommandLine(List<string> named, int positionalCount, bool completingNamed)
        {
            Named = named;
            PositionalCount = positionalCount;
            CompletingNamed = completingNamed;
        }

        /// <summary>The cmdlet's parameters given by name (full names).</summary>
        public List<string> Named { get; }

        public int PositionalCount { get; }

        /// <summary>Whether the word being completed is the argument of a parameter given by name.</summary>
        public bool CompletingNamed { get; }

        public static CommandLine Read(CommandAst commandAst, Type cmdletType, string wordToComplete)
        {
            IReadOnlyList<CmdletParameter> parameters = CmdletParameter.Of(cmdletType);
            var elements = commandAst.CommandElements.Skip(1).ToList();
            bool lastIsWord = wordToComplete.Length > 0 && elements.Count > 0 && !(elements[elements.Count - 1] is CommandParameterAst)
                && string.Equals(elements[elements.Count - 1].Extent.Text, wordToComplete, StringComparison.Ordinal);
            var named = new List<string>();
            int positional = 0;
            bool expectingArgument = false;
            for (int index = 0; index < elements.Count; index++)
            {
                bool isWordBeingCompleted = lastIsWord && index == elements.Count - 1;
                if (elements[index] is CommandParameterAst parameter)
                {
                    var match = CmdletParameter.Unique(parameters, parameter.ParameterName);
                    bool isSwitch = match != null ? match.IsSwitch
                        : CommonSwitches.Any(name => name.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase));
                    if (match != null)
                    {
                        named.Add(match.Name);
                    }

                    expectingArgument = !isSwitch && parameter.Argument is null;
                    continue;
                }

                if (expectingArgument)
                {
                    expectingArgument = false;
                    if (isWordBeingCompleted)
                    {
                        return new CommandLine(named, positional, completingNamed: true);
                    }

                    continue;
                }

                if (!isWordBeingCompleted)
                {
                    positional++;
                }
            }

            return new CommandLine(named, positional, completingNamed: expectingArgument);
        }
    }
}
