using Delivery.Core.Analysis;
using Delivery.Core.Canary;
using Delivery.Core.Hooks;
using Delivery.Core.Values;
using Delivery.Engine;
using Delivery.Hooks;
using static Delivery.Tests.Engine.EngineWorld;

namespace Delivery.Tests.Engine;

/// <summary>
/// The analysis and the hooks through the engine (observer, reader cadence, hooks, recorder) on the in-memory Marathon
/// and a fake clock: metrics from a scripted source, hooks from a recording runner.
/// </summary>
public sealed class EngineAnalysisTests
{
    private static readonly Release A = ReleaseOf('a', '1'), B = ReleaseOf('b', '2');

    private static readonly ErrorRateCheck Errors =
        new("error-rate", new PromSelector("requests", []), new PromSelector("failed", [])) { Limit = 0.05, MaxIncrease = 0.02 };

    private static CanaryPolicy Policy(params HookSpec[] hooks) => EngineWorld.Policy() with
    {
        Analysis = new AnalysisPolicy
        {
            Interval = TimeSpan.FromSeconds(10), Warmup = TimeSpan.FromSeconds(5), MaxDuration = TimeSpan.FromMinutes(3), MinimumRequests = 100, Checks = [Errors],
        },
        Hooks = hooks,
    };

    private static (EngineWorld World, ScriptedMetrics Metrics, RecordingHooks Hooks) World(CanaryPolicy policy, double canaryErrorRate, string? onlyZone = null)
    {
        var world = new EngineWorld(policy);
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;
        return (world, new ScriptedMetrics(canaryErrorRate, onlyZone), new RecordingHooks());
    }

    private static Task<RunReport> Deploy(EngineWorld world, ScriptedMetrics metrics, RecordingHooks hooks) =>
        world.Drive(new DeployUseCase(world.Context() with { Metrics = metrics, Hooks = hooks }, world.Git, world.Images, "/repo")
            .RunAsync(world.Target, false, CancellationToken.None));

    [Fact]
    public async Task Deploy_GoodCanary_PromotedOnTheMetricsWithEveryHookRunOnceInOrder()
    {
        var smoke = new HookSpec("smoke", HookPhase.PreRollout, ["smoke"], null, TimeSpan.FromSeconds(30));
        var load = new HookSpec("players", HookPhase.DuringAnalysis, ["players"], null, TimeSpan.FromMinutes(30));
        var gate = new HookSpec("approve", HookPhase.ConfirmPromotion, ["approve"], null, TimeSpan.FromSeconds(30));
        var notify = new HookSpec("notify", HookPhase.PostRollout, ["notify"], null, TimeSpan.FromSeconds(30));
        var (world, metrics, hooks) = World(Policy(smoke, load, gate, notify), canaryErrorRate: 0);

        var report = await Deploy(world, metrics, hooks);

        Assert.Equal(RunOutcome.Promoted, report.Outcome);
        // The load keeps running while the promotion gate is asked: the canary still serves until promotion begins.
        Assert.Equal(["run smoke", "start players", "run approve", "stop players", "run notify"], hooks.Calls);
        Assert.Equal(["smoke", "approve", "players", "notify"], report.Hooks.Select(h => h.Name));
        Assert.Equal("pre-rollout", hooks.Payloads[0].Phase);
        Assert.Equal(3, hooks.Payloads[0].CanaryTasks.Count);
        // Read once per interval after the warm-up, not once per pass.
        var reads = report.Analysis!.Evaluations.Select(e => e.At).Distinct().ToList();
        Assert.Equal(reads.Count, metrics.Reads);
        Assert.All(reads.Zip(reads.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(10)));
        // The first read comes at the first pass after warm-up + one interval (passes are 2 s apart here).
        Assert.InRange(reads[0] - report.Analysis.StartedAt!.Value, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(17));
        Assert.All(report.Analysis.Evaluations.GroupBy(e => e.Zone).Select(g => g.Last()), e => Assert.Equal("Passed", e.Phase));
        Assert.NotNull(report.Analysis.DecidedAt);
    }

    [Fact]
    public async Task Deploy_CanaryFailingThirtyPercent_RolledBackAtTheFirstReadAndLoadStopped()
    {
        var load = new HookSpec("players", HookPhase.DuringAnalysis, ["players"], null, TimeSpan.FromMinutes(30));
        var (world, metrics, hooks) = World(Policy(load), canaryErrorRate: 0.3);

        var report = await Deploy(world, metrics, hooks);

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        Assert.Contains("Metric error-rate failed", report.Reason);
        Assert.Equal(1, metrics.Reads);
        Assert.All(report.Zones, zone => Assert.Equal("MetricFailure", zone.Verdict));
        Assert.Equal(["start players", "stop players"], hooks.Calls);
        Assert.Equal(A, world.StableRelease);
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
    }

    [Fact]
    public async Task Deploy_OneZoneFailing_RolledBackAndTheOtherZonesReportedUndecidedNotPassed()
    {
        var (world, metrics, hooks) = World(Policy(), canaryErrorRate: 0.3, onlyZone: "us-east-1a");

        var report = await Deploy(world, metrics, hooks);

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        var verdicts = report.Zones.ToDictionary(z => z.Zone, z => z.Verdict);
        Assert.Equal("MetricFailure", verdicts["us-east-1a"]);
        // One read of 100 requests cannot yet show the other canaries within 2 points of stable: undecided, not passed.
        Assert.Equal("MetricPending", verdicts["us-east-1b"]);
        Assert.Equal("MetricPending", verdicts["us-east-1c"]);
        Assert.StartsWith("error-rate in us-east-1b", report.Zones.Single(z => z.Zone == "us-east-1b").Message);
    }

    [Fact]
    public async Task Deploy_MetricsServerDownAtStart_RefusedBeforeAnyBakeOrWrite()
    {
        var (world, metrics, hooks) = World(Policy(), canaryErrorRate: 0);
        metrics.Down = true;
        var writes = world.Marathon.Writes.Count;

        var error = await Assert.ThrowsAsync<RunFailedException>(() => Deploy(world, metrics, hooks));

        Assert.Contains("Prometheus is down", error.Message);
        Assert.Equal(0, world.Images.Calls);
        Assert.Equal(writes, world.Marathon.Writes.Count);
    }

    [Fact]
    public async Task Deploy_SmokeTestFails_RolledBackWithoutAnalysis()
    {
        var smoke = new HookSpec("smoke", HookPhase.PreRollout, ["smoke"], null, TimeSpan.FromSeconds(30));
        var (world, metrics, hooks) = World(Policy(smoke), canaryErrorRate: 0);
        hooks.Failing.Add("smoke");

        var report = await Deploy(world, metrics, hooks);

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        Assert.Contains("A pre-rollout hook failed", report.Reason);
        Assert.Contains("no /health", report.Reason);
        Assert.Equal(0, metrics.Reads);
    }

    /// <summary>Counts that grow with the clock: 10 requests/s per task, the canary failing at its rate.</summary>
    private sealed class ScriptedMetrics(double canaryErrorRate, string? onlyZone = null) : IMetricSource
    {
        public int Reads { get; private set; }
        public bool Down { get; set; }

        public Task CheckAsync(CancellationToken ct) =>
            Down ? throw new Core.DeliveryException("Refused to start: the canary analysis needs Prometheus, and Prometheus is down") : Task.CompletedTask;

        public Task<IReadOnlyList<MetricReading>> ReadAsync(DeploymentTarget target, AnalysisContext context, DateTimeOffset since, DateTimeOffset at, CancellationToken ct)
        {
            Reads++;
            var window = context.Policy.Interval.TotalSeconds;
            var total = (at - since).TotalSeconds;
            ZoneReading Zone(double rate) => new(
                new TrackReading(new CountSample(10 * window, 10 * window * rate), new CountSample(10 * total, Math.Round(10 * total * rate))),
                new TrackReading(new CountSample(20 * window, 0), new CountSample(20 * total, 0)));
            IReadOnlyList<MetricReading> readings = [new MetricReading("error-rate", at, context.Policy.Interval, at - since, ["q"],
                target.Zones.ToDictionary(z => z, z => Zone(onlyZone is null || z.Name == onlyZone ? canaryErrorRate : 0)))];
            return Task.FromResult(readings);
        }
    }

    private sealed class RecordingHooks : IHookRunner
    {
        public List<string> Calls { get; } = [];
        public List<HookPayload> Payloads { get; } = [];
        public HashSet<string> Failing { get; } = [];

        public Task<HookResult> RunAsync(HookSpec hook, HookPayload payload, CancellationToken ct)
        {
            Calls.Add($"run {hook.Name}");
            Payloads.Add(payload);
            var passed = !Failing.Contains(hook.Name);
            return Task.FromResult(new HookResult(hook.Name, hook.Phase, passed, passed ? 0 : 1, TimeSpan.FromSeconds(1),
                $"{hook} {(passed ? "passed" : "exited with 1")}", passed ? "" : "smoke: us-east-1a 127.0.1.1:31000 does not answer /health\nno /health"));
        }

        public RunningHook Start(HookSpec hook, HookPayload payload)
        {
            Calls.Add($"start {hook.Name}");
            Payloads.Add(payload);
            return new RunningHook(hook, new FakeRun(hook, () => Calls.Add($"stop {hook.Name}")));
        }

        private sealed class FakeRun(HookSpec hook, Action stopped) : IHookRun
        {
            public int? Pid => 4242;
            public bool HasExited { get; private set; }

            public Task<HookResult> StopAsync(TimeSpan grace)
            {
                HasExited = true;
                stopped();
                return Task.FromResult(new HookResult(hook.Name, hook.Phase, true, null, TimeSpan.FromSeconds(40), $"{hook} stopped", ""));
            }
        }
    }
}
