namespace Delivery.Build.Tests.CI;

/// <summary>The repository these tests run in, and Delivery's own build class (build/Build.cs and its partials).</summary>
internal static class Repository
{
    public static AbsolutePath Root { get; } = FindRoot();

    /// <summary>The class whose [GitHubActions] and [GitLabCI] attributes declare the checked-in CI files.</summary>
    public static Type BuildType { get; } = Type.GetType("Build, _build", throwOnError: true)!;

    static AbsolutePath FindRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Delivery.sln")))
                return new AbsolutePath(directory);
        }
        throw new InvalidOperationException($"No Delivery.sln above {AppContext.BaseDirectory}.");
    }
}
