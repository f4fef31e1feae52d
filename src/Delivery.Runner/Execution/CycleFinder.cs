namespace Delivery.Runner.Execution;

/// <summary>
/// Names the cycles among targets that could not be ordered, e.g.
/// <c>Circular dependencies: A -> B -> A</c>, where an arrow reads "must come after".
/// </summary>
internal static class CycleFinder
{
    public static string Describe(IReadOnlyList<ExecutableTarget> unordered)
    {
        var cycles = new List<string>();
        var covered = new HashSet<ExecutableTarget>();
        foreach (var start in unordered.OrderBy(x => x.DeclarationIndex))
        {
            if (covered.Contains(start) || FindCycle(start, unordered) is not { } cycle)
                continue;
            covered.UnionWith(cycle);
            cycles.Add(string.Join(" -> ", cycle.Append(cycle[0]).Select(x => x.Name)));
        }
        return cycles.Count > 0
            ? $"Circular dependencies: {string.Join("; ", cycles)}"
            : $"Circular dependencies among: {string.Join(", ", unordered.Select(x => x.Name))}";
    }

    // Depth-first search from start, in declaration order, until the path comes back to start.
    static List<ExecutableTarget>? FindCycle(ExecutableTarget start, IReadOnlyList<ExecutableTarget> scope)
    {
        var path = new List<ExecutableTarget>();
        var visited = new HashSet<ExecutableTarget>();
        return Visit(start) ? path : null;

        bool Visit(ExecutableTarget target)
        {
            path.Add(target);
            visited.Add(target);
            foreach (var next in target.Predecessors.Where(scope.Contains).OrderBy(x => x.DeclarationIndex))
            {
                if (next == start || (!visited.Contains(next) && Visit(next)))
                    return true;
            }
            path.RemoveAt(path.Count - 1);
            return false;
        }
    }
}
