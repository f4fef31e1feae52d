using Delivery.Core.Canary;
using Delivery.Core.Hooks;
using Delivery.Hooks;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// The hooks of one run: runs a phase's hooks when the planner asks (and remembers their results for the next pass),
/// keeps the during-analysis hooks running exactly while the analysis runs, and tells the recorder and people what each
/// did. Results live for the run only: a run that takes over a killed one runs a phase again unless the status says
/// it passed.
/// </summary>
public sealed class PipelineHooks(IHookRunner? runner, IMarathonReader marathon, DeploymentTarget target, RunIdentity run,
    CanaryPolicy policy, RunRecorder recorder, ProgressLog progress) : IAsyncDisposable
{
    private readonly Dictionary<HookPhase, IReadOnlyList<HookResult>> _results = [];
    private readonly List<RunningHook> _load = [];

    public IReadOnlyDictionary<HookPhase, IReadOnlyList<HookResult>> Results => _results;

    /// <summary>Runs every hook of <paramref name="phase"/> in order, to its end.</summary>
    public async Task RunAsync(HookPhase phase, CanaryStatus status, CancellationToken ct)
    {
        var hooks = policy.HooksAt(phase);
        if (hooks.Count == 0) return;
        if (runner is null) throw new Core.DeliveryException($"Tried to run the {HookSpec.PhaseName(phase)} hooks of {target.Name} but no hook runner is configured.");
        var payload = await PayloadAsync(phase, status, ct).ConfigureAwait(false);
        var results = new List<HookResult>();
        foreach (var hook in hooks)
        {
            progress.Say($"{target.Name}: running {hook}.");
            var result = await runner.RunAsync(hook, payload, ct).ConfigureAwait(false);
            Record(result);
            results.Add(result);
            if (!result.Passed) break; // the first refusal decides; later hooks of the phase would not change it
        }
        _results[phase] = results;
    }

    /// <summary>Starts the during-analysis hooks when the analysis runs and stops them (by pid) when it does not.</summary>
    public async Task SyncLoadAsync(CanaryStatus status, CancellationToken ct)
    {
        var active = status.Phase == CanaryPhase.Progressing && status.AnalysisStartedAt is not null;
        if (active && _load.Count == 0 && runner is not null && policy.HooksAt(HookPhase.DuringAnalysis) is { Count: > 0 } hooks)
        {
            var payload = await PayloadAsync(HookPhase.DuringAnalysis, status, ct).ConfigureAwait(false);
            foreach (var hook in hooks)
            {
                var started = runner.Start(hook, payload);
                progress.Say($"{target.Name}: started {hook}{(started.Pid is { } pid ? $" (pid {pid})" : "")}.");
                _load.Add(started);
            }
        }
        else if (!active && _load.Count > 0)
        {
            await StopLoadAsync().ConfigureAwait(false);
        }
    }

    public async Task StopLoadAsync()
    {
        foreach (var hook in _load)
        {
            var result = await hook.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            progress.Say($"{target.Name}: stopped {hook.Hook}: {result.Message}.");
            Record(result);
        }
        _load.Clear();
    }

    private void Record(HookResult result)
    {
        recorder.Hook(result);
        if (result.Phase != HookPhase.DuringAnalysis) progress.Say($"{target.Name}: {result.Message}.");
    }

    private async Task<HookPayload> PayloadAsync(HookPhase phase, CanaryStatus status, CancellationToken ct)
    {
        var canary = await marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
        var tasks = (canary?.Tasks ?? []).Where(t => t.IsRunning && t.Host is not null)
            .Select(t => new HookTask(t.Zone ?? "", t.Host!, t.Ports ?? [])).ToList();
        static HookRelease? Of(Core.Values.Release? release) => release is null ? null : new HookRelease(release.Commit.Value, release.Image.ToString());
        return new HookPayload(target.Name, target.Environment.Name, run.RunId, HookSpec.PhaseName(phase), CanaryAppLabels.CanaryTrack,
            Of(status.Canary) ?? new HookRelease("", ""), Of(status.Stable), target.Zones.Select(z => z.Name).ToList(),
            target.CanaryAppId, target.StableAppId, tasks);
    }

    public async ValueTask DisposeAsync() => await StopLoadAsync().ConfigureAwait(false);
}
