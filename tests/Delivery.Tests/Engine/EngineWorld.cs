using Delivery.Core.Canary;
using Delivery.Core.Pipelines;
using Delivery.Core.Values;
using Delivery.Engine;
using Delivery.Git;
using Delivery.Images;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Engine;

/// <summary>
/// One pipeline (<c>lobby</c>, 6 stable instances over three zones) on an <see cref="InMemoryMarathon"/> and a fake
/// clock, with fake git and image publishing; runs use cases by stepping the clock until they finish.
/// </summary>
internal sealed class EngineWorld
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    public static readonly IReadOnlyList<Zone> Zones = [new("us-east-1a"), new("us-east-1b"), new("us-east-1c")];

    public const string Template = """
        { "id": "/games/lobby", "cpus": 0.25, "mem": 128, "container": { "type": "DOCKER", "docker": {} },
          "labels": { "team": "games" },
          "healthChecks": [ { "protocol": "HTTP", "path": "/health", "gracePeriodSeconds": 15, "intervalSeconds": 5, "maxConsecutiveFailures": 3 } ],
          "upgradeStrategy": { "minimumHealthCapacity": 1, "maximumOverCapacity": 0.5 } }
        """;

    public FakeTimeProvider Time { get; } = new(T0);
    public InMemoryMarathon Marathon { get; }
    public List<string> Lines { get; } = [];
    public HeadGit Git { get; } = new();
    public FakePublisher Images { get; }
    public DeploymentTarget Target { get; }

    public EngineWorld(CanaryPolicy? policy = null)
    {
        Marathon = new InMemoryMarathon(Time, Zones);
        Images = new FakePublisher(Git);
        var pipeline = new Pipeline("lobby", "src/Lobby", new ImageSpec("games/lobby", ".", "Dockerfile", new Dictionary<string, string>()),
            new MarathonAppSpec("/games/lobby", "pipelines/marathon/lobby.json", Template), null, 6, policy ?? Policy());
        var environment = new DeliveryEnvironment("test", new EcrSpec("000000000000", "us-east-1"), new MarathonEndpoint(new Uri("http://127.0.0.1:1")),
            null, Zones);
        Target = new DeploymentTarget(pipeline, environment);
    }

    /// <summary>Place, watch 30 s, promote; short deadlines.</summary>
    public static CanaryPolicy Policy(params CanaryStep[] steps) => new()
    {
        Steps = steps.Length > 0 ? steps : [new PlaceStep(), new WaitStep(TimeSpan.FromSeconds(30)), new PromoteStep()],
        Health = new HealthGatePolicy { HealthyDeadline = TimeSpan.FromSeconds(60) },
        PromotionDeadline = TimeSpan.FromMinutes(2), RollbackDeadline = TimeSpan.FromMinutes(2),
    };

    public static Release ReleaseOf(char commit, char digest) =>
        new("lobby", new CommitId(new string(commit, 40)), ImageReference.Parse($"127.0.0.1:18444/games/lobby@sha256:{new string(digest, 64)}"));

    public EngineContext Context(string holder = "alice@laptop") =>
        new(Marathon, null, new ProgressLog(Lines.Add, Time), new EngineSettings { UseEvents = false, PassInterval = TimeSpan.FromSeconds(2), LockTimeout = TimeSpan.FromSeconds(30) },
            Time, holder);

    public DeployUseCase Deploy(string holder = "alice@laptop") => new(Context(holder), Git, Images, "/repo");

    /// <summary>Makes <paramref name="release"/> the live stable app, as a promotion would have left it.</summary>
    public void Live(Release release, int instances = 6, ReleaseHistory? history = null)
    {
        Marathon.PutAppAsync(AppDefinitions.Stable(Target, release, instances, history ?? ReleaseHistory.Empty)).GetAwaiter().GetResult();
        Time.Advance(TimeSpan.FromSeconds(30));
    }

    /// <summary>Steps the fake clock until <paramref name="run"/> finishes (bounded, so a hang fails the test).</summary>
    public async Task<T> Drive<T>(Task<T> run, TimeSpan? step = null, int maxSteps = 5000)
    {
        for (var i = 0; i < maxSteps && !run.IsCompleted; i++)
        {
            await Task.Yield();
            if (run.IsCompleted) break;
            Time.Advance(step ?? TimeSpan.FromMilliseconds(500));
        }
        if (!run.IsCompleted) throw new TimeoutException($"The run did not finish; last lines: {string.Join(" | ", Lines.TakeLast(5))}");
        return await run;
    }

    public Release? StableRelease =>
        Marathon.Exists(Target.StableAppId) ? StableLabels.TryRead(Marathon.Definition(Target.StableAppId), "lobby") : null;
}

/// <summary>HEAD of the pipeline's source: the commit a test says.</summary>
internal sealed class HeadGit : IGitRepository
{
    public CommitId Head { get; set; } = new(new string('b', 40));

    public GitRelease ReadHead(string path, bool allowDirty) => new(Head, EngineWorld.T0, false, "/repo", "/repo");

    public IReadOnlyList<string> ChangedFolders(string path, string fromCommit, string toCommit, IEnumerable<string> folders) => folders.ToList();
}

/// <summary>Publishes the release a test names for each commit (its digest decides good or bad), counting calls.</summary>
internal sealed class FakePublisher(HeadGit git) : IImagePublisher
{
    public Dictionary<CommitId, Release> Releases { get; } = [];
    public int Calls { get; private set; }

    public Task<ImageOutcome> PublishAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct)
    {
        Calls++;
        var release = Releases[git.Head];
        return Task.FromResult(new ImageOutcome(ImageOutcomeKind.Pushed, release, release.Commit.Value, release.Commit, false, "sha256:x", false,
            new PushStatistics(1000, 2, 3, 5000), new Dictionary<string, TimeSpan>()));
    }
}
