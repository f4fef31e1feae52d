using System.Text.Json.Nodes;
using Delivery.Core.Pipelines;

namespace Delivery.Tests.Pipelines;

/// <summary>The JSON schemas (for editors) and the loader (for Deploy) must know the same keys.</summary>
public class SchemaAgreementTests
{
    private static readonly string Root = TestRepository.Checkout();

    public static TheoryData<string, string> Sections()
    {
        var data = new TheoryData<string, string>();
        foreach (var section in PipelineKeys.Pipeline.Keys) data.Add("pipeline", section);
        foreach (var section in PipelineKeys.Environment.Keys) data.Add("environment", section);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Schema_SectionOfLoader_DeclaresExactlyTheLoadersKeys(string kind, string section)
    {
        var schema = Schema(kind);
        var keys = kind == "pipeline" ? PipelineKeys.Pipeline[section] : PipelineKeys.Environment[section];

        var node = Resolve(schema, schema, section);
        var properties = node["properties"]!.AsObject().Select(p => p.Key).Order().ToList();

        Assert.Equal(keys.Order().ToList(), properties);
        Assert.False(node["additionalProperties"]!.GetValue<bool>(), $"{kind} schema section '{section}' must reject unknown keys as the loader does");
    }

    [Fact]
    public void Schema_EveryObjectSection_IsKnownToTheLoader()
    {
        // The reverse direction: an object with properties in the schema that the loader has no section for
        // would be completed by editors and then refused by Deploy.
        var schema = Schema("pipeline");
        var sections = new List<string>();
        Walk(schema, schema, "", sections);
        Assert.Equal(PipelineKeys.Pipeline.Keys.Order().ToList(), sections.Order().ToList());
    }

    private static JsonNode Schema(string kind) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, $"pipelines/schema/{kind}.schema.json")))!;

    /// <summary>Follows a loader section path (<c>canary.steps[]</c>) through properties, items, oneOf and $ref.</summary>
    private static JsonNode Resolve(JsonNode schema, JsonNode node, string section)
    {
        node = Deref(schema, node);
        if (section.Length == 0) return ObjectOf(schema, node);
        var dot = section.IndexOf('.');
        var head = dot < 0 ? section : section[..dot];
        var rest = dot < 0 ? "" : section[(dot + 1)..];
        var isList = head.EndsWith("[]");
        var child = Deref(schema, ObjectOf(schema, node)["properties"]![isList ? head[..^2] : head]!);
        if (isList) child = Deref(schema, child["items"]!);
        return Resolve(schema, child, rest);
    }

    private static JsonNode ObjectOf(JsonNode schema, JsonNode node)
    {
        node = Deref(schema, node);
        if (node["properties"] is not null) return node;
        return node["oneOf"]!.AsArray().Select(n => Deref(schema, n!)).First(n => n["properties"] is not null);
    }

    private static JsonNode Deref(JsonNode schema, JsonNode node) =>
        node["$ref"]?.GetValue<string>() is { } reference ? schema["definitions"]![reference.Split('/')[^1]]! : node;

    private static void Walk(JsonNode schema, JsonNode node, string path, List<string> sections)
    {
        node = Deref(schema, node);
        if (node["items"] is { } items) { Walk(schema, items, path + "[]", sections); return; }
        foreach (var alternative in node["oneOf"]?.AsArray() ?? []) Walk(schema, alternative!, path, sections);
        if (node["properties"] is not JsonObject properties || properties.Count == 0) return;
        if (!sections.Contains(path)) sections.Add(path);
        foreach (var (key, child) in properties)
        {
            var childNode = Deref(schema, child!);
            var isObject = childNode["properties"] is not null || childNode["items"] is not null
                || childNode["oneOf"]?.AsArray().Any(a => Deref(schema, a!)["properties"] is not null || Deref(schema, a!)["items"] is not null) == true;
            if (isObject) Walk(schema, childNode, path.Length == 0 ? key : $"{path}.{key}", sections);
        }
    }
}
