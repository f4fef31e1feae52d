using YamlDotNet.RepresentationModel;

namespace Delivery.Runner.Tests.CI;

/// <summary>Reads generated YAML back with YamlDotNet (an independent parser) for the assertions.</summary>
internal static class Yaml
{
    public static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];
    public static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];
    public static string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    /// <summary>The step of a GitHub job with this name.</summary>
    public static YamlMappingNode Step(YamlMappingNode jobs, string job, string name) =>
        Seq(Map(jobs, job), "steps").Children.OfType<YamlMappingNode>()
            .Single(x => x.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n.ToString() == name);
}
