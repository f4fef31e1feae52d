using System.Net.Http;
using Delivery.Runner;
using Delivery.Composition;
using Delivery.Core;
using Delivery.Engine;

/// <summary>
/// Deploy, Promote, Rollback, Reconcile and Status: the canary engine's verbs. Everything they (and Bake and Push) need
/// is wired by one <see cref="DeliveryHost"/>; inputs (environment, pipelines, templates) are validated as a
/// requirement, so a bad file fails with file:line:col before the sandbox starts or anything is baked.
/// </summary>
partial class Build
{
    // Shared with the image targets (Bake, Push): declared once, here.
    [Parameter("Pipeline to act on (pipelines/<app>.yaml). Deploy without it deploys every pipeline whose source changed since its live release.")]
    readonly string? App;

    [Parameter("Writes a JSON record of the run (outcome, reason, release, zone verdicts, analysis, hooks, timings, push figures, timeline) to this file, and an HTML page of it beside it. Without it both go to .nuke/temp/reports/.")]
    readonly string? Report;

    [Parameter("Allows baking from a working tree with uncommitted changes; such a release is never promoted by Rollback.")]
    readonly bool AllowDirty;

    [Parameter("Environment to deploy to (pipelines/environments/<name>.yaml). Default: local, the sandbox.", Name = "environment")]
    readonly string? DeployEnvironment;

    [Parameter("Rollback: the release to restore, as a digest (sha256:…) or a commit prefix of at least 7 digits. Default: the last good one.")]
    readonly string? To;

    [Parameter("How long a run waits for another run's deployment lease before failing with the holder's name.")]
    readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    [Parameter("The run journal (SQLite). Default: .nuke/temp/journal.db.")]
    readonly string? Journal;

    [Parameter("Deploy: the commit (a prefix of at least 7 digits) of a release that was rolled back before, to deploy it again on purpose.")]
    readonly string? Force;

    [Parameter("Deploy without --app: how many pipelines run at once (each bakes, pushes and runs its canary); one failing never stops the others.")]
    readonly int MaxParallel = 2;

    DeliveryHost? _deliveryHost;

    /// <summary>The build owns the composition root: made on first use, disposed when the build finishes, after
    /// notifications and metrics still on their way were sent (bounded).</summary>
    protected override void OnBuildFinished() => _deliveryHost?.Dispose();

    DeliveryHost DeliveryHost => _deliveryHost ??= CreateHost(only: null);

    /// <param name="only">Load only this pipeline: a Rollback must not be blocked by another pipeline's broken file.</param>
    DeliveryHost CreateHost(string? only)
    {
        var host = DeliveryHost.Create(new DeliveryOptions(RootDirectory, DeployEnvironment, Log.Information)
        {
            JournalPath = Journal,
            Warn = Log.Warning,
            Settings = new EngineSettings { LockTimeout = LockTimeout },
            Credentials = environment => global::LocalSandbox.SandboxCredentials.For(environment, SandboxLayout),
            Only = only,
            // What hooks print is masked by the same redactor as the build's own output.
            Redact = Redact,
        });
        foreach (var secret in EnvironmentSecrets.Values(host.Environment, Environment.GetEnvironmentVariable)) AddSecret(secret);
        return host;
    }

    /// <summary>The host a Rollback uses: the one a Deploy of this invocation made, else one that reads only the app's files.</summary>
    DeliveryHost RollbackHost => _deliveryHost ??= CreateHost(only: App);

    /// <summary>Loads and checks the environment and every pipeline (and the app named), reading files only: null when
    /// there is something to act on, else the one line that says what is wrong (file:line:col, an unknown app, no
    /// pipeline at all).</summary>
    Unmet? InputProblem() => Problem(() => DeliveryHost.Targets(App is null ? null : [App]).Count == 0
        ? "No pipeline is declared: add pipelines/<name>.yaml (see pipelines/README.md)."
        : null);

    /// <summary>A Rollback needs the environment and the app's own pipeline file, nothing else.</summary>
    Unmet? RollbackInputProblem() => Problem(() =>
    {
        RollbackHost.Targets([App!]); // loading is the check: a bad file or an unknown app is a DeliveryException
        return null;
    });

    /// <summary>The loaders say what is wrong with a file as a DeliveryException; here it becomes the requirement's answer.</summary>
    static Unmet? Problem(Func<string?> check)
    {
        try
        {
            return check() is { } reason ? new Unmet(reason) : null;
        }
        catch (DeliveryException e)
        {
            return new Unmet(e.Message);
        }
    }

    /// <summary>
    /// With the local environment, the sandbox is brought up first when it is down (and left alone when up). Decided
    /// here, when it runs, not in a skip condition: <c>--plan</c> and the conditions ask neither Marathon nor Docker.
    /// </summary>
    public Target SandboxIfDown => _ => _
        .Unlisted()
        .Executes(async ct =>
        {
            if (!await LocalSandboxIsDownAsync(ct)) return;
            await StartSandboxAsync(ct);
            Log.Information("The sandbox was down and has been brought up.");
        });

    // Both halves matter: the emulator can answer while the Docker engine that runs its tasks and bakes is gone.
    async Task<bool> LocalSandboxIsDownAsync(CancellationToken ct) =>
        DeliveryHost.Environment.Sandbox
        && (!await MarathonAnswersAsync(DeliveryHost.Environment.Marathon.Url, ct) || !await global::LocalSandbox.DockerDaemon.IsRunningAsync(ct));

    public Target Deploy => _ => _
        .Description("Bakes, pushes, canaries and promotes (or rolls back) a pipeline; without --app, every pipeline changed since its live release.")
        .Requires(() => InputProblem())
        .DependsOn(SandboxIfDown)
        .Executes(async ct =>
        {
            _deployRuns = []; // from here on, a Rollback in this invocation undoes only these runs
            var host = DeliveryHost;
            var targets = App is null ? await host.ChangedSinceLiveAsync(ct) : host.Targets([App]);
            if (targets.Count == 0)
            {
                ReportSummary("Deploy", "no pipeline changed since its live release");
                return;
            }
            foreach (var target in targets.Where(t => t.Pipeline.Canary.Analysis.IsEmpty))
                Log.Warning($"{target.Name}: the pipeline has no analysis checks, so this deploy is judged on health, crash loops and deadlines only, not on errors or latency.");
            var runs = await RunAllAsync(targets, target => host.Deploy().RunAsync(target, AllowDirty, ct, Force), _deployRuns, ct);
            _deploySettled = runs.All(r => r.Error is null && (r.Report.Live || r.Report.Outcome == RunOutcome.RolledBack));
            Finish(runs, live: report => report.Live);
        });

    public Target Promote => _ => _
        .Description("Finishes a canary that the pipeline's plan paused for a person: resumes it through promotion.")
        .Requires(() => App)
        .Requires(() => InputProblem())
        .Executes(async ct =>
        {
            var run = await RunReported(() => DeliveryHost.Promote().RunAsync(DeliveryHost.Targets([App!])[0], ct));
            Finish([run], live: r => r.Live);
        });

    // `Deploy Rollback` in one invocation means "deploy, or undo": Rollback is skipped when the deploy ended settled (live,
    // or already rolled back by itself), and after a deploy that failed, paused or was cancelled it undoes only what that
    // deploy left in flight (nothing, if it never reached Marathon: a bake that did not compile, a lock timeout).
    bool _deploySettled;
    List<string>? _deployRuns;

    public Target Rollback => _ => _
        .Description("Aborts a canary in flight, or restores the previous good release (--to for another), keeping full capacity; idempotent.")
        .Requires(() => App)
        .Requires(() => RollbackInputProblem())
        .After(Deploy, Promote)
        .AssuredAfterFailure()
        .OnlyWhenDynamic(() => !_deploySettled)
        .Executes(async ct =>
        {
            var host = RollbackHost;
            var run = await RunReported(() => host.Rollback().RunAsync(host.Targets([App!])[0], To, ct, _deployRuns));
            Finish([run], live: r => r.Outcome is RunOutcome.RolledBack or RunOutcome.AlreadyLive);
        });

    public Target Reconcile => _ => _
        .Description("Finishes what nobody will: runs whose holder is gone are taken over and finished, paused runs past their pause's timeout get its onTimeout; idempotent, for a scheduled CI job.")
        .Requires(() => InputProblem())
        .Executes(async ct =>
        {
            var host = DeliveryHost;
            var targets = host.Targets(App is null ? null : [App]);
            var started = System.Diagnostics.Stopwatch.StartNew();
            // A held lease is watched for up to a minute: pipelines are looked at side by side.
            var results = await SideBySideAsync(targets, 8, target => host.Reconcile().RunAsync(target, ct), ct);
            foreach (var result in results)
            {
                Log.Information($"{result.Pipeline}: {result.Summary}");
                if (!result.Acted && !result.Summary.StartsWith("nothing in flight", StringComparison.Ordinal))
                    ReportSummary(result.Pipeline, result.Summary.Length > 60 ? result.Summary[..60] + "…" : result.Summary);
            }
            var acted = results.Where(r => r.Acted && r.Report is not null).ToList();
            if (acted.Count > 0) WriteReport(acted.Select(r => r.Report!).ToList());
            foreach (var result in acted) ReportSummary(result.Pipeline, $"{result.Report!.Outcome}");
            ReportSummary("Pipelines", $"{results.Length} looked at, {acted.Count} acted on, in {started.Elapsed.TotalSeconds:0.00}s");
            // A rollback or a promotion it carried out is the pipeline's policy working; only a failure fails the job.
            var failed = results.Where(r => r.Error is not null || r.Report?.Outcome == RunOutcome.Failed).ToList();
            if (failed.Count > 0)
            {
                ExitCode = (int)DeliveryExit.Failed;
                throw new DeliveryException(string.Join(" ", failed.Select(r => $"{r.Pipeline}: {r.Summary}")));
            }
        });

    [Parameter("Status: exit 6 when any pipeline shown is in this state (InFlight, Paused, Unhealthy; several allowed), for scripts.")]
    readonly StatusCondition[]? FailIf;

    [Parameter("Status: redraw on a terminal every 2 s until no run is in flight (Ctrl+C stops watching).")]
    readonly bool Watch;

    public Target Status => _ => _
        .Description("Shows per pipeline and zone the stable and canary releases, healthy/total instances, the run in flight and the lock holder, from the state in Marathon; --json for machines, --watch, --fail-if.")
        .Requires(() => InputProblem())
        .Executes(async ct =>
        {
            var host = DeliveryHost;
            var targets = host.Targets(App is null ? null : [App]);
            var views = await ReadStatusAsync(targets, ct);
            if (Watch && !Json) views = await WatchAsync(targets, views, ct);
            if (Json) StandardOutput.WriteLine(PipelineStatusView.Json(views));
            else if (!Watch) foreach (var line in views.SelectMany(v => v.Lines())) Log.Information(line);
            foreach (var view in views)
                ReportSummary(view.Pipeline, $"{view.StableRelease ?? "none"}{(view.InFlight is null ? "" : $", in flight: {view.InFlight}")}");
            var met = views.SelectMany(v => (FailIf ?? []).Where(v.Is).Select(c => $"{v.Pipeline} is {c.Describe()}")).ToList();
            if (met.Count > 0)
            {
                ExitCode = (int)DeliveryExit.ConditionMet;
                throw new DeliveryException($"Status --fail-if: {string.Join("; ", met)}.");
            }
        });

    async Task<IReadOnlyList<PipelineStatusView>> ReadStatusAsync(IReadOnlyList<DeploymentTarget> targets, CancellationToken ct)
    {
        var views = new List<PipelineStatusView>();
        foreach (var target in targets) views.Add(await DeliveryHost.Status().ReadAsync(target, ct));
        return views;
    }

    /// <summary>
    /// Redraws the status in place on a terminal (elsewhere: prints it whenever it changes) until no run is in flight;
    /// returns the last views read.
    /// </summary>
    async Task<IReadOnlyList<PipelineStatusView>> WatchAsync(IReadOnlyList<DeploymentTarget> targets, IReadOnlyList<PipelineStatusView> views, CancellationToken ct)
    {
        var terminal = !Console.IsOutputRedirected;
        string? shown = null;
        while (true)
        {
            var text = string.Join("\n", views.SelectMany(v => v.Lines()));
            if (text != shown)
            {
                if (terminal) Console.Out.Write("\e[H\e[J"); // home, clear to the end: the block is drawn over itself
                Console.Out.WriteLine($"{text}\n({DateTimeOffset.UtcNow:HH:mm:ss} UTC{(views.Any(v => v.InFlight is not null) ? ", watching until no run is in flight" : "")})");
                shown = text;
            }
            if (views.All(v => v.InFlight is null) || ct.IsCancellationRequested) return views;
            try { await Task.Delay(TimeSpan.FromSeconds(2), ct); }
            catch (OperationCanceledException) { return views; }
            views = await ReadStatusAsync(targets, ct);
        }
    }

    /// <summary>A finished run: its record, and the error that ended it (null when it ended by a decision).</summary>
    sealed record FinishedRun(RunReport Report, Exception? Error);

    /// <param name="runs">Collects the run ids (for a Rollback that follows in the same invocation).</param>
    async Task<FinishedRun> RunReported(Func<Task<RunReport>> run, List<string>? runs = null)
    {
        try
        {
            var report = await run();
            if (runs is not null) lock (runs) runs.Add(report.RunId);
            return new FinishedRun(report, null);
        }
        catch (RunFailedException failed)
        {
            if (runs is not null) lock (runs) runs.Add(failed.Report.RunId);
            return new FinishedRun(failed.Report, failed);
        }
    }

    /// <summary>Runs every pipeline, at most <see cref="MaxParallel"/> at once; one that fails never stops the others.</summary>
    async Task<IReadOnlyList<FinishedRun>> RunAllAsync(IReadOnlyList<DeploymentTarget> targets, Func<DeploymentTarget, Task<RunReport>> run,
        List<string>? runs, CancellationToken ct)
    {
        if (MaxParallel < 1) throw new DeliveryException($"Parameter '--max-parallel' got {MaxParallel}, but expects a whole number of at least 1.");
        return await SideBySideAsync(targets, MaxParallel, target => RunReported(() => run(target), runs), ct);
    }

    /// <summary>Runs <paramref name="work"/> for every target, at most <paramref name="limit"/> at once; results in the targets' order.</summary>
    static async Task<T[]> SideBySideAsync<T>(IReadOnlyList<DeploymentTarget> targets, int limit, Func<DeploymentTarget, Task<T>> work, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(limit);
        return await Task.WhenAll(targets.Select(async target =>
        {
            await gate.WaitAsync(ct);
            try { return await work(target); }
            finally { gate.Release(); }
        }));
    }

    /// <summary>
    /// Summary notes and --report for finished runs, and the exit code (<see cref="DeliveryExit"/>); fails the target
    /// unless every run reached what it was for.
    /// </summary>
    void Finish(IReadOnlyList<FinishedRun> runs, Func<RunReport, bool> live)
    {
        var reports = runs.Select(r => r.Report).ToList();
        WriteReport(reports);
        foreach (var report in reports)
        {
            ReportSummary(report.Pipeline, $"{report.Outcome}{(report.Release is { } r ? $" {r.Commit[..12]}" : "")}");
            if (report.Release?.Digest is { } digest) ReportSummary("Digest", digest);
        }
        var exit = DeliveryExits.Worst(runs.Select(r => DeliveryExits.Of(r.Report, r.Error, live)));
        ExitCode = (int)exit;
        var failed = runs.Where(r => r.Error is not null || !live(r.Report)).ToList();
        if (failed.Count == 0) return;
        if (failed.Count == 1 && failed[0].Error is { } error) throw error;
        throw new DeliveryException(string.Join(" ", failed.Select(r => $"{r.Report.Pipeline}: {r.Report.Outcome}: {r.Report.Reason}")));
    }

    /// <summary>Every run leaves its JSON and HTML record under .nuke/temp/reports/; --report FILE also where the user asked.</summary>
    void WriteReport(IReadOnlyList<RunReport> reports)
    {
        var folder = Delivery.Reports.ReportFiles.DefaultFolder(RootDirectory);
        foreach (var report in reports)
            Delivery.Reports.ReportFiles.Write(Delivery.Reports.ReportFiles.DefaultJsonPath(folder, report), [report]);
        if (string.IsNullOrWhiteSpace(Report))
        {
            foreach (var report in reports)
                Log.Information($"Report: {Path.ChangeExtension(Delivery.Reports.ReportFiles.DefaultJsonPath(folder, report), ".html")}");
            return;
        }
        var path = Path.GetFullPath(Report, RootDirectory);
        var pages = Delivery.Reports.ReportFiles.Write(path, reports);
        Log.Information($"Report written to {path} ({string.Join(", ", pages)})");
    }

    static async Task<bool> MarathonAnswersAsync(Uri url, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try { return (await http.GetAsync(new Uri(url, "ping"), ct)).IsSuccessStatusCode; }
        catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !ct.IsCancellationRequested) { return false; }
    }
}
