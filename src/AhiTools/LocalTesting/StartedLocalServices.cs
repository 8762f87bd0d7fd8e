namespace AhiTools.LocalTesting
{
    /// <summary>The services Start-AHILocalService wrote in this process, for Stop-AHILocalService -All.</summary>
    internal static class StartedLocalServices
    {
        private static readonly ConcurrentDictionary<int, LocalServiceInstance> Services = new();

        public static void Add(LocalServiceInstance service) => Services[service.ProcessId] = service;

        public static void Remove(LocalServiceInstance service) => Services.TryRemove(service.ProcessId, out _);

        public static LocalServiceInstance[] All() => Services.Values.ToArray();
    }
}
