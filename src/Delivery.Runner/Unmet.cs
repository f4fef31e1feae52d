namespace Delivery.Runner;

/// <summary>
/// What a requirement check found wrong, as the one line the user sees: <c>.Requires(() => InputProblem())</c> with a
/// method that returns null when all is well. The check reports bad input as a value instead of throwing, and its
/// reason is shown as it is, without the runner's "Target … requires …" around it.
/// </summary>
public sealed record Unmet(string Reason);
