namespace AhiTools.Completion
{
    /// <summary>The datastore-scoped cmdlets of this module by name, whose positional arguments follow the default datastore.</summary>
    internal static class PositionalCommands
    {
        private static readonly Lazy<Dictionary<string, Type>> ByName = new(() => typeof(DatastoreScopedCmdletBase).Assembly
            .GetTypes()
            .Where(type => !type.IsAbstract && typeof(DatastoreScopedCmdletBase).IsAssignableFrom(type))
            .Select(type => (Type: type, Cmdlet: (CmdletAttribute?)Attribute.GetCustomAttribute(type, typeof(CmdletAttribute))))
            .Where(entry => entry.Cmdlet != null)
            .ToDictionary(entry => $"{entry.Cmdlet!.VerbName}-{entry.Cmdlet.NounName}", entry => entry.Type, StringComparer.OrdinalIgnoreCase));

        /// <summary>The cmdlet type of a command name (module-qualified or not), or null.</summary>
        public static Type? Find(string commandName)
        {
            string command = commandName.Substring(commandName.LastIndexOf('\\') + 1);
            return ByName.Value.TryGetValue(command, out Type? type) ? type : null;
        }
    }
}
