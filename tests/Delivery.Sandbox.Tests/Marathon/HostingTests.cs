using System.Net;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Tests.Marathon.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Delivery.Sandbox.Tests.Marathon;

public sealed class HostingTests
{
    [Fact]
    public async Task BackgroundLoop_SystemClock_PlacesAndCompletesWithoutManualReconcile()
    {
        var runtime = new InMemoryTaskRuntime(TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddMarathonEmulator(new MarathonEmulatorOptions { ReconcileInterval = TimeSpan.FromMilliseconds(50) }, _ => runtime);
        await using var app = builder.Build();
        app.MapMarathonApi();
        await app.StartAsync();
        var client = app.GetTestClient();
        var created = await client.PostAsync("/v2/apps", new StringContent(MarathonHost.App("/loop", 3).ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        JsonNode? deployments = null;
        for (var i = 0; i < 100 && runtime.RunningCount < 3; i++) await Task.Delay(50);
        for (var i = 0; i < 100; i++)
        {
            deployments = JsonNode.Parse(await client.GetStringAsync("/v2/deployments"));
            if (deployments!.AsArray().Count == 0) break;
            await Task.Delay(50);
        }
        Assert.Equal(3, runtime.RunningCount);
        Assert.Empty(deployments!.AsArray());
        await app.StopAsync();
    }

    [Fact]
    public async Task HealthTimingOverride_ShortensIntervalAndGraceOfEveryCheck()
    {
        var options = new MarathonEmulatorOptions { HealthTiming = new HealthTimingOverride(Interval: TimeSpan.FromSeconds(2), GracePeriod: TimeSpan.Zero) };
        await using var host = MarathonHost.Start(options);
        host.Runtime.Script("/a", TaskScript.Unhealthy);
        var app = MarathonHost.App("/a", 1);
        app["healthChecks"] = new JsonArray(new JsonObject { ["maxConsecutiveFailures"] = 3 }); // defaults: grace 300 s, interval 60 s
        await host.CreateAppAsync(app);
        await host.ReconcileAsync();
        var first = host.Runtime.Launches.First().TaskId;
        await host.AdvanceAsync(TimeSpan.FromSeconds(6));
        Assert.DoesNotContain(first, host.Tasks("/a").Select(t => t.Id)); // three failures 2 s apart, then killed
    }

    [Fact]
    public async Task Versions_BeyondTheLimit_KeepOnlyTheNewest()
    {
        await using var host = MarathonHost.Start(new MarathonEmulatorOptions { MaxVersionsPerApp = 3 });
        await host.CreateAppAsync(MarathonHost.App("/a", 0));
        for (var i = 1; i <= 4; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await host.PutAsync("/v2/apps/a?force=true", new JsonObject { ["instances"] = i });
        }
        var versions = (await host.GetAsync("/v2/apps/a/versions")).Body!["versions"]!.AsArray();
        Assert.Equal(3, versions.Count);
        Assert.Equal((await host.AppAsync("/a"))["version"]!.GetValue<string>(), versions[0]!.GetValue<string>());
    }

    [Fact]
    public void Credentials_ToString_NeverShowsThePassword()
    {
        Assert.DoesNotContain("s3cret", new MarathonCredentials("ops", "s3cret").ToString());
        Assert.DoesNotContain("s3cret", new MarathonEmulatorOptions { Credentials = new("ops", "s3cret") }.ToString());
    }
}
