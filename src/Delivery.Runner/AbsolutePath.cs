namespace Delivery.Runner;

/// <summary>A normalised absolute path; <c>RootDirectory / "src" / "app"</c> composes paths.</summary>
public sealed record AbsolutePath(string Value)
{
    /// <summary>The full path, without a trailing separator (except for the file-system root).</summary>
    public string Value { get; } = Normalize(Value);

    /// <summary>Appends a relative path; an absolute right-hand side replaces the left one.</summary>
    public static AbsolutePath operator /(AbsolutePath left, string right) => new(Path.Combine(left.Value, right));

    public static implicit operator string(AbsolutePath p) => p.Value;

    /// <summary>The containing directory; the file-system root has none.</summary>
    public AbsolutePath Parent =>
        Path.GetDirectoryName(Value) is { } parent
            ? new AbsolutePath(parent)
            : throw new InvalidOperationException($"Cannot take the parent of '{Value}': it is the file-system root.");

    /// <summary>Whether this path is the file-system root (and so has no <see cref="Parent"/>).</summary>
    public bool IsRoot => Path.GetDirectoryName(Value) is null;

    public override string ToString() => Value;

    static string Normalize(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException("An absolute path cannot be empty.", nameof(value));
        var full = Path.GetFullPath(value);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        return full.Length > root.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
    }
}
