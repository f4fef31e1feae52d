namespace Delivery.Runner.Execution;

/// <summary>
/// Chooses which targets run and in which order: the invoked targets, their DependsOn closure and
/// everything a planned target triggers (to a fixpoint), sorted topologically with declaration order
/// breaking ties. Before/After and TriggeredBy only order targets that are planned anyway.
/// </summary>
internal static class ExecutionPlanner
{
    /// <param name="invoked">The targets asked for.</param>
    /// <param name="all">Every target of the build: as in NUKE, a cycle among targets that are not planned is
    /// still a mistake in the build class, and is reported whatever is invoked.</param>
    /// <param name="strict"><c>--strict</c>: two planned targets that no declared edge orders are an error
    /// instead of falling back to declaration order.</param>
    public static List<ExecutableTarget> Plan(IReadOnlyList<ExecutableTarget> invoked, IReadOnlyList<ExecutableTarget>? all = null, bool strict = false)
    {
        if (all is not null)
            Sort(all.ToHashSet(), strict: false);
        var planned = Closure(invoked);
        return Sort(planned, strict);
    }

    static HashSet<ExecutableTarget> Closure(IReadOnlyList<ExecutableTarget> invoked)
    {
        var planned = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(invoked);
        while (pending.Count > 0)
        {
            var target = pending.Pop();
            if (!planned.Add(target))
                continue;
            foreach (var next in target.ExecutionDependencies.Concat(target.Triggers))
                pending.Push(next);
        }
        return planned;
    }

    // Kahn's algorithm; among the ready targets the earliest declared goes first, so that the order is
    // stable and matches the file the user reads.
    static List<ExecutableTarget> Sort(HashSet<ExecutableTarget> planned, bool strict)
    {
        var waitingOn = planned.ToDictionary(x => x, x => x.Predecessors.Count(planned.Contains));
        var ready = new PriorityQueue<ExecutableTarget, int>();
        foreach (var (target, count) in waitingOn.Where(x => x.Value == 0))
            ready.Enqueue(target, target.DeclarationIndex);

        var order = new List<ExecutableTarget>();
        while (ready.Count > 0)
        {
            // NUKE's strict mode: more than one target ready means the order between them is only declaration order.
            if (strict && ready.Count > 1)
                throw new BuildException(
                    $"Incomplete target definition order (--strict): nothing orders {string.Join(", ", ready.UnorderedItems.OrderBy(x => x.Priority).Select(x => x.Element.Name))}; "
                    + "declare DependsOn, Before or After between them.");
            var target = ready.Dequeue();
            order.Add(target);
            foreach (var successor in planned.Where(x => x.Predecessors.Contains(target)))
            {
                if (--waitingOn[successor] == 0)
                    ready.Enqueue(successor, successor.DeclarationIndex);
            }
        }

        if (order.Count < planned.Count)
            throw new BuildException(CycleFinder.Describe(planned.Except(order).ToList()));
        return order;
    }
}
