using System.Runtime.CompilerServices;

namespace Delivery.Build.Tests.Support;

/// <summary>
/// Compares text with a file under Golden/. Set UPDATE_GOLDEN=1 to rewrite the files in the source tree
/// instead (then review the diff before committing).
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        actual = actual.ReplaceLineEndings("\n");
        var source = Path.Combine(ProjectDirectory(callerPath), "Golden", name);
        if (System.Environment.GetEnvironmentVariable("UPDATE_GOLDEN") is "1" or "true")
        {
            File.WriteAllText(source, actual);
            return;
        }

        var copied = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        Assert.True(File.Exists(copied), $"Golden file '{name}' is missing; run the tests with UPDATE_GOLDEN=1 to create it.");
        var expected = File.ReadAllText(copied).ReplaceLineEndings("\n");
        if (expected != actual)
            Assert.Fail($"Output differs from Golden/{name} (UPDATE_GOLDEN=1 rewrites it):\n{Diff(expected, actual)}");
    }

    static string ProjectDirectory(string callerPath)
    {
        for (var directory = Path.GetDirectoryName(callerPath); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Delivery.Build.Tests.csproj")))
                return directory;
        }
        throw new InvalidOperationException($"Could not find the test project above '{callerPath}'.");
    }

    // A line-by-line diff is enough for the short texts we keep.
    static string Diff(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        var lines = new List<string>();
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var e = i < left.Length ? left[i] : null;
            var a = i < right.Length ? right[i] : null;
            if (e == a)
                continue;
            lines.Add($"line {i + 1}:");
            lines.Add($"  - {e ?? "<missing>"}");
            lines.Add($"  + {a ?? "<missing>"}");
        }
        return string.Join("\n", lines);
    }
}
