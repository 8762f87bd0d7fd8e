namespace AhiTools.Completion
{
    /// <summary>The datastore-scoped cmdlets of this module by name, whose positional arguments follow the default datastore.</summary>
    internal static class PositionalCommands
    {
        /// <summary>
        /// Every datastore-scoped cmdlet. Listed rather than found by reflection: the search would load every type of
        /// the assembly in the session's first completion. A unit test checks the list against the assembly.
        /// </summary>
        internal static readonly Type[] All =
        {
            typeof(CompareImageSetMetadataCommand),
            typeof(CopyImageSetCommand),
            typeof(GetImageSetMetadataCommand),
            typeof(GetImageSetVersionCommand),
            typeof(RemoveImageSetCommand),
            typeof(UndoImageSetMetadataCommand),
            typeof(UpdateImageSetMetadataCommand),
            typeof(WaitImageSetCommand),
        };

        private static readonly Lazy<Dictionary<string, Type>> ByName = new(ReadNames);

        /// <summary>The cmdlet type of a command name (module-qualified or not), or null.</summary>
        public static Type? Find(string commandName)
        {
            string command = commandName.Substring(commandName.LastIndexOf('\\') + 1);
            return ByName.Value.TryGetValue(command, out Type? type) ? type : null;
        }

        // A loop, not LINQ over (type, attribute) pairs: generic code over a value tuple is not precompiled, and the
        // session's first completion would compile it.
        private static Dictionary<string, Type> ReadNames()
        {
            var byName = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
            foreach (Type type in All)
            {
                var cmdlet = (CmdletAttribute)Attribute.GetCustomAttribute(type, typeof(CmdletAttribute))!;
                byName.Add(cmdlet.VerbName + "-" + cmdlet.NounName, type);
            }

            return byName;
        }
    }
}
