namespace Delivery.Runner;

/// <summary>
/// Marks a parameter whose value is never printed: no default in <c>--help</c>, and redacted as
/// <c>[secret]</c> in every log line and summary note.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
