using Delivery.Runner.Execution;

namespace Delivery.Runner.Output;

/// <summary>
/// <c>--plan</c>: the planned targets in the order they would run, what would be skipped and why, and
/// requirements that are not met yet.
/// </summary>
internal sealed class PlanWriter(BuildConsole console)
{
    public void Write(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<string> invoked)
    {
        console.WriteLine($"Execution plan for {string.Join(", ", invoked)}:");
        console.WriteLine();
        var nameWidth = plan.Select(x => x.Name.Length).DefaultIfEmpty(0).Max() + 2;
        var number = 0;
        foreach (var target in plan)
        {
            var notes = Notes(target).ToList();
            var line = $"  {++number,2}. {target.Name.PadRight(nameWidth)}{string.Join("; ", notes)}".TrimEnd();
            console.WriteLine(line, target.Status == ExecutionStatus.Skipped ? ConsoleColor.DarkGray : null);
        }
    }

    static IEnumerable<string> Notes(ExecutableTarget target)
    {
        if (target.Status == ExecutionStatus.Skipped)
        {
            yield return $"skipped: {target.SkipReason}";
            yield break;
        }
        if (target.Definition.Actions.Count == 0)
            yield return "collective";
        if (target.Definition.DynamicConditions.Count > 0)
            yield return $"only when {string.Join(" and ", target.Definition.DynamicConditions.Select(x => x.Text))}";
        if (target.Definition.IsAssuredAfterFailure)
            yield return "runs even after a failure";
        if (target.Definition.IsProceedAfterFailure)
            yield return "the build proceeds if it fails";
        foreach (var failure in RequirementChecker.Failures(target))
            yield return failure.Reason is { } reason ? $"unmet: {reason}" : $"missing {RequirementChecker.Name(failure.Requirement)}";
    }
}
