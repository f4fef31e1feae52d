using Delivery.Core.Pipelines.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Delivery.Pipelines;

/// <summary>
/// Reads YAML into the position-keeping <see cref="ConfigNode"/> tree through YamlDotNet's representation model, which
/// keeps <c>Start.Line/Column</c> of every node. Syntax errors become one <see cref="ConfigError"/> at their place.
/// </summary>
public static class YamlConfigReader
{
    /// <param name="file">Path shown in errors, relative to the repository root.</param>
    public static ConfigNode? Read(string text, string file, ConfigErrors errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            errors.Add(new SourceSpan(file, (int)ex.Start.Line, (int)ex.Start.Column), $"invalid YAML ({Inner(ex)})", "well-formed YAML");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            errors.Add(new SourceSpan(file, 1, 1), "the file is empty", "a YAML mapping");
            return null;
        }
        if (stream.Documents.Count > 1)
            errors.Add(Span(stream.Documents[1].RootNode, file), "a second YAML document", "one document per file");
        return Convert(stream.Documents[0].RootNode, file, errors);
    }

    private static ConfigNode Convert(YamlNode node, string file, ConfigErrors errors) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar, file),
        YamlSequenceNode sequence => new ConfigSequence(Span(node, file), sequence.Children.Select(c => Convert(c, file, errors)).ToList()),
        YamlMappingNode mapping => new ConfigMapping(Span(node, file), mapping.Children.Select(pair => Entry(pair, file, errors)).ToList()),
        // Aliases are resolved by YamlStream; anything else is a construct pipelines have no use for.
        _ => new ConfigScalar(Span(node, file), "", false),
    };

    private static ConfigEntry Entry(KeyValuePair<YamlNode, YamlNode> pair, string file, ConfigErrors errors)
    {
        if (pair.Key is not YamlScalarNode key)
        {
            errors.Add(Span(pair.Key, file), "a key that is not plain text", "text keys");
            return new ConfigEntry(new ConfigScalar(Span(pair.Key, file), "?", true), Convert(pair.Value, file, errors));
        }
        return new ConfigEntry(Scalar(key, file), Convert(pair.Value, file, errors));
    }

    private static ConfigScalar Scalar(YamlScalarNode scalar, string file) =>
        new(Span(scalar, file), scalar.Value ?? "", scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            or ScalarStyle.Literal or ScalarStyle.Folded);

    private static SourceSpan Span(YamlNode node, string file) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    private static string Inner(YamlException ex)
    {
        var message = (ex.InnerException as YamlException)?.Message ?? ex.Message;
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is already in front.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return (cut >= 0 ? message[(cut + 3)..] : message).Trim().TrimEnd('.');
    }
}
