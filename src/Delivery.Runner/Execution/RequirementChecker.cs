using System.Reflection;
using Delivery.Runner.Parameters;

namespace Delivery.Runner.Execution;

/// <summary>
/// Checks the requirements of every target still scheduled before the first one runs, so that a missing
/// <c>--app</c> fails in a second rather than after the image was built.
/// </summary>
internal static class RequirementChecker
{
    public static void Check(IReadOnlyList<ExecutableTarget> plan)
    {
        var failures = plan
            .Where(x => x.Status == ExecutionStatus.Scheduled)
            .SelectMany(target => Failures(target).Select(failure => failure.Reason ?? Describe(target, failure.Requirement)))
            // Two targets that share a check (Deploy and Rollback) would say the same reason twice.
            .Distinct()
            .ToList();
        if (failures.Count > 0)
            throw new BuildException(string.Join(Environment.NewLine, failures));
    }

    /// <summary>The requirements not met, each with a check's own reason (null for the others).</summary>
    public static IEnumerable<(Requirement Requirement, string? Reason)> Failures(ExecutableTarget target)
    {
        foreach (var requirement in target.Definition.Requirements)
        {
            if (requirement.Reason is { } reason)
            {
                if (Evaluate(target, requirement, reason) is { } text) yield return (requirement, text);
            }
            else if (!IsMet(target, requirement))
                yield return (requirement, null);
        }
    }

    public static string Describe(ExecutableTarget target, Requirement requirement) =>
        $"Target '{target.Name}' requires {Name(requirement)}.";

    /// <summary>"parameter '--app'" for a parameter, a member's name (such as an injected Solution), else the condition's source text in quotes.</summary>
    public static string Name(Requirement requirement) =>
        requirement.Member switch
        {
            { } member when member.IsDefined(typeof(ParameterAttribute)) => $"parameter '{ParameterMember.DisplayName(member)}'",
            { } member => $"'{member.Name}'",
            _ => $"'{requirement.Text}'",
        };

    static bool IsMet(ExecutableTarget target, Requirement requirement) => Evaluate(target, requirement, requirement.IsMet);

    static T Evaluate<T>(ExecutableTarget target, Requirement requirement, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (Exception exception)
        {
            throw new BuildException($"Requirement '{requirement.Text}' of target '{target.Name}' could not be evaluated: {exception.Message}");
        }
    }
}
