using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AhiTools.LocalTesting
{
    /// <summary>
    /// Runs the local HealthImaging service shipped in the module's LocalService folder as a child process, and
    /// stops every one still running when this process exits, so a test run leaves none behind.
    /// </summary>
    internal static class LocalServiceProcess
    {
        private static readonly Regex ListeningLine = new(@"listening on (http://\S+)", RegexOptions.CultureInvariant);
        private static readonly ConcurrentDictionary<int, Process> Running = new();
        private static int _exitHookInstalled;

        public static string ServiceDllPath
        {
            get
            {
                // The module folder is bin/'s parent, whether this is bin/AhiTools.dll or a precompiled build in bin/net10.0/<rid>/.
                string assemblyFolder = Path.GetDirectoryName(typeof(LocalServiceProcess).Assembly.Location)!;
                string? bin = assemblyFolder;
                while (bin != null && !string.Equals(Path.GetFileName(bin), "bin", StringComparison.OrdinalIgnoreCase))
                {
                    bin = Path.GetDirectoryName(bin);
                }

                return Path.Combine(Path.GetDirectoryName(bin ?? assemblyFolder)!, "LocalService", "AhiTools.LocalService.dll");
            }
        }

        /// <summary>Starts the service and returns once it listens; the process is killed if it does not.</summary>
        public static async Task<(Process Process, Uri Endpoint)> StartAsync(LocalServiceOptions options, TimeSpan timeout, CancellationToken cancellationToken)
        {
            string dll = ServiceDllPath;
            if (!File.Exists(dll))
            {
                throw new LocalServiceException(
                    ErrorIds.LocalServiceNotFound,
                    ErrorKind.NotInstalled,
                    $"The local service is not in this copy of AhiTools (expected {dll}). Reinstall AhiTools, or build it with build.ps1, which stages the service in the module's LocalService folder.");
            }

            string dotnet = DotnetHostLocator.Find() ?? throw new LocalServiceException(
                ErrorIds.DotnetNotFound,
                ErrorKind.NotInstalled,
                "The local service runs on .NET, but no dotnet host was found (DOTNET_HOST_PATH, DOTNET_ROOT, PATH). Install the ASP.NET Core Runtime 10 from https://dot.net and start PowerShell again.");

            var process = new Process
            {
                StartInfo = new ProcessStartInfo(dotnet, LocalServiceOptions.Join(new[] { dll }.Concat(options.ToArguments())))
                {
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    CreateNoWindow = true,
                    WorkingDirectory = Path.GetDirectoryName(dll)!,
                },
                EnableRaisingEvents = true,
            };
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var errorLines = new ConcurrentQueue<string>();
            process.OutputDataReceived += (sender, e) =>
            {
                Match match = e.Data is null ? Match.Empty : ListeningLine.Match(e.Data);
                if (match.Success)
                {
                    listening.TrySetResult(new Uri(match.Groups[1].Value));
                }
            };
            // Read standard error all along: a full pipe would block the service.
            process.ErrorDataReceived += (sender, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    errorLines.Enqueue(e.Data!);
                    while (errorLines.Count > 5 && errorLines.TryDequeue(out _)) { }
                }
            };

            process.Start();
            Track(process);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    var waitForExit = Task.Run(() => process.WaitForExit(), limit.Token);
                    Task first = await Task.WhenAny(listening.Task, waitForExit, Task.Delay(timeout, limit.Token)).ConfigureAwait(false);
                    limit.Cancel();
                    cancellationToken.ThrowIfCancellationRequested();
                    if (first == listening.Task)
                    {
                        return (process, listening.Task.Result);
                    }

                    if (first == waitForExit)
                    {
                        string said = string.Join(" ", errorLines).Trim();
                        throw new LocalServiceException(
                            ErrorIds.LocalServiceFailedToStart,
                            ErrorKind.Failed,
                            $"The local service stopped as it started (exit code {process.ExitCode}){(said.Length > 0 ? ": " + said : ".")} Check -SeedPath and the other options; the service needs the ASP.NET Core Runtime 10.");
                    }

                    throw new LocalServiceException(
                        ErrorIds.LocalServiceStartTimedOut,
                        ErrorKind.Timeout,
                        $"The local service did not say it was listening within {timeout.TotalSeconds:0} s, so it was stopped. Try again; on a busy machine, close other work first.");
                }
            }
            catch
            {
                Stop(process);
                throw;
            }
        }

        /// <summary>Kills the service and waits for it to go; true if it was still running.</summary>
        public static bool Stop(Process process)
        {
            Running.TryRemove(process.Id, out _);
            bool wasRunning = false;
            try
            {
                if (!process.HasExited)
                {
                    wasRunning = true;
                    process.Kill();
                }

                process.WaitForExit(10000);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }

            return wasRunning;
        }

        public static bool HasExited(Process process)
        {
            try
            {
                return process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }

        private static void Track(Process process)
        {
            Running[process.Id] = process;
            if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, __) =>
                {
                    foreach (Process started in Running.Values)
                    {
                        try { if (!started.HasExited) started.Kill(); }
                        catch (InvalidOperationException) { }
                    }
                };
            }
        }
    }
}
