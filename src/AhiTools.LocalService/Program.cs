namespace AhiTools.LocalService
{
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            ServiceOptions options;
            try { options = CommandLine.Parse(args); }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(CommandLine.Usage);
                return 2;
            }

            if (options.HelpRequested)
            {
                Console.Out.WriteLine(CommandLine.Usage);
                return 0;
            }

            RunningLocalService service;
            try { service = await LocalServiceHost.StartAsync(options); }
            catch (Exception e) when (e is FormatException || e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"AhiTools.LocalService could not start: {e.Message}");
                return 1;
            }

            await using (service)
            {
                Console.Out.WriteLine($"AhiTools.LocalService listening on http://127.0.0.1:{service.Port}");
                Console.Out.Flush();
                await service.WaitForShutdownAsync();
            }
            return 0;
        }
    }
}
