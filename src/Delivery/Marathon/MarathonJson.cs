using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Marathon;

/// <summary>Marathon's JSON conventions: camelCase, absent rather than null, numbers as Marathon writes them.</summary>
public static class MarathonJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Marathon writes 0.0 and 1.0 for some integers in old versions; be lenient reading, exact writing.
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
