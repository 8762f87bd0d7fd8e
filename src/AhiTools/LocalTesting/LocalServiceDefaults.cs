namespace AhiTools.LocalTesting
{
    /// <summary>
    /// $PSDefaultParameterValues entries that point every AhiTools cmdlet (*-AHI*) at a local service, so code under
    /// test needs no connection parameters.
    /// </summary>
    internal static class LocalServiceDefaults
    {
        private const string Pattern = "*-AHI*:";
        private static readonly string[] Names = { "EndpointUrl", "AccessKey", "SecretKey", "Region" };

        public static void Set(SessionState session, LocalServiceInstance service)
        {
            IDictionary defaults = Find(session) ?? Create(session);
            Hashtable connection = service.Connection;
            foreach (string name in Names)
            {
                defaults[Pattern + name] = connection[name];
            }
        }

        /// <summary>Removes the entries only if they still point at this service.</summary>
        public static bool Remove(SessionState session, LocalServiceInstance service)
        {
            IDictionary? defaults = Find(session);
            if (defaults is null || !string.Equals(defaults[Pattern + "EndpointUrl"] as string, service.EndpointUrl, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            foreach (string name in Names)
            {
                defaults.Remove(Pattern + name);
            }

            return true;
        }

        private static IDictionary? Find(SessionState session)
        {
            object? value = session.PSVariable.GetValue("PSDefaultParameterValues");
            return Commands.PowerShellValues.Unwrap(value) as IDictionary;
        }

        private static IDictionary Create(SessionState session)
        {
            var defaults = new DefaultParameterDictionary();
            session.PSVariable.Set("global:PSDefaultParameterValues", defaults);
            return defaults;
        }
    }
}
