namespace Delivery.Core.Pipelines.Config;

/// <summary>Where a value was written: file (relative to the repository root), 1-based line and column.</summary>
public sealed record SourceSpan(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
