using System.Reflection;
using System.Runtime.Loader;

namespace Delivery.Runner.Tests.CI;

/// <summary>The repository these tests run in, and Delivery's own build class (build/Build.cs and its partials).</summary>
internal static class Repository
{
    public static AbsolutePath Root { get; } = FindRoot();

    static readonly Lazy<Type> Build = new(LoadBuildType);

    /// <summary>The class whose [GitHubActions] and [GitLabCI] attributes declare the checked-in CI files.</summary>
    public static Type BuildType => Build.Value;

    static AbsolutePath FindRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Delivery.sln")))
                return new AbsolutePath(directory);
        }
        throw new InvalidOperationException($"No Delivery.sln above {AppContext.BaseDirectory}.");
    }

    // The build program is loaded from where build.sh builds it, not referenced: a solution build (the Test target's)
    // does not build it, since it is the program running that build.
    static Type LoadBuildType()
    {
        var program = new[] { "Debug", "Release" }
            .Select(configuration => Root / "build" / "bin" / configuration / "net10.0" / "_build.dll")
            .Where(x => File.Exists(x))
            .OrderByDescending(x => File.GetLastWriteTimeUtc(x))
            .FirstOrDefault()
            ?? throw new InvalidOperationException("The build program is not built: run ./build.sh --help (or dotnet build build/_build.csproj).");
        var newer = Directory.EnumerateFiles(Root / "build", "*.cs", SearchOption.AllDirectories)
            .Where(x => !x.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .FirstOrDefault(x => File.GetLastWriteTimeUtc(x) > File.GetLastWriteTimeUtc(program));
        if (newer is not null)
            throw new InvalidOperationException($"{program} is older than {newer}: run ./build.sh --help (or dotnet build build/_build.csproj) to rebuild it.");
        return new BuildProgramContext(program).LoadFromAssemblyPath(program).GetType("Build", throwOnError: true)!;
    }

    /// <summary>Resolves the build program's dependencies from its own folder, except the runner library, which must be
    /// this test's copy so that its attribute types are the ones the tests ask for.</summary>
    sealed class BuildProgramContext(string program) : AssemblyLoadContext("build-program")
    {
        readonly AssemblyDependencyResolver _resolver = new(program);

        protected override Assembly? Load(AssemblyName name) =>
            name.Name == typeof(BuildProgram).Assembly.GetName().Name
                ? null
                : _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
