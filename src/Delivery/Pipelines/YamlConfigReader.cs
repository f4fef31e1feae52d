using Delivery.Core.Pipelines.Config;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Delivery.Pipelines;

/// <summary>
/// Reads YAML into the position-keeping <see cref="ConfigNode"/> tree through YamlDotNet's representation model, which
/// keeps <c>Start.Line/Column</c> of every node. Syntax errors become one <see cref="ConfigError"/> at their place.
/// YamlStream resolves an alias to the anchored node itself, so the document is a graph whose expansion can grow
/// exponentially (nine lines of nested aliases name a billion values); the conversion counts what it expands and stops
/// at <see cref="MaxValues"/>, far above any real pipeline, with one error at the anchored value whose repetition crossed
/// it (the representation model keeps no position for an alias itself).
/// </summary>
public static class YamlConfigReader
{
    public const int MaxValues = 20_000;

    /// <summary>YamlStream builds nodes recursively: a file of ten thousand '[' would end the process with a stack
    /// overflow, which no catch can report, so depth is checked first on the parser's flat event stream.</summary>
    public const int MaxDepth = 64;

    /// <param name="file">Path shown in errors, relative to the repository root.</param>
    public static ConfigNode? Read(string text, string file, ConfigErrors errors)
    {
        var stream = new YamlStream();
        try
        {
            if (TooDeep(text) is { } deep)
            {
                errors.Add(new SourceSpan(file, (int)deep.Line, (int)deep.Column), $"values nested more than {MaxDepth} deep", $"at most {MaxDepth} levels");
                return null;
            }
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
        var conversion = new Conversion(file, errors);
        var root = conversion.Convert(stream.Documents[0].RootNode);
        return conversion.OverBudget ? null : root;
    }

    /// <summary>One document's conversion, with the count of values expanded so far.</summary>
    private sealed class Conversion(string file, ConfigErrors errors)
    {
        private int _values;

        public bool OverBudget { get; private set; }

        public ConfigNode Convert(YamlNode node)
        {
            if (OverBudget) return Empty(node);
            if (++_values > MaxValues)
            {
                OverBudget = true;
                errors.Add(Span(node, file), $"the document expands to more than {MaxValues} values (aliases repeat what they name)",
                    $"a file of at most {MaxValues} values");
                return Empty(node);
            }
            return node switch
            {
                YamlScalarNode scalar => Scalar(scalar, file),
                YamlSequenceNode sequence => new ConfigSequence(Span(node, file), sequence.Children.Select(Convert).ToList()),
                YamlMappingNode mapping => new ConfigMapping(Span(node, file), mapping.Children.Select(Entry).ToList()),
                // Aliases are resolved by YamlStream; anything else is a construct pipelines have no use for.
                _ => Empty(node),
            };
        }

        private ConfigEntry Entry(KeyValuePair<YamlNode, YamlNode> pair)
        {
            if (pair.Key is not YamlScalarNode key)
            {
                errors.Add(Span(pair.Key, file), "a key that is not plain text", "text keys");
                return new ConfigEntry(new ConfigScalar(Span(pair.Key, file), "?", true), Convert(pair.Value));
            }
            return new ConfigEntry(Scalar(key, file), Convert(pair.Value));
        }

        private ConfigScalar Empty(YamlNode node) => new(Span(node, file), "", false);
    }

    private static ConfigScalar Scalar(YamlScalarNode scalar, string file) =>
        new(Span(scalar, file), scalar.Value ?? "", scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            or ScalarStyle.Literal or ScalarStyle.Folded);

    private static Mark? TooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    return parser.Current.Start;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
        return null;
    }

    private static SourceSpan Span(YamlNode node, string file) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    private static string Inner(YamlException ex)
    {
        var message = (ex.InnerException as YamlException)?.Message ?? ex.Message;
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is already in front.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return (cut >= 0 ? message[(cut + 3)..] : message).Trim().TrimEnd('.');
    }
}
