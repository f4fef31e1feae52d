using System.Text.Json;
using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Marathon.Apps;

/// <summary>Small helpers over System.Text.Json nodes, which Marathon's loosely-typed app JSON is kept in.</summary>
internal static class JsonKinds
{
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool IsNull(JsonNode? node) => Kind(node) == JsonValueKind.Null;

    public static string? Str(JsonNode? node) => Kind(node) == JsonValueKind.String ? node!.GetValue<string>() : null;

    // Values built in code hold their CLR type (int, double…), parsed ones hold JSON text: read both the same way.
    public static double? Num(JsonNode? node) => Kind(node) == JsonValueKind.Number
        ? double.Parse(node!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
        : null;

    public static bool? Bool(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static JsonObject? Obj(JsonNode? node) => node as JsonObject;

    public static JsonArray? Arr(JsonNode? node) => node as JsonArray;

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    public static JsonArray ArrayOf(IEnumerable<JsonNode?> items)
    {
        var array = new JsonArray();
        foreach (var item in items) array.Add(item);
        return array;
    }

    public static JsonArray Strings(IEnumerable<string> items) => ArrayOf(items.Select(s => (JsonNode?)JsonValue.Create(s)));

    public static JsonArray Ints(IEnumerable<int> items) => ArrayOf(items.Select(i => (JsonNode?)JsonValue.Create(i)));
}
