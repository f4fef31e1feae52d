using Delivery.Core.Pipelines;
using Delivery.Marathon;

namespace Delivery.Tests.Marathon;

/// <summary>Runs only when <c>DELIVERY_TEST_MARATHON_URL</c> names a Marathon (e.g. the sandbox's emulator with the memory runtime).</summary>
public sealed class LiveMarathonFactAttribute : FactAttribute
{
    public const string Variable = "DELIVERY_TEST_MARATHON_URL";

    public LiveMarathonFactAttribute()
    {
        var url = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(url))
            Skip = $"{Variable} is not set: no Marathon to talk to.";
        // Tests send traffic to this machine only.
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
                 || !(uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out var ip) && System.Net.IPAddress.IsLoopback(ip)))
            Skip = $"{Variable} ({url}) is not on 127.0.0.0/8: the live tests talk to a Marathon on this machine only.";
    }
}

/// <summary>The client against a real Marathon API: one app's life from create to delete, as the engine drives it.</summary>
public class LiveMarathonTests
{
    private static IMarathonClient Client() => MarathonClientFactory.Create(
        new MarathonEndpoint(new Uri(Environment.GetEnvironmentVariable(LiveMarathonFactAttribute.Variable)!)), TimeProvider.System);

    [LiveMarathonFact]
    public async Task AppLifecycle_AgainstLiveMarathon_EveryCallUnderstood()
    {
        var client = Client();
        var id = "/delivery-tests/live-" + Guid.NewGuid().ToString("N")[..8];
        var app = new MarathonApp
        {
            // A command task with no health check: running is enough for its deployments to finish on any Marathon
            // (a TCP check would never pass, since `sleep` listens on no port).
            Id = id, Instances = 1, Cpus = 0.1, Mem = 32, Cmd = "sleep 1000",
            Labels = new() { ["service"] = id[16..], ["track"] = "stable" },
            UpgradeStrategy = new MarathonUpgradeStrategy(0.5, 0.5),
        };
        try
        {
            Assert.True(await client.PingAsync());
            Assert.NotNull((await client.GetInfoAsync()).Version);
            Assert.Null(await client.GetAppAsync(id));

            var created = await client.CreateAppAsync(app);
            Assert.False(string.IsNullOrEmpty(created.DeploymentId));
            await Assert.ThrowsAsync<MarathonAppExistsException>(() => client.CreateAppAsync(app));

            var listed = Assert.Single(await client.ListAppsAsync($"service=={id[16..]}"));
            Assert.Equal(id, listed.Id);

            await WaitForDeployments(client, id);
            var scaled = await client.ScaleAppAsync(id, 2);
            Assert.False(string.IsNullOrEmpty(scaled.DeploymentId));
            await WaitForDeployments(client, id);

            var current = await client.GetAppAsync(id);
            Assert.Equal(2, current!.Instances);
            await client.PutAppAsync(current with { Labels = new(current.Labels!) { ["release"] = "r2" } }, partialUpdate: false);
            await WaitForDeployments(client, id);

            var versions = await client.GetAppVersionsAsync(id);
            Assert.True(versions.Count >= 3, string.Join(", ", versions));
            var first = await client.GetAppVersionAsync(id, versions[0]);
            Assert.Equal(1, first!.Instances);
            await client.RollbackAppAsync(id, versions[0], force: true);
            await WaitForDeployments(client, id);
            Assert.Equal(1, (await client.GetAppAsync(id))!.Instances);
        }
        finally
        {
            await client.DeleteAppAsync(id);
        }
        await WaitForDeployments(client, id);
        Assert.Null(await client.GetAppAsync(id));
        Assert.Null(await client.DeleteAppAsync(id));
    }

    [LiveMarathonFact]
    public async Task LobbyTemplate_PostedToLiveMarathon_IsAccepted()
    {
        var client = Client();
        var root = Pipelines.TestRepository.Checkout();
        var lobby = Delivery.Pipelines.PipelineCatalog.Load(root).Get("lobby");
        var template = MarathonJson.Deserialize<MarathonApp>(lobby.Marathon.TemplateJson);
        var id = "/delivery-tests/lobby-" + Guid.NewGuid().ToString("N")[..8];
        var app = template with
        {
            Id = id, Instances = 1,
            Container = template.Container! with { Docker = template.Container.Docker! with { Image = "127.0.0.1:15000/games/lobby@sha256:" + new string('0', 64) } },
        };
        try
        {
            await client.CreateAppAsync(app);
            var created = await client.GetAppAsync(id);
            Assert.Equal("/health", created!.HealthChecks![0].Path);
            Assert.Equal(0.5, created.UpgradeStrategy!.MaximumOverCapacity);
        }
        finally
        {
            await client.DeleteAppAsync(id);
        }
    }

    [LiveMarathonFact]
    public async Task Events_AgainstLiveMarathon_StartWithAttached()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await foreach (var e in Client().EventsAsync(ct: cts.Token))
        {
            Assert.True(e.Attached);
            return;
        }
        Assert.Fail("The event stream ended without an event.");
    }

    private static async Task WaitForDeployments(IMarathonClient client, string id)
    {
        for (var i = 0; i < 100; i++)
        {
            if (!(await client.ListDeploymentsAsync()).Any(d => d.AffectedApps.Contains(id))) return;
            await Task.Delay(200);
        }
        Assert.Fail($"Deployments of {id} did not finish within 20 s.");
    }
}
