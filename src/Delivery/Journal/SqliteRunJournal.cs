using System.Globalization;
using System.Text.Json;
using Delivery.Engine;
using Microsoft.Data.Sqlite;

namespace Delivery.Journal;

/// <summary>
/// <see cref="IRunJournal"/> in an embedded SQLite file (default <c>.nuke/temp/journal.db</c>). One row per run, the
/// report kept whole as JSON and the timeline as rows, so both reports and ad-hoc queries work. Every call opens its
/// own connection: runs of several processes may share the file, and SQLite's locking serialises the writes.
/// </summary>
public sealed class SqliteRunJournal : IRunJournal
{
    private readonly string _path;
    private readonly string _connection;
    private readonly Lazy<bool> _created;

    /// <summary>Names the file only; it is created (with its folder and tables) on the first call, so that a run that
    /// never journals (<c>--plan</c>, Bake) leaves nothing behind.</summary>
    public SqliteRunJournal(string path)
    {
        _path = Path.GetFullPath(path);
        _connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 10 }.ToString();
        _created = new Lazy<bool>(Create);
    }

    private bool Create()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        using var db = Connect();
        Execute(db, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS runs (
                run_id TEXT PRIMARY KEY, kind TEXT NOT NULL, pipeline TEXT NOT NULL, environment TEXT NOT NULL,
                started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT, reason TEXT, release TEXT, report TEXT);
            CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline, started_at);
            CREATE TABLE IF NOT EXISTS events (
                run_id TEXT NOT NULL REFERENCES runs (run_id), seq INTEGER NOT NULL, at TEXT NOT NULL, code TEXT NOT NULL,
                message TEXT NOT NULL, PRIMARY KEY (run_id, seq));
            """);
        return true;
    }

    public Task BeginAsync(string runId, string kind, string pipeline, string environment, DateTimeOffset startedAt, CancellationToken ct)
    {
        using var db = Open();
        Execute(db, "INSERT OR IGNORE INTO runs (run_id, kind, pipeline, environment, started_at, outcome) VALUES ($id, $kind, $pipeline, $env, $at, 'Running')",
            ("$id", runId), ("$kind", kind), ("$pipeline", pipeline), ("$env", environment), ("$at", Time(startedAt)));
        return Task.CompletedTask;
    }

    public Task FinishAsync(RunReport report, CancellationToken ct)
    {
        using var db = Open();
        using var transaction = db.BeginTransaction();
        Execute(db, transaction, """
            INSERT INTO runs (run_id, kind, pipeline, environment, started_at) VALUES ($id, $kind, $pipeline, $env, $started)
            ON CONFLICT (run_id) DO NOTHING;
            UPDATE runs SET finished_at = $finished, outcome = $outcome, reason = $reason, release = $release, report = $report WHERE run_id = $id;
            DELETE FROM events WHERE run_id = $id;
            """,
            ("$id", report.RunId), ("$kind", report.Kind), ("$pipeline", report.Pipeline), ("$env", report.Environment),
            ("$started", Time(report.StartedAt)), ("$finished", Time(report.FinishedAt)), ("$outcome", report.Outcome.ToString()),
            ("$reason", report.Reason), ("$release", report.Release?.Image), ("$report", report.ToJson()));
        var seq = 0;
        foreach (var entry in report.Timeline)
            Execute(db, transaction, "INSERT INTO events (run_id, seq, at, code, message) VALUES ($id, $seq, $at, $code, $message)",
                ("$id", report.RunId), ("$seq", seq++), ("$at", Time(entry.At)), ("$code", entry.Code), ("$message", entry.Message));
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunReport>> RecentAsync(string pipeline, int count, CancellationToken ct)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT report FROM runs WHERE pipeline = $pipeline AND report IS NOT NULL ORDER BY finished_at DESC, rowid DESC LIMIT $count";
        command.Parameters.AddWithValue("$pipeline", pipeline);
        command.Parameters.AddWithValue("$count", count);
        var reports = new List<RunReport>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            if (JsonSerializer.Deserialize<RunReport>(reader.GetString(0), RunReport.Json) is { } report) reports.Add(report);
        return Task.FromResult<IReadOnlyList<RunReport>>(reports);
    }

    public Task<IReadOnlyList<string>> UnfinishedAsync(string pipeline, CancellationToken ct)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT run_id FROM runs WHERE pipeline = $pipeline AND finished_at IS NULL ORDER BY started_at DESC";
        command.Parameters.AddWithValue("$pipeline", pipeline);
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    private SqliteConnection Open()
    {
        _ = _created.Value;
        return Connect();
    }

    private SqliteConnection Connect()
    {
        var db = new SqliteConnection(_connection);
        db.Open();
        return db;
    }

    private static void Execute(SqliteConnection db, string sql, params (string Name, object? Value)[] parameters) =>
        Execute(db, null, sql, parameters);

    private static void Execute(SqliteConnection db, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    // Sortable text, as SQLite has no time type.
    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
