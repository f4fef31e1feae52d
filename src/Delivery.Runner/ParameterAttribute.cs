namespace Delivery.Runner;

/// <summary>
/// Marks a field or property whose value comes from the command line (<c>--kebab-case value</c>), the
/// environment, or <c>.nuke/parameters.json</c>, in that order of precedence.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    /// <summary>Shown in <c>--help</c>.</summary>
    public string? Description { get; } = description;

    /// <summary>Overrides the member name as the parameter name.</summary>
    public string? Name { get; init; }

    /// <summary>Splits a single value into array elements; <c>'\0'</c> means no splitting.</summary>
    public char Separator { get; init; }
}
