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
            .SelectMany(target => Unmet(target).Select(requirement => Describe(target, requirement)))
            .ToList();
        if (failures.Count > 0)
            throw new BuildException(string.Join(Environment.NewLine, failures));
    }

    public static IEnumerable<Requirement> Unmet(ExecutableTarget target) =>
        target.Definition.Requirements.Where(requirement => !IsMet(target, requirement));

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

    static bool IsMet(ExecutableTarget target, Requirement requirement)
    {
        try
        {
            return requirement.IsMet();
        }
        catch (Exception exception)
        {
            throw new BuildException($"Requirement '{requirement.Text}' of target '{target.Name}' could not be evaluated: {exception.Message}");
        }
    }
}
