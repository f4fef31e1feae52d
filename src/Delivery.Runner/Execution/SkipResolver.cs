namespace Delivery.Runner.Execution;

/// <summary>
/// Marks planned targets Skipped before anything runs: <c>--skip</c> ("via parameter"; never a target invoked
/// by name), false static conditions ("OnlyWhen: " and the condition's source text), then the cascade to dependencies and triggers
/// ("because of X") that no scheduled target still needs.
/// </summary>
internal static class SkipResolver
{
    /// <param name="plan">The ordered plan.</param>
    /// <param name="skip">Null without <c>--skip</c>; empty for a bare <c>--skip</c> (every target not invoked).</param>
    public static void Apply(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<ExecutableTarget>? skip)
    {
        if (skip is not null)
        {
            // As in NUKE, naming a target to run wins over naming it in --skip.
            var skipped = plan.Where(x => !x.IsInvoked && (skip.Count == 0 || skip.Contains(x)));
            foreach (var target in skipped.ToList())
                MarkSkipped(target, "via parameter");
        }

        foreach (var target in plan.Where(x => x.Status == ExecutionStatus.Scheduled))
        {
            if (FirstFalse(target, target.Definition.StaticConditions) is { } condition)
                MarkSkipped(target, Reason(condition));
        }

        Cascade(plan);
    }

    /// <summary>The skip reason for a condition that did not hold, as NUKE words it: the condition as written.</summary>
    public static string Reason(Condition condition) => $"OnlyWhen: {condition.Text}";

    /// <summary>The first condition that does not hold, or null; a throwing condition fails the build.</summary>
    public static Condition? FirstFalse(ExecutableTarget target, IEnumerable<Condition> conditions)
    {
        foreach (var condition in conditions)
        {
            bool holds;
            try
            {
                holds = condition.Evaluate();
            }
            catch (Exception exception)
            {
                throw new BuildException($"Condition '{condition.Text}' of target '{target.Name}' could not be evaluated: {exception.Message}");
            }
            if (!holds)
                return condition;
        }
        return null;
    }

    // Skipping only ever removes targets from the scheduled set, so repeating until nothing changes
    // reaches a fixpoint whatever the order.
    static void Cascade(IReadOnlyList<ExecutableTarget> plan)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var skipped in plan.Where(x => x.Status == ExecutionStatus.Skipped && x.Definition.SkippedDependencyBehavior == DependencyBehavior.Skip).ToList())
            {
                foreach (var dependency in skipped.ExecutionDependencies.Concat(skipped.Triggers))
                {
                    if (dependency.Status != ExecutionStatus.Scheduled || dependency.IsInvoked || !plan.Contains(dependency) || IsNeeded(dependency, plan))
                        continue;
                    MarkSkipped(dependency, $"because of {skipped.Name}");
                    changed = true;
                }
            }
        } while (changed);
    }

    // A target still needs its dependencies when it will run, or when it is skipped but declared
    // WhenSkipped(Execute).
    static bool IsNeeded(ExecutableTarget dependency, IReadOnlyList<ExecutableTarget> plan) =>
        plan.Any(x => (x.Status == ExecutionStatus.Scheduled
                       || (x.Status == ExecutionStatus.Skipped && x.Definition.SkippedDependencyBehavior == DependencyBehavior.Execute))
            && (x.ExecutionDependencies.Contains(dependency) || x.Triggers.Contains(dependency)));

    static void MarkSkipped(ExecutableTarget target, string reason)
    {
        target.Status = ExecutionStatus.Skipped;
        target.SkipReason = reason;
    }
}
