using System.Diagnostics;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon;
using Delivery.Sandbox.Tests.Marathon.Support;
using Xunit.Abstractions;

namespace Delivery.Sandbox.Tests.Marathon;

/// <summary>
/// Figures, not assertions on time: API latency over real loopback HTTP under 10 concurrent clients, and the CPU
/// and memory cost of 1,000 in-memory tasks with health checks. Run with
/// <c>dotnet test --filter Category=Benchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class MarathonBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task ApiLatency_TenConcurrentClients_PrintsPercentiles()
    {
        await using var marathon = await RealHttpMarathon.StartAsync(new MarathonEmulatorOptions());
        var http = marathon.Client;
        for (var i = 0; i < 20; i++)
        {
            var body = MarathonHost.App($"/bench/app-{i}", 5).ToJsonString();
            (await http.PostAsync("/v2/apps", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }
        await Task.Delay(500); // the background loop places the 100 tasks

        string[] paths = ["/v2/apps/bench/app-3", "/v2/apps?embed=apps.tasks", "/v2/deployments", "/v2/tasks", "/v2/info"];
        var latencies = new List<double>[paths.Length];
        for (var p = 0; p < paths.Length; p++) latencies[p] = [];
        var until = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, 10).Select(async c =>
        {
            var n = 0;
            while (until.Elapsed < TimeSpan.FromSeconds(3))
            {
                var p = (c + n++) % paths.Length;
                var watch = Stopwatch.StartNew();
                (await http.GetAsync(paths[p])).EnsureSuccessStatusCode();
                lock (latencies[p]) latencies[p].Add(watch.Elapsed.TotalMilliseconds);
            }
        });
        await Task.WhenAll(clients);
        for (var p = 0; p < paths.Length; p++)
        {
            var sorted = latencies[p].Order().ToList();
            double Pct(double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
            output.WriteLine($"{paths[p],-28} n={sorted.Count,6} p50={Pct(0.5),7:0.00} ms p95={Pct(0.95),7:0.00} ms p99={Pct(0.99),7:0.00} ms");
        }
        Assert.All(latencies, l => Assert.NotEmpty(l));
    }

    [Fact]
    public async Task ThousandTasksWithHealthChecks_PrintsCpuAndMemory()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var agents = Enumerable.Range(0, 10).Select(i =>
            new AgentOptions($"agent-{i}", $"127.0.1.{i + 1}", "us-east-1", $"us-east-1{(char)('a' + i % 3)}", 31000 + i * 1000, 31999 + i * 1000)
            { Cpus = 1000, MemMb = 1_000_000 }).ToList();
        await using var host = MarathonHost.Start(new MarathonEmulatorOptions { Agents = agents });
        for (var i = 0; i < 10; i++)
        {
            var app = MarathonHost.App($"/scale/app-{i}", 100);
            app["healthChecks"] = new JsonArray(new JsonObject { ["intervalSeconds"] = 5, ["gracePeriodSeconds"] = 10 });
            await host.CreateAppAsync(app);
        }
        var wall = Stopwatch.StartNew();
        await host.AdvanceAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1)); // 300 passes, 60 probes per task
        var elapsed = wall.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var memory = GC.GetTotalMemory(forceFullCollection: true) - before;
        var healthy = host.Tasks("/scale/app-0").Count(t => t.IsHealthy());
        output.WriteLine($"1,000 tasks, 5 simulated minutes (300 passes, ~60,000 probes): wall {elapsed.TotalSeconds:0.00} s, " +
            $"CPU {used.TotalSeconds:0.00} s, managed memory +{memory / 1024.0 / 1024.0:0.0} MiB; app-0 healthy {healthy}/100");
        Assert.Equal(1000, host.State.Tasks.Count);
    }
}
