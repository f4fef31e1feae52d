namespace Delivery.Runner.Execution;

/// <summary>
/// A target with its relations resolved to other targets, and the state of its execution. Tests build
/// these by hand; <see cref="ExecutableTargetFactory"/> builds them from a build class.
/// </summary>
internal sealed class ExecutableTarget(string name, TargetDefinition? definition = null)
{
    public string Name { get; } = name;
    public TargetDefinition Definition { get; } = definition ?? new TargetDefinition();

    /// <summary>Position of the target property in the build class; breaks ties in the plan.</summary>
    public int DeclarationIndex { get; init; }

    /// <summary>The delegate the target was created from, to resolve references between targets.</summary>
    public Target? Factory { get; init; }

    /// <summary>DependsOn, plus targets that declared DependentFor this one: planned and run before.</summary>
    public List<ExecutableTarget> ExecutionDependencies { get; } = [];

    /// <summary>After, plus targets that declared Before this one: run before, if planned.</summary>
    public List<ExecutableTarget> OrderDependencies { get; } = [];

    /// <summary>Targets that trigger this one (TriggeredBy, or their Triggers): run before, if planned.</summary>
    public List<ExecutableTarget> TriggerDependencies { get; } = [];

    /// <summary>Targets this one triggers: planned whenever this one is.</summary>
    public List<ExecutableTarget> Triggers { get; } = [];

    public bool IsDefault { get; set; }
    public bool IsInvoked { get; set; }
    public bool IsListed => !Definition.IsUnlisted;
    public string? Description => Definition.DescriptionText;

    public ExecutionStatus Status { get; set; } = ExecutionStatus.Scheduled;
    public string? SkipReason { get; set; }
    public TimeSpan Duration { get; set; }

    /// <summary>Notes for the summary row, in the order they were reported; a key reported again is replaced.</summary>
    public List<KeyValuePair<string, string>> SummaryNotes { get; } = [];

    public void AddSummaryNote(string key, string value)
    {
        lock (SummaryNotes)
            Replace(key, value);
    }

    void Replace(string key, string value)
    {
        var index = SummaryNotes.FindIndex(x => x.Key == key);
        if (index >= 0)
            SummaryNotes[index] = new(key, value);
        else
            SummaryNotes.Add(new(key, value));
    }

    /// <summary>Every target that must come before this one when both are planned.</summary>
    public IEnumerable<ExecutableTarget> Predecessors =>
        ExecutionDependencies.Concat(OrderDependencies).Concat(TriggerDependencies).Distinct();

    public override string ToString() => Name;
}
