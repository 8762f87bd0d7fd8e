using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AhiTools.LocalService.Hosting;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class StartupTests
    {
        [Fact]
        public async Task Process_prints_one_listening_line_and_serves_on_that_port()
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "AhiTools.LocalService.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(dll);
            start.ArgumentList.Add("--port");
            start.ArgumentList.Add("0");
            using var process = Process.Start(start)!;
            try
            {
                var lineTask = process.StandardOutput.ReadLineAsync();
                var line = await lineTask.WaitAsync(TimeSpan.FromSeconds(30));
                var match = Regex.Match(line ?? "", @"^AhiTools\.LocalService listening on http://127\.0\.0\.1:(\d+)$");
                Assert.True(match.Success, $"unexpected first line: {line}");
                using var http = new HttpClient();
                var health = await http.GetAsync($"http://127.0.0.1:{match.Groups[1].Value}/_local/health");
                Assert.True(health.IsSuccessStatusCode);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        [Fact]
        public void Command_line_parses_every_option()
        {
            var options = CommandLine.Parse(new[]
            {
                "--port", "8123", "--seed", "s.json", "--credentials", "AK1:secret:with:colons", "--credentials", "AK2:s2",
                "--workflow-delay-ms", "10", "--data-dir", "/tmp/x", "--quota-preset", "aws", "--quota-scale", "0.5",
                "--fault-seed", "7", "--fault-rate", "0.25", "--fault-latency-ms", "5", "--fault-lost-response-rate", "0.1",
                "--max-concurrent-writes", "3",
            });
            Assert.Equal(8123, options.Port);
            Assert.Equal("s.json", options.SeedFile);
            Assert.Equal("secret:with:colons", options.EffectiveCredentials()["AK1"]);
            Assert.Equal("s2", options.EffectiveCredentials()["AK2"]);
            Assert.Equal(10, options.WorkflowDelayMs);
            Assert.Equal("/tmp/x", options.DataDirectory);
            Assert.Equal("aws", options.QuotaPreset);
            Assert.Equal(0.5, options.QuotaScale);
            Assert.Equal(7, options.FaultSeed);
            Assert.Equal(0.25, options.FaultRate);
            Assert.Equal(5, options.FaultLatencyMs);
            Assert.Equal(0.1, options.FaultLostResponseRate);
            Assert.Equal(3, options.MaxConcurrentWritesPerDatastore);
        }

        [Theory]
        [InlineData("aws", "aws")]
        [InlineData("AWS-2024", "aws-2024")]
        [InlineData("none", null)]
        public void Quota_presets_are_named(string given, string? preset)
        {
            Assert.Equal(preset, CommandLine.Parse(new[] { "--quota-preset", given }).QuotaPreset);
        }

        [Fact]
        public void An_unknown_quota_preset_is_refused_naming_the_presets()
        {
            var error = Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--quota-preset", "aws-2023" }));
            Assert.Contains("'aws', 'aws-2024' or 'none'", error.Message);
        }

        [Fact]
        public void Defaults_are_the_documented_pair_and_no_faults_or_quotas()
        {
            var options = CommandLine.Parse(Array.Empty<string>());
            Assert.Equal(ServiceOptions.DefaultSecretKey, options.EffectiveCredentials()[ServiceOptions.DefaultAccessKey]);
            Assert.Equal(0, options.Port);
            Assert.Equal(250, options.WorkflowDelayMs);
            Assert.Null(options.QuotaPreset);
            Assert.Equal(0, options.FaultRate);
            Assert.Equal(100, options.MaxConcurrentWritesPerDatastore);
        }

        [Theory]
        [InlineData("--bogus")]
        [InlineData("--fault-rate", "2")]
        [InlineData("--credentials", "nocolon")]
        [InlineData("--port")]
        public void Bad_arguments_are_rejected(params string[] args)
        {
            Assert.Throws<ArgumentException>(() => CommandLine.Parse(args));
        }

        [Theory]
        [InlineData("--help")]
        [InlineData("-h")]
        [InlineData("--port", "5000", "-h")]
        public void Help_is_asked_for_by_either_spelling_and_wins_over_other_options(params string[] args)
        {
            Assert.True(CommandLine.Parse(args).HelpRequested);
            Assert.False(CommandLine.Parse(new[] { "--port", "5000" }).HelpRequested);
        }

        [Fact]
        public void The_usage_lists_and_describes_every_option()
        {
            foreach (var option in new[] { "--port", "--seed", "--credentials", "--workflow-delay-ms", "--data-dir", "--quota-preset", "--quota-scale", "--max-concurrent-writes", "--fault-seed", "--fault-rate", "--fault-latency-ms", "--fault-lost-response-rate", "--region", "--clock-skew-seconds", "--help" })
            {
                // Once in the synopsis, once where it is described.
                Assert.True(CommandLine.Usage.Split(new[] { option + " " }, StringSplitOptions.None).Length - 1 >= 2, option);
            }
        }
    }
}
