using Delivery.Composition;
using Delivery.Core;
using Delivery.Core.Canary;
using Delivery.Core.Values;
using Delivery.Engine;
using Delivery.Git;

namespace Delivery.Tests.Engine;

/// <summary>The composition root on this repository's own pipelines, with an in-memory Marathon.</summary>
public sealed class DeliveryHostTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("host-").FullName;

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Delivery.sln"))) return dir.FullName;
        throw new InvalidOperationException("No Delivery.sln above the tests.");
    }

    private DeliveryHost Host(InMemoryMarathon marathon, string? environment = null) =>
        DeliveryHost.Create(new DeliveryOptions(Root(), environment, _ => { }) { JournalPath = Path.Combine(_temp, "journal.db") }, marathon);

    [Fact]
    public async Task ChangedSinceLive_NoStableApp_DeploysThePipeline()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EngineWorld.T0);
        using var host = Host(new InMemoryMarathon(time, EngineWorld.Zones));

        var changed = await host.ChangedSinceLiveAsync(CancellationToken.None);

        Assert.Contains(changed, target => target.Name == "lobby");
    }

    [Fact]
    public async Task ChangedSinceLive_StableAtHeadCommit_NothingToDeploy()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EngineWorld.T0);
        var marathon = new InMemoryMarathon(time, EngineWorld.Zones);
        using var host = Host(marathon);
        var target = host.Targets(["lobby"])[0];
        var head = new LibGit2Repository().ReadHead(Path.Combine(Root(), target.Pipeline.Source), allowDirty: true);
        var live = new Release("lobby", head.Commit, ImageReference.Parse("127.0.0.1:18444/games/lobby@sha256:" + new string('1', 64)));
        await marathon.PutAppAsync(AppDefinitions.Stable(target, live, 6, ReleaseHistory.Empty));

        var changed = await host.ChangedSinceLiveAsync(CancellationToken.None);

        Assert.DoesNotContain(changed, t => t.Name == "lobby");
    }

    [Fact]
    public void Create_EnvironmentWithSinksAndPushgateway_RunsAreHeardByBoth()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EngineWorld.T0);
        using var local = Host(new InMemoryMarathon(time, EngineWorld.Zones));
        using var production = Host(new InMemoryMarathon(time, EngineWorld.Zones), "production");

        Assert.IsType<Delivery.DeliveryMetrics.MetricsPusher>(local.Context.Listener);
        Assert.IsType<RunListeners>(production.Context.Listener);
        Assert.Equal(["SLACK_DEPLOYS_URL", "DEPLOY_EVENTS_URL"], production.Environment.Notifications.Select(n => n.UrlVariable));
    }

    [Fact]
    public void EnvironmentSecrets_WebhookUrlsOfTheEnvironment_AreSecrets()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EngineWorld.T0);
        using var production = Host(new InMemoryMarathon(time, EngineWorld.Zones), "production");
        var url = "https://hooks.slack.example/services/T0/B0/Zx9secretToken";

        var secrets = EnvironmentSecrets.Values(production.Environment, v => v == "SLACK_DEPLOYS_URL" ? url : null);

        Assert.Equal([url], secrets);
    }

    [Fact]
    public void Create_InputsOnly_NoJournalFileAndNoEngineWiring()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EngineWorld.T0);
        using var host = Host(new InMemoryMarathon(time, EngineWorld.Zones));

        Assert.NotEmpty(host.Targets());
        Assert.False(File.Exists(Path.Combine(_temp, "journal.db")));
    }

    [Fact]
    public async Task Status_ReadsMarathonAndJournal_NeverAsksForTheRegistry()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EngineWorld.T0);
        var asked = 0;
        using var host = DeliveryHost.Create(new DeliveryOptions(Root(), null, _ => { })
        {
            JournalPath = Path.Combine(_temp, "journal.db"),
            Credentials = _ => { asked++; return null; },
        }, new InMemoryMarathon(time, EngineWorld.Zones));

        await host.Status().ReadAsync(host.Targets(["lobby"])[0], CancellationToken.None);

        Assert.Equal(0, asked);
    }

    [Fact]
    public void Create_UnknownEnvironment_FailsBeforeAnythingWithTheKnownOnes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EngineWorld.T0);
        var marathon = new InMemoryMarathon(time, EngineWorld.Zones);

        var error = Assert.Throws<DeliveryException>(() => Host(marathon, "staging"));

        Assert.Contains("staging", error.Message);
        Assert.Contains("local", error.Message);
        Assert.Empty(marathon.Writes);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_temp, recursive: true);
    }
}
