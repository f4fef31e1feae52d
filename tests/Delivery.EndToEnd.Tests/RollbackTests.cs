using System.Diagnostics;
using System.Text.Json;
using Delivery.Engine;
using Delivery.Pipelines;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// Incident rollback on the sandbox, with real containers: idempotent, whole-release, refused before any write when
/// it cannot be done, riding through a Marathon outage, and finished by the next Rollback after a kill.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class RollbackTests(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    private async Task<RunReport> PromoteAsync(string commit)
    {
        var (report, error) = await DeployAsync(commit);
        Assert.True(report.Outcome == RunOutcome.Promoted, $"{report.Outcome}: {report.Reason} {error}");
        return report;
    }

    private int StablePuts(WatchedMarathon watched) => watched.Writes.Count(w => w == $"put {Sandbox.StableAppId}");

    [Fact(Timeout = 240_000)]
    public async Task Rollback_ThreeTimesInARow_TheSameReleaseRestoredOnce()
    {
        var first = await StartFromGood1Async();
        await PromoteAsync(Sandbox.QuickGood);
        var watched = new WatchedMarathon(Sandbox.Marathon);

        var clock = Stopwatch.StartNew();
        var reports = new List<RunReport>();
        for (var i = 0; i < 3; i++) reports.Add(await RollbackAsync(marathon: watched));
        Say($"Benchmark: three Rollbacks took {clock.Elapsed.TotalSeconds:0.0} s; stages of the first: {string.Join(", ", reports[0].StageSeconds.Select(s => $"{s.Key} {s.Value:0.00}s"))}");

        Assert.All(reports, r => Assert.Equal(RunOutcome.RolledBack, r.Outcome));
        Assert.Equal(1, StablePuts(watched));
        Assert.Contains("is live: run", reports[2].Reason);
        await AssertConvergedAsync(first.Release!.Digest);
    }

    [Fact(Timeout = 240_000)]
    public async Task DeployRollback_BakeDoesNotCompile_LiveReleaseUntouched()
    {
        await StartFromGood1Async();
        var before = (await StableAsync())!;

        var (failed, error) = await DeployAsync(Sandbox.BrokenBuild);
        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        Say($"The bake failed as it should: {error?.Message.Split('\n')[0]}");
        var undo = await RollbackAsync(undo: [failed.RunId]);

        Assert.Equal(RunOutcome.AlreadyLive, undo.Outcome);
        Assert.Equal(before.Version, (await StableAsync())!.Version);
    }

    [Fact(Timeout = 240_000)]
    public async Task RollbackTo_DuringACanary_AbortsThenRestoresInOneRun()
    {
        var first = await StartFromGood1Async();
        await PromoteAsync(Sandbox.QuickGood);
        var deploy = DeployAsync(Sandbox.Good2);
        for (var i = 0; i < 240 && await CanaryAsync() is null && !deploy.IsCompleted; i++) await Task.Delay(500);
        Assert.NotNull(await CanaryAsync());

        var report = await RollbackAsync(to: first.Release!.Commit[..8]);

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        var (stopped, error) = await deploy;
        Say($"The deploy under way: {stopped.Outcome}: {error?.Message}");
        Assert.IsType<LeaseLostException>(error);
        await AssertConvergedAsync(first.Release!.Digest);
    }

    [Fact(Timeout = 240_000)]
    public async Task Rollback_OfAReleaseThatChangedAnEnvironmentVariable_BringsTheOldDefinitionBack()
    {
        await StartFromGood1Async();
        await PromoteAsync(Sandbox.QuickWithEnv);
        Assert.Contains("LOBBY_MODE", Env(await StableAsync()));

        var report = await RollbackAsync();

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        Assert.DoesNotContain("LOBBY_MODE", Env(await StableAsync()));
    }

    [Fact(Timeout = 240_000)]
    public async Task Rollback_ToAnImageDeletedFromEcr_RefusedBeforeAnyWrite()
    {
        await Sandbox.ResetAsync();
        var expendable = await PromoteAsync(Sandbox.Expendable);
        await PromoteAsync(Sandbox.QuickGood);
        await DeleteImageAsync(expendable.Release!.Digest!);
        var before = (await StableAsync())!;
        var watched = new WatchedMarathon(Sandbox.Marathon);

        var error = await Assert.ThrowsAsync<RunFailedException>(() => RollbackAsync(marathon: watched));

        Say(error.Message);
        Assert.Contains("is no longer in the registry", error.Message);
        Assert.Empty(watched.Writes);
        Assert.Equal(before.Version, (await StableAsync())!.Version);
    }

    [Fact(Timeout = 240_000)]
    public async Task Deploy_MarathonAnswering503ForTwentySecondsMidCanary_TheRunFinishes()
    {
        await StartFromGood1Async();
        using var http = new HttpClient { BaseAddress = Sandbox.MarathonUrl };
        var deploy = DeployAsync(Sandbox.QuickGood);
        for (var i = 0; i < 240 && await CanaryAsync() is null && !deploy.IsCompleted; i++) await Task.Delay(250);
        using (var fault = new StringContent("""{"kind":"status","status":503,"durationSeconds":20,"pathPrefix":"/v2"}""", System.Text.Encoding.UTF8, "application/json"))
            (await http.PostAsync("_sandbox/marathon/api-faults", fault)).EnsureSuccessStatusCode();
        Say("Marathon answers 503 for 20 s");

        var (report, error) = await deploy;

        Assert.True(report.Outcome == RunOutcome.Promoted, $"{report.Outcome}: {report.Reason} {error}");
        await AssertConvergedAsync(report.Release!.Digest);
    }

    [Fact(Timeout = 240_000)]
    public async Task Rollback_KilledDuringTheRestore_NextRollbackConvergesToTheSameTarget()
    {
        var first = await StartFromGood1Async();
        await PromoteAsync(Sandbox.QuickGood);
        var killer = new WatchedMarathon(Sandbox.Marathon) { KillBefore = $"put {Sandbox.StableAppId}" };

        await Assert.ThrowsAsync<RunFailedException>(() => RollbackAsync(marathon: killer, holder: SandboxFixture.DeadHolder()));
        var report = await RollbackAsync();

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        Assert.Contains(report.Timeline, t => t.Code == "Restored");
        await AssertConvergedAsync(first.Release!.Digest);
    }

    private static string Env(Delivery.Marathon.MarathonApp? app) =>
        app?.Extra is { } extra && extra.TryGetValue("env", out var env) ? env.GetRawText() : "";

    /// <summary>As an ECR lifecycle policy would: the image is gone from the repository.</summary>
    private async Task DeleteImageAsync(string digest)
    {
        var environment = EnvironmentLoader.Load(Sandbox.Repository.Root);
        using var http = new HttpClient();
        var ecr = new Delivery.Ecr.EcrApiClient(http, environment.Ecr, SandboxLocator.EcrCredentials(Sandbox.SandboxDirectory), TimeProvider.System);
        var answer = await ecr.CallAsync<JsonElement>("BatchDeleteImage",
            new { registryId = environment.Ecr.AccountId, repositoryName = "games/lobby", imageIds = new[] { new { imageDigest = digest } } }, Bound);
        Say($"Deleted {digest} from ECR: {answer.GetRawText()}");
    }
}
