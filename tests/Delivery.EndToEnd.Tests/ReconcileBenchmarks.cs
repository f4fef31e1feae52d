using System.Diagnostics;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// What a scheduled <c>Reconcile</c> costs when there is nothing to do: 20 pipelines, none in flight, through the real
/// build program on the sandbox. Prints the whole command's time (process start included) and the engine's own.
/// </summary>
[Collection(SandboxCollection.Name)]
[Trait("Category", "Benchmark")]
public sealed class ReconcileBenchmarks(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    [Fact(Timeout = 240_000)]
    public async Task Reconcile_TwentyIdlePipelines()
    {
        using var repository = new TestRepository(SandboxLocator.RepositoryRoot(), "bench-" + Guid.NewGuid().ToString("N")[..6]);
        var pipelines = Path.Combine(repository.Root, "pipelines");
        var lobby = File.ReadAllText(Path.Combine(pipelines, "lobby.yaml"));
        var template = File.ReadAllText(Path.Combine(pipelines, "marathon", "lobby.json"));
        for (var i = 1; i < 20; i++)
        {
            var name = $"lobby{i:D2}";
            File.WriteAllText(Path.Combine(pipelines, $"{name}.yaml"), lobby.Replace("name: lobby", $"name: {name}").Replace("marathon/lobby.json", $"marathon/{name}.json"));
            File.WriteAllText(Path.Combine(pipelines, "marathon", $"{name}.json"), template.Replace("/lobby\"", $"/{name}\""));
        }
        await BuildAsync(repository.Root, "Reconcile"); // warm: the first start of the program pays for loading it

        var times = new List<double>();
        string? summary = null;
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            var (code, text) = await BuildAsync(repository.Root, "Reconcile");
            times.Add(watch.Elapsed.TotalSeconds);
            Assert.Equal(0, code);
            summary = text.Split('\n').FirstOrDefault(l => l.Contains("looked at", StringComparison.Ordinal));
            Assert.Contains("20 looked at, 0 acted on", summary);
        }

        times.Sort();
        Say($"Reconcile on 20 idle pipelines, 5 runs: whole command median {times[2]:0.00} s (min {times[0]:0.00}, max {times[4]:0.00}); engine: {summary?.Trim()}");
    }
}
