using Delivery.Core.Canary;
using Delivery.Engine;
using static Delivery.Tests.Engine.EngineWorld;

namespace Delivery.Tests.Engine;

public sealed class StatusUseCaseTests
{
    private static readonly Delivery.Core.Values.Release A = ReleaseOf('a', '1'), B = ReleaseOf('b', '2');

    private sealed class ListJournal : IRunJournal
    {
        public List<RunReport> Reports { get; } = [];
        public Task BeginAsync(string runId, string kind, string pipeline, string environment, DateTimeOffset startedAt, CancellationToken ct) => Task.CompletedTask;
        public Task FinishAsync(RunReport report, CancellationToken ct) { Reports.Add(report); return Task.CompletedTask; }
        public Task<IReadOnlyList<RunReport>> RecentAsync(string pipeline, int count, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<RunReport>>(Reports.Where(r => r.Pipeline == pipeline).Reverse().Take(count).ToList());
        public Task<IReadOnlyList<string>> UnfinishedAsync(string pipeline, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>([]);
    }

    [Fact]
    public async Task Status_CanaryPausedForAPerson_ShowsBothReleasesPerZoneAndTheRunInFlight()
    {
        var world = new EngineWorld(Policy(new PlaceStep(), new PauseStep("look"), new PromoteStep()));
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;
        var journal = new ListJournal();
        var context = world.Context() with { Journal = journal };
        await world.Drive(new DeployUseCase(context, world.Git, world.Images, "/repo").RunAsync(world.Target, false, CancellationToken.None));

        var view = await new StatusUseCase(context, journal).ReadAsync(world.Target, CancellationToken.None);

        Assert.Equal(A.ToString(), view.StableRelease);
        Assert.Equal(B.ToString(), view.CanaryRelease);
        Assert.Equal("Paused", view.Phase);
        Assert.Contains(B.ToString(), view.InFlight);
        Assert.All(view.Zones, zone => Assert.Equal((2, 2, 1, 1), (zone.StableHealthy, zone.StableTotal, zone.CanaryHealthy, zone.CanaryTotal)));
        Assert.Null(view.LockHolder);
        Assert.Equal("Paused", view.LastRun!.Outcome);
        Assert.Contains("\"canaryRelease\"", PipelineStatusView.Json([view]));
        Assert.Contains(view.Lines(), line => line.Contains("us-east-1a") && line.Contains("canary 1/1 healthy"));
    }

    [Fact]
    public async Task Status_NothingEverDeployed_IdleWithoutStable()
    {
        var world = new EngineWorld();

        var view = await new StatusUseCase(world.Context(), new ListJournal()).ReadAsync(world.Target, CancellationToken.None);

        Assert.Null(view.StableRelease);
        Assert.Equal("Idle", view.Phase);
        Assert.Null(view.InFlight);
        Assert.Null(view.LastRun);
    }
}
