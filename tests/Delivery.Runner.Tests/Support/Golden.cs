using System.Runtime.CompilerServices;

namespace Delivery.Runner.Tests.Support;

/// <summary>
/// Compares text with a file under Golden/. Set UPDATE_GOLDEN=1 to rewrite the files in the source tree
/// instead (then review the diff before committing); a rewrite fails the test, so that a run with UPDATE_GOLDEN set
/// can never pass, in CI or anywhere else.
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
            Assert.Fail($"Golden/{name} rewritten because UPDATE_GOLDEN is set; review the diff and run again without it.");
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
            if (File.Exists(Path.Combine(directory, "Delivery.Runner.Tests.csproj")))
                return directory;
        }
        throw new InvalidOperationException($"Could not find the test project above '{callerPath}'.");
    }

    // A longest-common-subsequence diff over lines: an inserted line shows as one "+", not as every
    // following line changed. The texts we keep are short, so the quadratic table is fine.
    public static string Diff(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        var common = new int[left.Length + 1, right.Length + 1];
        for (var i = left.Length - 1; i >= 0; i--)
            for (var j = right.Length - 1; j >= 0; j--)
                common[i, j] = left[i] == right[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);

        var lines = new List<string>();
        int l = 0, r = 0;
        while (l < left.Length || r < right.Length)
        {
            if (l < left.Length && r < right.Length && left[l] == right[r])
            {
                l++;
                r++;
            }
            else if (r < right.Length && (l == left.Length || common[l, r + 1] > common[l + 1, r]))
                lines.Add($"  + {r + 1,4}: {right[r++]}");
            else
                lines.Add($"  - {l + 1,4}: {left[l++]}");
        }
        return string.Join("\n", lines);
    }
}
