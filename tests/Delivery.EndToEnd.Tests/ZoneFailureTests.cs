using Delivery.Engine;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>A zone that fails during the canary (stable and canary both lose it) pauses the run: the release is not blamed.</summary>
[Collection(SandboxCollection.Name)]
public sealed class ZoneFailureTests(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    private const string Zone = "us-east-1c";

    [Fact(Timeout = 240_000)]
    public async Task Deploy_ZoneFailsDuringCanary_PausedAsZoneFailureNotRolledBack()
    {
        var first = await StartFromGood1Async();
        using var http = new HttpClient { BaseAddress = Sandbox.MarathonUrl };
        var deploy = DeployAsync(Sandbox.Good2);
        try
        {
            for (var i = 0; i < 240 && await CanaryAsync() is null && !deploy.IsCompleted; i++) await Task.Delay(250);
            (await http.PostAsync($"_sandbox/marathon/zones/{Zone}/fail", null)).EnsureSuccessStatusCode();
            Say($"Failed zone {Zone}");

            var (report, error) = await deploy;

            Assert.True(report.Outcome == RunOutcome.Paused, $"{report.Outcome}: {report.Reason} {error}");
            Assert.Contains("ZoneFailure", string.Join(" ", report.Timeline.Select(t => t.Code)));
            Assert.Contains(report.Zones, zone => zone.Zone == Zone && zone.Verdict == "ZoneFailure");
            Assert.DoesNotContain(report.Zones, zone => zone.Verdict == "ReleaseFailure");
            Assert.EndsWith(first.Release!.Digest!, (await StableAsync())!.Image);
        }
        finally
        {
            await http.PostAsync($"_sandbox/marathon/zones/{Zone}/restore", null);
            Say($"Restored zone {Zone}");
        }
        var cleanUp = await RollbackAsync();
        Assert.Equal(RunOutcome.RolledBack, cleanUp.Outcome);
        await AssertConvergedAsync(first.Release!.Digest);
    }
}
