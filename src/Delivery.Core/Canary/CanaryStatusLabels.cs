using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>
/// Writes <see cref="CanaryStatus"/> as <c>delivery.*</c> Marathon labels and reads it back. Decoding is all or
/// nothing: a missing or garbled label gives <see cref="CanaryStatus.Unknown"/>, and the planner then re-observes
/// Marathon (the canary app carries its own facts, <see cref="CanaryAppLabels"/>) instead of trusting half a status.
/// Labels of other prefixes are left alone, so a status can share an app with the team's own labels.
/// <para>
/// Where they live: Marathon treats any label change as a configuration change and restarts every task of the app
/// (only a change of <c>instances</c> alone scales without a restart), so the status, which changes on every pass, must not sit on the stable or canary app. They belong on a zero-instance "ledger" app beside
/// them (e.g. <c>/games/lobby-delivery</c>): writes to it start no task, its deployments finish at once, and every
/// runner can read it. The stable app keeps only what changes with its image (<see cref="ReleaseHistory"/>).
/// </para>
/// </summary>
public static class CanaryStatusLabels
{
    public const string Prefix = "delivery.";
    internal const string Phase = "delivery.phase", Run = "delivery.run", Spec = "delivery.spec", Step = "delivery.step",
        StepStarted = "delivery.step-started", Stable = "delivery.stable", Canary = "delivery.canary",
        StableSize = "delivery.stable-size", CanaryPerZone = "delivery.canary-per-zone", StableTarget = "delivery.stable-target",
        Excluded = "delivery.excluded-zones", PausedZone = "delivery.paused-zone", ErrorsSince = "delivery.errors-since",
        InconclusiveSince = "delivery.inconclusive-since", PauseReason = "delivery.pause-reason", AbortReason = "delivery.abort-reason",
        AnalysisStarted = "delivery.analysis-started", Passed = "delivery.passed", Epoch = "delivery.epoch", Target = "delivery.target";

    /// <summary>The status keys this codec owns; an orchestrator removes these before writing a new status.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        Phase, Run, Spec, Step, StepStarted, Stable, Canary, StableSize, CanaryPerZone, StableTarget, Excluded, PausedZone,
        ErrorsSince, InconclusiveSince, PauseReason, AbortReason, AnalysisStarted, Passed, Epoch, Target,
    ];

    // The yes/no facts of a run, one comma-separated label (each absent when false).
    private const string SmokeTestedFlag = "smoke-tested", ConfirmedFlag = "promotion-confirmed", ApprovedFlag = "approved-by-person";

    public static IReadOnlyDictionary<string, string> Encode(CanaryStatus status)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { [Phase] = status.Phase.ToString() };
        if (status.Phase is CanaryPhase.Unknown or CanaryPhase.Idle) return labels;
        void Put(string key, string? value) { if (value is not null) labels[key] = value; }
        Put(Run, status.RunId);
        Put(Spec, status.SpecHash);
        Put(Step, LabelFormat.Int(status.StepIndex));
        Put(StepStarted, status.StepStartedAt is { } started ? LabelFormat.Time(started) : null);
        Put(Stable, status.Stable is { } stable ? LabelFormat.Release(stable) : null);
        Put(Canary, status.Canary is { } canary ? LabelFormat.Release(canary) : null);
        Put(StableSize, LabelFormat.Int(status.StableSize));
        Put(CanaryPerZone, LabelFormat.Int(status.CanaryPerZone));
        Put(StableTarget, LabelFormat.Int(status.StableTarget));
        Put(Excluded, status.ExcludedZones.Count > 0 ? string.Join(',', status.ExcludedZones) : null);
        Put(PausedZone, status.PausedZone?.Name);
        Put(ErrorsSince, status.ErrorsSince is { } errors ? LabelFormat.Time(errors) : null);
        Put(InconclusiveSince, status.InconclusiveSince is { } inconclusive ? LabelFormat.Time(inconclusive) : null);
        Put(PauseReason, status.Pause is { } pause ? LabelFormat.Reason(pause.Reason) : null);
        Put(AbortReason, status.AbortReason is { } abort ? LabelFormat.Reason(abort) : null);
        Put(AnalysisStarted, status.AnalysisStartedAt is { } analysis ? LabelFormat.Time(analysis) : null);
        Put(Epoch, status.Epoch > 0 ? status.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        Put(Target, status.Target?.ToString());
        var flags = new[] { (status.SmokeTested, SmokeTestedFlag), (status.PromotionConfirmed, ConfirmedFlag), (status.ApprovedByPerson, ApprovedFlag) }
            .Where(f => f.Item1).Select(f => f.Item2).ToList();
        Put(Passed, flags.Count > 0 ? string.Join(',', flags) : null);
        return labels;
    }

    /// <summary>The status in <paramref name="labels"/>, or <see cref="CanaryStatus.Unknown"/> when it is missing or garbled.</summary>
    public static CanaryStatus Decode(IReadOnlyDictionary<string, string>? labels, string pipeline)
    {
        if (labels is null || !labels.TryGetValue(Phase, out var phaseText)
            || !Enum.TryParse<CanaryPhase>(phaseText, ignoreCase: false, out var phase) || !Enum.IsDefined(phase))
            return CanaryStatus.Unknown;
        if (phase == CanaryPhase.Idle) return CanaryStatus.Idle;
        if (phase == CanaryPhase.Unknown) return CanaryStatus.Unknown;
        return TryDecodeRun(labels, pipeline, phase) ?? CanaryStatus.Unknown;
    }

    private static CanaryStatus? TryDecodeRun(IReadOnlyDictionary<string, string> labels, string pipeline, CanaryPhase phase)
    {
        string? Get(string key) => labels.TryGetValue(key, out var value) ? value : null;
        if (Get(Run) is not { Length: > 0 } run) return null;
        var spec = Get(Spec) ?? "";
        if (!LabelFormat.TryInt(Get(Step), out var step) || !LabelFormat.TryTime(Get(StepStarted), out var started)) return null;
        // A canary run names both releases; a launch or a restore may have neither (its target says what it does).
        var isRun = phase is not (CanaryPhase.Launching or CanaryPhase.Restoring or CanaryPhase.Restored);
        if (isRun && spec.Length == 0) return null;
        if (!TryOptionalRelease(Get(Stable), pipeline, isRun, out var stable) || !TryOptionalRelease(Get(Canary), pipeline, isRun, out var canary)) return null;
        if (!LabelFormat.TryInt(Get(StableSize), out var stableSize) || !LabelFormat.TryInt(Get(CanaryPerZone), out var perZone)
            || !LabelFormat.TryInt(Get(StableTarget), out var stableTarget)) return null;
        if (!TryOptional(Get(Excluded), out var excluded) || !TryOptionalZone(Get(PausedZone), out var pausedZone)) return null;
        if (!TryOptionalTime(Get(ErrorsSince), out var errorsSince) || !TryOptionalTime(Get(InconclusiveSince), out var inconclusiveSince)) return null;
        if (!TryOptionalReason(Get(PauseReason), out var pauseReason) || !TryOptionalReason(Get(AbortReason), out var abortReason)) return null;
        if (!TryOptionalTime(Get(AnalysisStarted), out var analysisStarted)) return null;
        long epoch = 0;
        if (Get(Epoch) is { } epochText && !long.TryParse(epochText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out epoch)) return null;
        HistoryEntry? target = null;
        if (Get(Target) is { } targetText && (target = ReleaseHistory.TryParseEntry(targetText)) is null) return null;
        var flags = Get(Passed)?.Split(',') ?? [];
        if (flags.Any(f => f is not (SmokeTestedFlag or ConfirmedFlag or ApprovedFlag))) return null;
        return new CanaryStatus
        {
            Phase = phase, RunId = run, SpecHash = spec.Length == 0 ? null : spec, StepIndex = step, StepStartedAt = started, Stable = stable,
            Canary = canary, StableSize = stableSize, CanaryPerZone = perZone, StableTarget = stableTarget,
            ExcludedZones = excluded, PausedZone = pausedZone, ErrorsSince = errorsSince,
            InconclusiveSince = inconclusiveSince, Pause = pauseReason is null ? null : CanaryPause.FromReason(pauseReason), AbortReason = abortReason,
            AnalysisStartedAt = analysisStarted, SmokeTested = flags.Contains(SmokeTestedFlag),
            PromotionConfirmed = flags.Contains(ConfirmedFlag), ApprovedByPerson = flags.Contains(ApprovedFlag),
            Epoch = epoch, Target = target,
        };
    }

    private static bool TryOptionalRelease(string? text, string pipeline, bool required, out Release? release)
    {
        release = null;
        if (text is null) return !required;
        return LabelFormat.TryRelease(text, pipeline, out release);
    }

    private static bool TryOptional(string? text, out ValueList<Zone> zones)
    {
        zones = ValueList<Zone>.Empty;
        if (text is null) return true;
        var parsed = new List<Zone>();
        foreach (var name in text.Split(','))
        {
            if (!LabelFormat.TryZone(name, out var zone)) return false;
            parsed.Add(zone);
        }
        zones = new ValueList<Zone>(parsed);
        return true;
    }

    private static bool TryOptionalZone(string? text, out Zone? zone)
    {
        zone = null;
        if (text is null) return true;
        if (!LabelFormat.TryZone(text, out var parsed)) return false;
        zone = parsed;
        return true;
    }

    private static bool TryOptionalTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (text is null) return true;
        if (!LabelFormat.TryTime(text, out var parsed)) return false;
        at = parsed;
        return true;
    }

    private static bool TryOptionalReason(string? text, out CanaryReason? reason)
    {
        reason = null;
        return text is null || LabelFormat.TryReason(text, out reason);
    }
}
