namespace Delivery.Runner;

/// <summary>
/// Marks a <see cref="GitRepository"/> field the runner fills before targets are planned, from the checkout at or
/// above the root. Outside a checkout the field stays null with a warning; name it in <c>Requires</c> to fail instead.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class GitRepositoryAttribute : Attribute;
