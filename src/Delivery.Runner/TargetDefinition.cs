using System.Linq.Expressions;
using System.Reflection;

namespace Delivery.Runner;

/// <summary>
/// Records what a target's body declares. The engine reads these lists; nothing here runs anything.
/// </summary>
internal sealed class TargetDefinition : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> DependentForTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<Condition> StaticConditions { get; } = [];
    public List<Condition> DynamicConditions { get; } = [];
    public List<Requirement> Requirements { get; } = [];
    public List<Func<CancellationToken, Task>> Actions { get; } = [];
    public bool IsProceedAfterFailure { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }
    public DependencyBehavior SkippedDependencyBehavior { get; private set; } = DependencyBehavior.Skip;
    public bool IsUnlisted { get; private set; }

    public ITargetDefinition Description(string description) { DescriptionText = description; return this; }
    public ITargetDefinition DependsOn(params Target[] targets) { DependsOnTargets.AddRange(targets); return this; }
    public ITargetDefinition DependentFor(params Target[] targets) { DependentForTargets.AddRange(targets); return this; }
    public ITargetDefinition Before(params Target[] targets) { BeforeTargets.AddRange(targets); return this; }
    public ITargetDefinition After(params Target[] targets) { AfterTargets.AddRange(targets); return this; }
    public ITargetDefinition Triggers(params Target[] targets) { TriggersTargets.AddRange(targets); return this; }
    public ITargetDefinition TriggeredBy(params Target[] targets) { TriggeredByTargets.AddRange(targets); return this; }

    public ITargetDefinition OnlyWhenStatic(Func<bool> condition, string? conditionText = null)
    {
        StaticConditions.Add(new Condition(condition, Readable(conditionText) ?? "static condition"));
        return this;
    }

    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? conditionText = null)
    {
        DynamicConditions.Add(new Condition(condition, Readable(conditionText) ?? "dynamic condition"));
        return this;
    }

    // C# binds every `Requires(() => ...)` lambda here, so a body that is not a plain member is a
    // condition: `Requires(() => Instances > 0)`.
    public ITargetDefinition Requires<T>(Expression<Func<T>> parameter)
    {
        var read = parameter.Compile();
        if (typeof(T) == typeof(Unmet))
        {
            Requirements.Add(new Requirement(() => read() is null, ExpressionText.Of(parameter.Body), null) { Reason = () => (read() as Unmet)?.Reason });
            return this;
        }
        var member = FindMember(parameter.Body);
        Requirements.Add(new Requirement(() => IsPresent(read()), member?.Name ?? ExpressionText.Of(parameter.Body), member));
        return this;
    }

    public ITargetDefinition Requires(Func<bool> condition, string? conditionText = null)
    {
        Requirements.Add(new Requirement(condition, Readable(conditionText) ?? "condition", Member: null));
        return this;
    }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(_ => { action(); return Task.CompletedTask; });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action) { Actions.Add(_ => action()); return this; }
    public ITargetDefinition Executes(Func<CancellationToken, Task> action) { Actions.Add(action); return this; }
    public ITargetDefinition ProceedAfterFailure() { IsProceedAfterFailure = true; return this; }
    public ITargetDefinition AssuredAfterFailure() { IsAssuredAfterFailure = true; return this; }
    public ITargetDefinition WhenSkipped(DependencyBehavior behavior) { SkippedDependencyBehavior = behavior; return this; }
    public ITargetDefinition Unlisted() { IsUnlisted = true; return this; }

    // The caller's text is a lambda such as "() => IsLocalBuild"; the body alone reads better as a reason.
    static string? Readable(string? lambda) =>
        lambda?.Trim() is { } text && text.StartsWith("() =>", StringComparison.Ordinal) ? text[5..].Trim() : lambda;

    // `() => (object)Field` arrives wrapped in a Convert node; unwrap it to reach the member.
    static MemberInfo? FindMember(Expression body) => body switch
    {
        MemberExpression { Member: FieldInfo or PropertyInfo } member => member.Member,
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary => FindMember(unary.Operand),
        _ => null,
    };

    // `Requires(() => Ready)` on a bool reads as "requires Ready", so false does not meet it.
    static bool IsPresent(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        string text => !string.IsNullOrWhiteSpace(text),
        Array array => array.Length > 0,
        _ => true,
    };
}

/// <summary>A condition with its source text, which becomes the skip reason.</summary>
internal sealed record Condition(Func<bool> Evaluate, string Text);

/// <summary>A precondition checked before any target runs; <paramref name="Member"/> is set for parameter requirements.</summary>
internal sealed record Requirement(Func<bool> IsMet, string Text, MemberInfo? Member)
{
    /// <summary>Set for a check that returns <see cref="Unmet"/>: its reason, or null when met.</summary>
    public Func<string?>? Reason { get; init; }
}
