using Delivery.Core.Canary;
using Delivery.Core.Values;

namespace Delivery.Core.Tests.Canary;

/// <summary>Shared values for canary tests: three zones, a stable and a candidate release of <c>lobby</c>, fixed times.</summary>
internal static class CanaryWorld
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    public static readonly Zone A = new("us-east-1a"), B = new("us-east-1b"), C = new("us-east-1c");
    public static readonly IReadOnlyList<Zone> Zones = [A, B, C];

    public const string StableId = "/games/lobby", CanaryId = "/games/lobby-canary";

    public static readonly Release Stable = MakeRelease('a', '1');
    public static readonly Release Candidate = MakeRelease('b', '2');
    public static readonly Release Older = MakeRelease('c', '3');

    public static readonly HealthCheckTiming Timing = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    public static Release MakeRelease(char commit, char digest, bool dirty = false) =>
        new("lobby", new CommitId(new string(commit, 40)),
            ImageReference.Parse($"127.0.0.1:5000/games/lobby@sha256:{new string(digest, 64)}"), dirty);

    public static CanaryPolicy Policy(params CanaryStep[] steps) =>
        steps.Length == 0 ? new CanaryPolicy() : new CanaryPolicy { Steps = steps };

    public static CanaryStatus Begun(CanaryPolicy policy, int stableSize = 9, DateTimeOffset? at = null) =>
        CanaryStatus.Begin("run-1", policy, Stable, Candidate, stableSize, at ?? T0);

    /// <summary>Tasks in one zone: <paramref name="healthy"/> healthy and <paramref name="unhealthy"/> running but failing checks.</summary>
    public static ZoneTasks Tasks(int healthy, int unhealthy = 0, DateTimeOffset? started = null, int streak = 0,
        IReadOnlyList<DateTimeOffset>? failures = null)
    {
        var at = started ?? T0;
        var tasks = Enumerable.Range(0, healthy).Select(i => new TaskFact($"h{i}", TaskState.Running, at, true, 0, at))
            .Concat(Enumerable.Range(0, unhealthy).Select(i => new TaskFact($"u{i}", TaskState.Running, at, false, streak)));
        return new ZoneTasks(tasks.ToList(), failures ?? []);
    }

    public static ObservedApp App(string id, int instances, Release release, IReadOnlyDictionary<Zone, ZoneTasks> tasks,
        bool deploying = false, IReadOnlyDictionary<string, string>? labels = null) =>
        new(id, instances, release.Image, labels ?? new Dictionary<string, string>(), "2026-11-26T12:00:00.000Z",
            deploying ? ["d-1"] : [], Timing, tasks);

    /// <summary>Every zone with the same tasks.</summary>
    public static IReadOnlyDictionary<Zone, ZoneTasks> Each(ZoneTasks tasks) => Zones.ToDictionary(zone => zone, _ => tasks);

    public static ObservedApp StableApp(int instances = 9, Release? release = null, bool deploying = false, int? healthyPerZone = null) =>
        App(StableId, instances, release ?? Stable, Each(Tasks(healthyPerZone ?? instances / 3)), deploying);

    public static ObservedApp CanaryApp(CanaryStatus status, int instances, IReadOnlyDictionary<Zone, ZoneTasks> tasks) =>
        App(CanaryId, instances, status.Canary!, tasks, labels: CanaryAppLabels.For(status));
}
