using System.Text;

namespace AhiTools.LocalTesting
{
    /// <summary>What Start-AHILocalService passes to the service, as its command line.</summary>
    internal sealed class LocalServiceOptions
    {
        public int Port { get; set; }
        public string? SeedPath { get; set; }
        public int? WorkflowDelayMilliseconds { get; set; }
        public double? FaultRate { get; set; }
        public int? FaultLatencyMilliseconds { get; set; }
        public double? LostResponseRate { get; set; }
        public int? FaultSeed { get; set; }
        /// <summary>"aws" or "aws-2024"; null for no throttling.</summary>
        public string? QuotaPreset { get; set; }
        public int? ClockSkewSeconds { get; set; }

        public IEnumerable<string> ToArguments()
        {
            yield return "--port";
            yield return Text(Port);
            if (SeedPath != null) { yield return "--seed"; yield return SeedPath; }
            if (WorkflowDelayMilliseconds is int delay) { yield return "--workflow-delay-ms"; yield return Text(delay); }
            if (FaultRate is double rate) { yield return "--fault-rate"; yield return Text(rate); }
            if (FaultLatencyMilliseconds is int latency) { yield return "--fault-latency-ms"; yield return Text(latency); }
            if (LostResponseRate is double lost) { yield return "--fault-lost-response-rate"; yield return Text(lost); }
            if (FaultSeed is int seed) { yield return "--fault-seed"; yield return Text(seed); }
            if (QuotaPreset != null) { yield return "--quota-preset"; yield return QuotaPreset; }
            if (ClockSkewSeconds is int skew) { yield return "--clock-skew-seconds"; yield return Text(skew); }
        }

        /// <summary>One argument string for ProcessStartInfo.Arguments (netstandard2.0 has no ArgumentList), quoted as the C runtime parses it.</summary>
        public static string Join(IEnumerable<string> arguments)
        {
            var line = new StringBuilder();
            foreach (string argument in arguments)
            {
                if (line.Length > 0) line.Append(' ');
                line.Append(Quote(argument));
            }

            return line.ToString();
        }

        private static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '"', '\n' }) < 0)
            {
                return argument;
            }

            var quoted = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                // Backslashes before a quote are doubled, and the quote escaped; elsewhere they stand as they are.
                quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                quoted.Append(c);
                backslashes = 0;
            }

            quoted.Append('\\', backslashes * 2);
            return quoted.Append('"').ToString();
        }

        private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
