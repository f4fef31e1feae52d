namespace Delivery.Sandbox.Tests.Infrastructure;

/// <summary>Paths in the repository, found from the test assembly's folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        // Tests run from a copied output folder (CI artifacts) can be pointed at the checkout.
        if (Environment.GetEnvironmentVariable("DELIVERY_REPOSITORY_ROOT") is { Length: > 0 } given)
            return given;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Delivery.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Tried to find the repository root above {AppContext.BaseDirectory} but no folder holds Delivery.sln");
    }
}
