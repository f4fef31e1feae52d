namespace Delivery.Build.Execution;

/// <summary>
/// Runs one build from start to end: root, parameters, targets, plan, checks, execution, summary.
/// </summary>
internal sealed class BuildManager(BuildHost host)
{
    public int Run(BuildProgram build, IReadOnlyList<string> defaultTargets)
    {
        _ = build;
        _ = defaultTargets;
        host.Output.WriteLine("The build runner is not complete yet.");
        return 1;
    }
}
