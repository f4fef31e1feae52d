using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Delivery.Runner;

/// <summary>The fluent vocabulary a target uses to describe itself (NUKE's ITargetDefinition).</summary>
public interface ITargetDefinition
{
    /// <summary>One line shown under the target in <c>--help</c>.</summary>
    ITargetDefinition Description(string description);

    /// <summary>These targets are planned and run before this one.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>This target runs before the given ones and is planned whenever they are (reverse DependsOn).</summary>
    ITargetDefinition DependentFor(params Target[] targets);

    /// <summary>If both are planned, this target runs before the given ones; never adds a target.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>If both are planned, this target runs after the given ones; never adds a target.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>The given targets are planned, and run after this one.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>This target is planned, and runs after, whenever one of the given targets is planned.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>Skips the target (and cascades to its dependencies) when false, evaluated before anything runs.</summary>
    ITargetDefinition OnlyWhenStatic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? conditionText = null);

    /// <summary>Skips the target when false, evaluated right before the target would run.</summary>
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? conditionText = null);

    /// <summary>The parameter must be non-null (and non-blank) before any target runs.</summary>
    ITargetDefinition Requires<T>(Expression<Func<T>> parameter);

    /// <summary>The condition must hold before any target runs.</summary>
    ITargetDefinition Requires(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? conditionText = null);

    /// <summary>Adds a synchronous action.</summary>
    ITargetDefinition Executes(Action action);

    /// <summary>Adds an asynchronous action.</summary>
    ITargetDefinition Executes(Func<Task> action);

    /// <summary>Adds an asynchronous action that observes the build's cancellation (Ctrl+C, SIGTERM).</summary>
    ITargetDefinition Executes(Func<CancellationToken, Task> action);

    /// <summary>A failure of this target marks the build failed but lets the remaining targets run.</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>This target still runs after another target failed or the build was cancelled.</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Whether the dependencies of this target run when it is skipped.</summary>
    ITargetDefinition WhenSkipped(DependencyBehavior behavior);

    /// <summary>Hides the target from <c>--help</c>.</summary>
    ITargetDefinition Unlisted();
}
