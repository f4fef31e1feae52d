using Delivery.Engine;
using Delivery.Journal;

namespace Delivery.Tests.Journal;

public sealed class SqliteRunJournalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("journal-").FullName;
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private string Path => System.IO.Path.Combine(_folder, "nested", "journal.db");

    private static RunReport Report(string runId, RunOutcome outcome, DateTimeOffset finished) => new()
    {
        RunId = runId, Kind = "Deploy", Pipeline = "lobby", Environment = "local", Outcome = outcome, Reason = "because",
        Release = new ReleaseInfo(new string('b', 40), "127.0.0.1:18444/games/lobby@sha256:" + new string('2', 64), "sha256:" + new string('2', 64), false),
        StartedAt = T0, FinishedAt = finished,
        Zones = [new ZoneReport("us-east-1a", "Passed", "1/1 healthy",
            new GateReport("canary-health", "Passed", "ok", new Dictionary<string, double> { ["healthy"] = 1, ["expected"] = 1 }),
            new GateReport("stable-health", "Passed", "ok", new Dictionary<string, double> { ["healthy"] = 2 }))],
        StageSeconds = new Dictionary<string, double> { ["image"] = 12.5, ["canary"] = 40 },
        Push = new PushReport(100, 1, 4, 500, false, "Pushed"),
        Timeline = [new TimelineEntry(T0, "PlacingCanary", "Placing."), new TimelineEntry(T0.AddSeconds(5), "Promoted", "Promoted.")],
    };

    [Fact]
    public async Task Journal_FinishedRun_ReadsBackTheSameReport()
    {
        var journal = new SqliteRunJournal(Path);
        var report = Report("run-1", RunOutcome.Promoted, T0.AddMinutes(2));
        await journal.BeginAsync("run-1", "Deploy", "lobby", "local", T0, CancellationToken.None);
        await journal.FinishAsync(report, CancellationToken.None);

        var read = Assert.Single(await new SqliteRunJournal(Path).RecentAsync("lobby", 5, CancellationToken.None));

        Assert.Equal(report.ToJson(), read.ToJson());
        Assert.Empty(await journal.UnfinishedAsync("lobby", CancellationToken.None));
    }

    [Fact]
    public async Task Journal_RunBegunButNeverFinished_IsListedAsUnfinished()
    {
        var journal = new SqliteRunJournal(Path);
        await journal.BeginAsync("killed", "Deploy", "lobby", "local", T0, CancellationToken.None);
        await journal.BeginAsync("done", "Deploy", "lobby", "local", T0.AddMinutes(1), CancellationToken.None);
        await journal.FinishAsync(Report("done", RunOutcome.RolledBack, T0.AddMinutes(3)), CancellationToken.None);

        Assert.Equal(["killed"], await journal.UnfinishedAsync("lobby", CancellationToken.None));
        Assert.Equal(RunOutcome.RolledBack, Assert.Single(await journal.RecentAsync("lobby", 5, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Journal_SeveralRuns_NewestFirstAndLimited()
    {
        var journal = new SqliteRunJournal(Path);
        for (var i = 0; i < 4; i++)
            await journal.FinishAsync(Report($"run-{i}", RunOutcome.Promoted, T0.AddMinutes(i)), CancellationToken.None);

        var recent = await journal.RecentAsync("lobby", 2, CancellationToken.None);

        Assert.Equal(["run-3", "run-2"], recent.Select(r => r.RunId));
        Assert.Empty(await journal.RecentAsync("other", 5, CancellationToken.None));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
