using Delivery.Runner.Execution;

namespace Delivery.Runner.Tests.Support;

/// <summary>Builds executable targets by hand, as NUKE's own tests do.</summary>
internal static class Targets
{
    static int _index;

    public static ExecutableTarget Make(string name, Action<ITargetDefinition>? define = null, int? declared = null)
    {
        var definition = new TargetDefinition();
        define?.Invoke(definition);
        return new ExecutableTarget(name, definition) { DeclarationIndex = declared ?? Interlocked.Increment(ref _index) };
    }

    public static ExecutableTarget DependsOn(this ExecutableTarget target, params ExecutableTarget[] dependencies)
    {
        target.ExecutionDependencies.AddRange(dependencies);
        return target;
    }

    public static ExecutableTarget After(this ExecutableTarget target, params ExecutableTarget[] others)
    {
        target.OrderDependencies.AddRange(others);
        return target;
    }

    public static ExecutableTarget Triggers(this ExecutableTarget target, params ExecutableTarget[] others)
    {
        target.Triggers.AddRange(others);
        foreach (var other in others)
            other.TriggerDependencies.Add(target);
        return target;
    }

    public static ExecutableTarget Invoked(this ExecutableTarget target)
    {
        target.IsInvoked = true;
        return target;
    }

    public static string Names(IEnumerable<ExecutableTarget> targets) => string.Join(" ", targets.Select(x => x.Name));
}
