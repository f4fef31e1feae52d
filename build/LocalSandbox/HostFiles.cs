using System.Text.Json;

namespace LocalSandbox;

/// <summary>
/// The files the sandbox host needs out of the build program's output folder, which also holds everything the build
/// program itself needs (over 200 MB of native runtimes): the host's own dll, deps.json and runtimeconfig.json, and
/// the assets its deps.json names, at the places the SDK copied them to.
/// </summary>
public static class HostFiles
{
    public static IReadOnlyList<string> Of(string dll)
    {
        var name = Path.GetFileNameWithoutExtension(dll);
        var deps = Path.Combine(Path.GetDirectoryName(dll)!, name + ".deps.json");
        using var json = JsonDocument.Parse(File.ReadAllText(deps));
        var files = new List<string> { name + ".dll", name + ".deps.json", name + ".runtimeconfig.json" };
        foreach (var target in json.RootElement.GetProperty("targets").EnumerateObject())
            foreach (var library in target.Value.EnumerateObject())
                files.AddRange(Assets(library.Value));
        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    // Managed and native assets are copied flat; RID-specific ones keep their runtimes/<rid>/… path.
    private static IEnumerable<string> Assets(JsonElement library)
    {
        foreach (var kind in new[] { "runtime", "native" })
            if (library.TryGetProperty(kind, out var assets))
                foreach (var asset in assets.EnumerateObject())
                    yield return Path.GetFileName(asset.Name);
        if (library.TryGetProperty("runtimeTargets", out var targets))
            foreach (var asset in targets.EnumerateObject())
                yield return asset.Name;
    }
}
