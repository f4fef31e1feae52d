using System.Diagnostics;
using Delivery.Composition;
using Delivery.Core.Pipelines;
using Delivery.Engine;
using Delivery.Marathon;
using Delivery.Sandbox.Contract;

namespace Delivery.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}

/// <summary>
/// The sandbox, and one temporary clone with four lobby releases committed once (so each is baked at most once per
/// test run): two good ones, one that crashes on start, one whose health fails a minute after start. Every test uses
/// the same Marathon app group of its own, reset before it starts.
/// </summary>
public sealed class SandboxFixture : IDisposable
{
    public string SandboxDirectory { get; }

    /// <summary>The running sandbox's status.json: the endpoints the tests talk to directly.</summary>
    public SandboxStatus Status { get; }

    public Uri MarathonUrl => new(Status.Marathon.Url.TrimEnd('/') + "/");

    public Uri PrometheusUrl => new((Status.Prometheus ?? throw new SandboxNotUpException($"The sandbox's status names no Prometheus: {SandboxLocator.NotUp}")).Url.TrimEnd('/') + "/");
    public TestRepository Repository { get; }
    public string AppGroup { get; } = "e2e-" + Guid.NewGuid().ToString("N")[..6];
    public string Good1 { get; }
    public string Good2 { get; }
    public string CrashOnStart { get; }
    public string UnhealthyLater { get; }
    public string ThirtyPercentErrors { get; }
    public string FourHundredMsSlower { get; }
    public string NoPlayers { get; }
    public string QuickGood { get; }
    public string QuickWithEnv { get; }
    public string Expendable { get; }
    public string QuickGood2 { get; }
    public string QuickPaused { get; }
    public string BrokenBuild { get; }
    public IMarathonClient Marathon { get; }

    /// <summary>Where the clone's local environment sends every run's notifications (a webhook sink).</summary>
    public EventsReceiver Events { get; }

    public SandboxFixture()
    {
        (SandboxDirectory, Status) = SandboxLocator.Require();
        Environment.SetEnvironmentVariable("DELIVERY_SANDBOX_DIR", SandboxDirectory);
        Events = new EventsReceiver();
        Environment.SetEnvironmentVariable(EventsReceiver.Variable, Events.Url);
        Repository = new TestRepository(SandboxLocator.RepositoryRoot(), AppGroup);
        Good1 = Repository.Head();
        Good2 = Repository.CommitFaults(null, "A second good release");
        CrashOnStart = Repository.CommitFaults("""{ "crashOnStart": true }""", "A release that crashes on start");
        UnhealthyLater = Repository.CommitFaults("""{ "unhealthyAfterSeconds": 75 }""", "A release whose health fails after 75 s");
        ThirtyPercentErrors = Repository.CommitFaults("""{ "errorRate": 0.3 }""", "A release that answers 30% of API requests with 500");
        FourHundredMsSlower = Repository.CommitFaults("""{ "extraLatencyMs": 400 }""", "A release 400 ms slower on every API request");
        NoPlayers = Repository.CommitWithoutPlayers("20s", "A good release that nobody plays");
        QuickGood = Repository.CommitQuick("A good release judged on health only");
        QuickWithEnv = Repository.CommitQuick("A release whose app definition sets LOBBY_MODE", env: "\"LOBBY_MODE\": \"broken\"");
        Expendable = Repository.CommitQuick("A release whose image a test deletes from ECR");
        QuickGood2 = Repository.CommitQuick("A second good release judged on health only");
        QuickPaused = Repository.CommitQuickPaused("A release whose plan pauses for a person for at most 20 s", "20s");
        BrokenBuild = Repository.CommitBrokenBuild();
        Repository.LinkSandbox(SandboxDirectory);
        Marathon = MarathonClientFactory.Create(new MarathonEndpoint(MarathonUrl), TimeProvider.System);
    }

    public string StableAppId => $"/{AppGroup}/lobby";
    public string CanaryAppId => $"/{AppGroup}/lobby-canary";
    public string LedgerAppId => $"/{AppGroup}/lobby-delivery";

    /// <summary>A composition root on the clone, with the test's own Marathon client (to watch or kill) and holder.</summary>
    public DeliveryHost Host(Action<string> write, IMarathonClient? marathon = null, string? holder = null) =>
        DeliveryHost.Create(Options(write, holder), marathon ?? Marathon);

    /// <summary>The options every test's composition root starts from.</summary>
    public DeliveryOptions Options(Action<string> write, string? holder = null) => new(Repository.Root, "local", write)
    {
        JournalPath = Path.Combine(Repository.Root, ".nuke", "temp", "journal.db"),
        Holder = holder,
        Settings = new EngineSettings { PassInterval = TimeSpan.FromSeconds(2), LockTimeout = TimeSpan.FromMinutes(2) },
        Credentials = _ => SandboxLocator.EcrCredentials(SandboxDirectory),
    };

    /// <summary>Removes the test group's apps and waits until Marathon has let them go; fails naming those it kept.</summary>
    public async Task ResetAsync()
    {
        string[] apps = [CanaryAppId, StableAppId, LedgerAppId];
        foreach (var id in apps)
            await Marathon.DeleteAppAsync(id);
        var left = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            left.Clear();
            foreach (var id in apps)
                if (await Marathon.GetAppAsync(id) is not null) left.Add(id);
            if (left.Count == 0) return;
            await Task.Delay(500);
        }
        // A test that started on apps of the one before would pass or fail for reasons of its own.
        throw new InvalidOperationException($"Tried to reset the test group {AppGroup} but Marathon still had {string.Join(", ", left)} after 30 s");
    }

    /// <summary>A holder name whose process is gone: a lease it left behind is taken over at once, as after SIGKILL.</summary>
    public static string DeadHolder()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        process.WaitForExit();
        return $"killed@{Environment.MachineName}/pid-{process.Id}";
    }

    public void Dispose()
    {
        try
        {
            ResetAsync().GetAwaiter().GetResult();
        }
        finally
        {
            Repository.Dispose();
            Events.Dispose();
        }
    }
}
