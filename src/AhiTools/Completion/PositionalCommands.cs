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

        private static readonly Lazy<Dictionary<string, Type>> ByName = new(() => All
            .Select(type => (Type: type, Cmdlet: (CmdletAttribute)Attribute.GetCustomAttribute(type, typeof(CmdletAttribute))!))
            .ToDictionary(entry => $"{entry.Cmdlet.VerbName}-{entry.Cmdlet.NounName}", entry => entry.Type, StringComparer.OrdinalIgnoreCase));

        /// <summary>The cmdlet type of a command name (module-qualified or not), or null.</summary>
        public static Type? Find(string commandName)
        {
            string command = commandName.Substring(commandName.LastIndexOf('\\') + 1);
            return ByName.Value.TryGetValue(command, out Type? type) ? type : null;
        }
    }
}
