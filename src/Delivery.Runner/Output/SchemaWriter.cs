using System.Text;
using System.Text.Json;
using Delivery.Runner.Parameters;

namespace Delivery.Runner.Output;

/// <summary>
/// Writes <c>.nuke/build.schema.json</c>, a JSON schema of the parameters, so editors complete and check
/// <c>.nuke/parameters.json</c>. The file is only rewritten when its content changes.
/// </summary>
internal static class SchemaWriter
{
    public static void WriteIfChanged(AbsolutePath root, IReadOnlyList<ParameterMember> parameters, IBuildLog log)
    {
        var directory = root / ".nuke";
        if (!Directory.Exists(directory))
            return;
        var file = directory / "build.schema.json";
        var content = Render(parameters);
        if (File.Exists(file) && File.ReadAllText(file) == content)
            return;
        try
        {
            File.WriteAllText(file, content);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Editor completion is a convenience; a read-only checkout must still build.
            log.Debug($"Could not write '{file}': {exception.Message}");
        }
    }

    public static string Render(IReadOnlyList<ParameterMember> parameters)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            json.WriteString("title", "Build Schema");
            json.WriteString("type", "object");
            json.WriteStartObject("properties");
            json.WriteStartObject("$schema");
            json.WriteString("type", "string");
            json.WriteEndObject();
            foreach (var parameter in parameters)
            {
                json.WriteStartObject(parameter.Name);
                WriteType(json, parameter.Type);
                if (parameter.Description is { } description)
                    json.WriteString("description", description);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    static void WriteType(Utf8JsonWriter json, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            json.WriteString("type", "array");
            json.WriteStartObject("items");
            WriteType(json, type.GetElementType()!);
            json.WriteEndObject();
            return;
        }
        if (type.IsEnum)
        {
            json.WriteString("type", "string");
            json.WriteStartArray("enum");
            foreach (var name in Enum.GetNames(type))
                json.WriteStringValue(name);
            json.WriteEndArray();
            return;
        }
        json.WriteString("type", type == typeof(bool) ? "boolean"
            : type == typeof(int) || type == typeof(long) ? "integer"
            : type == typeof(double) ? "number"
            : "string");
    }
}
