namespace Delivery.Runner;

/// <summary>
/// Marks a <see cref="Solution"/> field the runner fills before targets are planned: the file at
/// <paramref name="relativePath"/> (from the root), or else the one .sln/.slnx file in the root. When there is none
/// (or several) the field stays null with a warning; name it in <c>Requires</c> to fail instead.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SolutionAttribute(string? relativePath = null) : Attribute
{
    /// <summary>The solution file relative to the root; null to find the only one there.</summary>
    public string? RelativePath { get; } = relativePath;
}
