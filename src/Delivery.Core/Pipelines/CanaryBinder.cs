using Delivery.Core.Canary;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Pipelines;

/// <summary>Maps the <c>canary:</c> section onto <see cref="CanaryPolicy"/>; absent keys keep the policy's defaults.</summary>
public static class CanaryBinder
{
    private const string StepExpected = "place, wait: <duration>, grow: <percentage>, pause or pause: <reason>, or promote";
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Keys => PipelineKeys.Pipeline;

    public static CanaryPolicy? Bind(ConfigNode node, ConfigErrors errors)
    {
        if (MappingReader.Of(node, errors, Keys["canary"], "canary") is not { } canary) return null;
        var policy = new CanaryPolicy();
        if (canary.Integer("instancesPerZone", 1, 100) is { } perZone) policy = policy with { InstancesPerZone = perZone };
        if (canary.Sequence("steps", expected: "a list of steps: " + StepExpected) is { } steps && BindSteps(steps, errors) is { } bound)
            policy = policy with { Steps = bound };
        if (canary.Mapping("health", Keys["canary.health"]) is { } health) policy = policy with { Health = BindHealth(health, policy.Health) };
        if (canary.Duration("promotionDeadline") is { } promotion) policy = policy with { PromotionDeadline = promotion };
        if (canary.Duration("rollbackDeadline") is { } rollback) policy = policy with { RollbackDeadline = rollback };
        // Zero would let the canary take every stable instance down at once; the policy needs (0, 1].
        if (canary.Percentage("minimumHealthyCapacity", min: 1) is { } capacity) policy = policy with { MinimumHealthyCapacity = capacity };
        if (canary.Get("onZoneFailure") is { } zoneNode) policy = policy with { OnZoneFailure = ZonePolicy(zoneNode, errors) ?? policy.OnZoneFailure };
        if (canary.Mapping("limits", Keys["canary.limits"]) is { } limits)
            policy = policy with
            {
                Limits = new GateLimits(
                    limits.Integer("maxConsecutiveErrors", 0, 1000) ?? policy.Limits.MaxConsecutiveErrors,
                    limits.Integer("maxInconclusive", 0, 1000) ?? policy.Limits.MaxInconclusive),
            };
        return policy;
    }

    private static HealthGatePolicy BindHealth(MappingReader health, HealthGatePolicy defaults) => defaults with
    {
        HealthyDeadline = health.Duration("healthyDeadline") ?? defaults.HealthyDeadline,
        CrashLoopRestarts = health.Integer("crashLoopRestarts", 0, 1000) ?? defaults.CrashLoopRestarts,
        CrashLoopWindow = health.Duration("crashLoopWindow") ?? defaults.CrashLoopWindow,
        MaxConsecutiveHealthFailures = health.Integer("maxConsecutiveHealthFailures", 1, 1000) ?? defaults.MaxConsecutiveHealthFailures,
    };

    private static ZoneFailurePolicy? ZonePolicy(ConfigNode node, ConfigErrors errors)
    {
        switch (ConfigValues.Text(node, errors, "pause or continue-without-zone"))
        {
            case "pause": return ZoneFailurePolicy.Pause;
            case "continue-without-zone": return ZoneFailurePolicy.ContinueWithoutZone;
            case null: return null;
            case var other:
                errors.Add(node.Span, $"'{other}' is not a zone-failure policy", "pause or continue-without-zone");
                return null;
        }
    }

    private static IReadOnlyList<CanaryStep>? BindSteps(ConfigSequence list, ConfigErrors errors)
    {
        var before = errors.Items.Count;
        var steps = list.Items.Select(item => BindStep(item, errors)).ToList();
        if (steps.Count == 0)
            errors.Add(list.Span, "the canary has no steps", "at least place and promote");
        else if (errors.Items.Count == before)
        {
            // The planner relies on this shape: canaries exist before anything watches or grows them, and promotion ends the plan.
            if (steps[0] is not PlaceStep)
                errors.Add(list.Items[0].Span, "the first step is not 'place'", "place as the first step, so canaries exist before they are watched");
            if (steps[^1] is not PromoteStep)
                errors.Add(list.Items[^1].Span, "the last step is not 'promote'", "promote as the last step");
            for (var i = 1; i < steps.Count - 1; i++)
                if (steps[i] is PlaceStep or PromoteStep)
                    errors.Add(list.Items[i].Span, $"'{StepName(steps[i]!)}' appears in the middle of the plan", "place first and promote last, once each");
            var grows = steps.OfType<GrowStep>().Select(g => g.Weight).ToList();
            for (var i = 1; i < grows.Count; i++)
                if (grows[i] <= grows[i - 1])
                    errors.Add(list.Span, $"grow steps do not increase ({grows[i - 1]}% then {grows[i]}%)", "each grow weight larger than the one before");
        }
        return errors.Items.Count == before ? steps.Cast<CanaryStep>().ToList() : null;
    }

    private static CanaryStep? BindStep(ConfigNode item, ConfigErrors errors)
    {
        switch (item)
        {
            case ConfigScalar { Value: "place" }: return new PlaceStep();
            case ConfigScalar { Value: "promote" }: return new PromoteStep();
            case ConfigScalar { Value: "pause" }: return new PauseStep();
            case ConfigMapping { Entries.Count: 1 } mapping:
                var reader = new MappingReader(mapping, errors, Keys["canary.steps[]"], "a canary step");
                var (key, value) = (mapping.Entries[0].Key.Value, mapping.Entries[0].Value);
                return key switch
                {
                    "wait" => ConfigValues.Duration(value, errors) is { } d ? new WaitStep(d) : null,
                    "grow" => Weight(value, errors),
                    "pause" => Pause(value, errors),
                    "place" or "promote" when value is ConfigScalar { IsNull: true } => key == "place" ? new PlaceStep() : new PromoteStep(),
                    "place" or "promote" => Fail(value, $"'{key}' takes no value", key),
                    _ => null, // unknown key already reported by the reader
                };
            default:
                var hint = item is ConfigScalar s ? DidYouMean.Suggest(s.Value, Keys["canary.steps[]"]) : null;
                return Fail(item, $"found {item.Describe()} as a canary step" + (hint is null ? "" : $" (did you mean '{hint}'?)"), StepExpected);
        }

        CanaryStep? Fail(ConfigNode node, string problem, string expected)
        {
            errors.Add(node.Span, problem, expected);
            return null;
        }
    }

    /// <summary><c>pause</c>, <c>pause: reason</c>, or <c>pause: {reason, timeout: 30m, onTimeout: rollback|promote}</c>.</summary>
    private static CanaryStep? Pause(ConfigNode value, ConfigErrors errors)
    {
        const string reasonExpected = "a reason shown to the person who resumes";
        switch (value)
        {
            case ConfigScalar { IsNull: true }: return new PauseStep();
            case ConfigMapping mapping:
                var before = errors.Items.Count;
                var reader = new MappingReader(mapping, errors, Keys["canary.steps[].pause"], "a pause step");
                var reason = reader.Text("reason", expected: reasonExpected);
                var timeout = reader.Duration("timeout");
                if (timeout is { } t && t <= TimeSpan.Zero) errors.Add(reader.Get("timeout")!.Span, "the pause timeout is not positive", "a duration such as 30m");
                var onTimeout = PauseTimeoutAction.Rollback;
                if (reader.Get("onTimeout") is { } node)
                {
                    switch (ConfigValues.Text(node, errors, "rollback or promote"))
                    {
                        case "rollback": break;
                        case "promote": onTimeout = PauseTimeoutAction.Promote; break;
                        case null: break;
                        case var other: errors.Add(node.Span, $"'{other}' is not a pause timeout action", "rollback or promote"); break;
                    }
                    if (timeout is null) errors.Add(node.Span, "onTimeout is set but the pause has no timeout", "a timeout such as 30m beside it, or no onTimeout");
                }
                return errors.Items.Count == before ? new PauseStep(reason, timeout, onTimeout) : null;
            default:
                return new PauseStep(ConfigValues.Text(value, errors, reasonExpected));
        }
    }

    /// <summary>A whole percentage from 1 to 99: the planner turns it into instance counts per zone.</summary>
    private static CanaryStep? Weight(ConfigNode value, ConfigErrors errors)
    {
        if (ConfigValues.Percentage(value, errors, 1, 99) is not { } fraction) return null;
        var percent = fraction * 100;
        if (Math.Abs(percent - Math.Round(percent)) < 1e-9) return new GrowStep((int)Math.Round(percent));
        errors.Add(value.Span, $"{((ConfigScalar)value).Value} is not a whole percentage", "a whole percentage from 1% to 99%, e.g. 25%");
        return null;
    }

    private static string StepName(CanaryStep step) => step switch
    {
        PlaceStep => "place", PromoteStep => "promote", WaitStep => "wait", GrowStep => "grow", _ => "pause",
    };
}
