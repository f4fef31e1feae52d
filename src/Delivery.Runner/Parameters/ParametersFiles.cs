using System.Text.Json;

namespace Delivery.Runner.Parameters;

/// <summary>
/// Reads <c>.nuke/parameters.json</c> and the profiles chosen with <c>--profile NAME</c>
/// (<c>.nuke/parameters.NAME.json</c>); later profiles win over earlier ones and over the default file.
/// </summary>
internal static class ParametersFiles
{
    /// <summary>Values by normalised key, each with the key as written and the file it came from.</summary>
    public static Dictionary<string, FileValue> Read(AbsolutePath root, IReadOnlyList<string> profiles)
    {
        var values = new Dictionary<string, FileValue>();
        var defaultFile = root / ".nuke" / "parameters.json";
        if (File.Exists(defaultFile))
            Merge(values, defaultFile, root);
        foreach (var profile in profiles)
        {
            var file = root / ".nuke" / $"parameters.{profile}.json";
            if (!File.Exists(file))
                throw new BuildException($"Profile '{profile}' not found: '{Path.GetRelativePath(root, file)}' does not exist.");
            Merge(values, file, root);
        }
        return values;
    }

    static void Merge(Dictionary<string, FileValue> values, AbsolutePath file, AbsolutePath root)
    {
        var name = Path.GetRelativePath(root, file);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new BuildException($"Could not read '{name}': it must hold a JSON object of parameter values.");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('$') || property.Value.ValueKind == JsonValueKind.Null)
                    continue;
                values[ParameterNaming.Normalize(property.Name)] = new FileValue(property.Name, name, Tokens(property.Value));
            }
        }
        catch (JsonException exception)
        {
            throw new BuildException($"Could not read '{name}': {exception.Message}");
        }
    }

    static List<string> Tokens(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().Select(Text).ToList(),
        _ => [Text(value)],
    };

    static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}

/// <summary>A value from a parameters file: the key as written, the file (relative to the root), the tokens.</summary>
internal sealed record FileValue(string Key, string File, List<string> Tokens);
