namespace AhiTools.LocalService.Hosting
{
    /// <summary>Parses the service's command line into <see cref="ServiceOptions"/>; throws ArgumentException on bad input.</summary>
    public static class CommandLine
    {
        public const string Usage =
            "Usage: AhiTools.LocalService [--port N] [--seed FILE] [--credentials AK:SECRET]... [--workflow-delay-ms N]\n" +
            "       [--data-dir DIR] [--quota-preset aws|aws-2024] [--quota-scale X] [--max-concurrent-writes N]\n" +
            "       [--fault-seed N] [--fault-rate R] [--fault-latency-ms N] [--fault-lost-response-rate R] [--region R]\n" +
            "       [--clock-skew-seconds N]\n" +
            "       AhiTools.LocalService --help | -h\n" +
            "\n" +
            "A local HTTP service that answers the AWS HealthImaging image set API, for trying and testing AhiTools.\n" +
            "It prints 'AhiTools.LocalService listening on http://127.0.0.1:PORT' once it listens, and stops on Ctrl+C.\n" +
            "\n" +
            "  --port N                    TCP port on 127.0.0.1; 0 (the default) picks a free one.\n" +
            "  --seed FILE                 JSON seed: datastores with image sets, or 'generate' entries for synthetic studies\n" +
            "                              (format: README.md and samples/seed.json next to the service).\n" +
            "  --credentials AK:SECRET     An access key pair the service accepts (repeatable); default AKIALOCALAHITOOLS000.\n" +
            "  --workflow-delay-ms N       How long writes stay LOCKED before their outcome shows (default 250).\n" +
            "  --data-dir DIR              Keep the state in DIR across restarts (default: in memory only).\n" +
            "  --quota-preset P            Throttle each operation: 'aws' at AWS's newest published rates (updates 10 TPS,\n" +
            "                              burst 40), 'aws-2024' at the older table's (every write 0.25 TPS, burst 1), 'none'.\n" +
            "  --quota-scale X             Multiply the preset's rates and bursts by X (bursts never below 1).\n" +
            "  --max-concurrent-writes N   Writes in progress at once per datastore (default 100).\n" +
            "  --fault-seed N, --fault-rate R, --fault-latency-ms N, --fault-lost-response-rate R\n" +
            "                              Inject 5xx answers, latency and lost responses (R from 0 to 1).\n" +
            "  --region R                  Region in ARNs when a request carries none (default us-east-1).\n" +
            "  --clock-skew-seconds N      Run the service's clock N seconds ahead (negative: behind).\n" +
            "  --help, -h                  Print this text and exit.\n" +
            "\n" +
            "Exit codes: 0 after --help or a clean stop; 1 when it cannot start (seed, data directory); 2 for a bad option.";

        /// <summary>A year either way: enough to make any client's clock wrong.</summary>
        public const int MaxClockSkewSeconds = 366 * 24 * 3600;

        public static ServiceOptions Parse(string[] args)
        {
            var options = new ServiceOptions();
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                string Value()
                {
                    if (i + 1 >= args.Length) throw new ArgumentException($"Option {name} needs a value.");
                    return args[++i];
                }
                switch (name)
                {
                    case "--help":
                    case "-h":
                        // Asking for help wins over everything else on the line: nothing starts.
                        options.HelpRequested = true;
                        return options;
                    case "--port": options.Port = ParseInt(name, Value(), 0, 65535); break;
                    case "--seed": options.SeedFile = Value(); break;
                    case "--credentials": AddCredentials(options, Value()); break;
                    case "--workflow-delay-ms": options.WorkflowDelayMs = ParseInt(name, Value(), 0, int.MaxValue); break;
                    case "--data-dir": options.DataDirectory = Value(); break;
                    case "--quota-preset":
                        var preset = Value();
                        if (string.Equals(preset, "none", StringComparison.OrdinalIgnoreCase)) { options.QuotaPreset = null; break; }
                        if (!Quotas.OperationQuotas.Presets.ContainsKey(preset))
                            throw new ArgumentException("--quota-preset accepts 'aws', 'aws-2024' or 'none'.");
                        options.QuotaPreset = preset.ToLowerInvariant();
                        break;
                    case "--quota-scale": options.QuotaScale = ParseDouble(name, Value(), 1e-6, 1e6); break;
                    case "--max-concurrent-writes": options.MaxConcurrentWritesPerDatastore = ParseInt(name, Value(), 1, int.MaxValue); break;
                    case "--fault-seed": options.FaultSeed = ParseInt(name, Value(), int.MinValue, int.MaxValue); break;
                    case "--fault-rate": options.FaultRate = ParseDouble(name, Value(), 0, 1); break;
                    case "--fault-latency-ms": options.FaultLatencyMs = ParseInt(name, Value(), 0, int.MaxValue); break;
                    case "--fault-lost-response-rate": options.FaultLostResponseRate = ParseDouble(name, Value(), 0, 1); break;
                    case "--region": options.DefaultRegion = Value(); break;
                    case "--clock-skew-seconds": options.ClockSkewSeconds = ParseInt(name, Value(), -MaxClockSkewSeconds, MaxClockSkewSeconds); break;
                    default: throw new ArgumentException($"Unknown option '{name}'.");
                }
            }
            return options;
        }

        private static void AddCredentials(ServiceOptions options, string pair)
        {
            var colon = pair.IndexOf(':');
            if (colon <= 0 || colon == pair.Length - 1)
                throw new ArgumentException("--credentials expects <accessKey>:<secretKey>.");
            options.Credentials[pair.Substring(0, colon)] = pair.Substring(colon + 1);
        }

        private static int ParseInt(string name, string text, int min, int max)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                throw new ArgumentException($"Option {name} expects an integer between {min} and {max}.");
            return value;
        }

        private static double ParseDouble(string name, string text, double min, double max)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                throw new ArgumentException($"Option {name} expects a number between {min} and {max}.");
            return value;
        }
    }
}
