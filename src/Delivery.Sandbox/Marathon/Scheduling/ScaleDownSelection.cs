using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Scheduling;

/// <summary>
/// Which instances a scale-down kills, as Marathon chooses them (core/deployment/ScalingProposition.scala with
/// mesos/Constraints.scala selectInstancesToKill):
/// 1. first those that keep every <c>GROUP_BY</c> spread even: one at a time from a value with the most instances, as
///    long as the spread stays within one or gets closer to it, so a scale-down never empties a zone it need not;
/// 2. then the rest by condition — unreachable, staging, starting, running — and within one condition by time
///    (staged, or started for running ones) per <c>killSelection</c>. Health is not looked at (Marathon's own TODO).
/// </summary>
public static class ScaleDownSelection
{
    public static IReadOnlyList<TaskRecord> Victims(AppSpec spec, IReadOnlyList<TaskRecord> live, int count)
    {
        if (count <= 0) return [];
        var byCondition = live.Order(Comparer<TaskRecord>.Create((a, b) => Compare(a, b, spec.KillOldestFirst))).ToList();
        var forSpread = ToKeepSpreadEven(spec, byCondition, count);
        return forSpread.Concat(byCondition.Where(t => !forSpread.Contains(t))).Take(count).ToList();
    }

    private static List<TaskRecord> ToKeepSpreadEven(AppSpec spec, IReadOnlyList<TaskRecord> live, int count)
    {
        if (count >= live.Count) return [.. live];
        var distributions = spec.Constraints.Where(c => c.Operator == "GROUP_BY")
            .Select(c => live.GroupBy(t => t.Agent.FieldValue(c.Field) ?? "").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.ToList()).ToList())
            .ToList();
        var chosen = new List<TaskRecord>();
        if (distributions.Count == 0) return chosen;
        while (chosen.Count < count)
        {
            var tried = distributions.OrderByDescending(d => Difference(d, chosen))
                .SelectMany(d => FromTheFullest(d, chosen))
                .Concat(live.Where(t => !chosen.Contains(t)));
            var next = tried.FirstOrDefault(t => distributions.All(d => IsMoreEvenWithout(d, [.. chosen, t])));
            if (next is null) break;
            chosen.Add(next);
        }
        return chosen;
    }

    private static bool IsMoreEvenWithout(List<List<TaskRecord>> distribution, List<TaskRecord> without)
    {
        var after = Difference(distribution, without);
        return after <= 1 || Difference(distribution, []) > after;
    }

    /// <summary>The instances of the values holding the most, unless every value holds as many.</summary>
    private static IEnumerable<TaskRecord> FromTheFullest(List<List<TaskRecord>> distribution, List<TaskRecord> without)
    {
        var left = distribution.Select(g => g.Where(t => !without.Contains(t)).ToList()).ToList();
        var sizes = left.Select(g => g.Count).Distinct().ToList();
        if (sizes.Count == 1) return [];
        var most = sizes.Max();
        return left.Where(g => g.Count == most).SelectMany(g => g);
    }

    private static int Difference(List<List<TaskRecord>> distribution, List<TaskRecord> without)
    {
        var sizes = distribution.Select(g => g.Count(t => !without.Contains(t))).ToList();
        return sizes.Max() - sizes.Min();
    }

    /// <summary>Negative when <paramref name="a"/> is killed before <paramref name="b"/> (sortByConditionAndDate).</summary>
    private static int Compare(TaskRecord a, TaskRecord b, bool oldestFirst)
    {
        var byWeight = Weight(a).CompareTo(Weight(b));
        if (byWeight != 0) return byWeight;
        var (timeA, timeB) = a.IsRunning && b.IsRunning ? (a.StartedAt ?? a.StagedAt, b.StartedAt ?? b.StagedAt) : (a.StagedAt, b.StagedAt);
        var byTime = oldestFirst ? timeA.CompareTo(timeB) : timeB.CompareTo(timeA);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    }

    private static int Weight(TaskRecord task) => !task.Agent.Reachable ? 1 : task.State switch
    {
        TaskStates.Staging => 2,
        TaskStates.Starting => 3,
        TaskStates.Running => 4,
        _ => 5,
    };
}
