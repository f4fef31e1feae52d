using Delivery.Core;
using Delivery.Core.Pipelines;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Pipelines;

/// <summary>Loads <c>pipelines/environments/&lt;name&gt;.yaml</c>; <c>local</c> (the sandbox) is the default.</summary>
public static class EnvironmentLoader
{
    public const string DefaultName = "local";
    public const string Folder = "pipelines/environments";

    /// <summary>Names of the environments in <paramref name="root"/>, sorted.</summary>
    public static IReadOnlyList<string> Names(string root)
    {
        var folder = Path.Combine(root, Folder);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <param name="root">The repository root (the folder holding <c>pipelines/</c>).</param>
    /// <exception cref="DeliveryException">The environment is unknown or its file is invalid (one line per error).</exception>
    public static DeliveryEnvironment Load(string root, string? name = null)
    {
        var errors = new ConfigErrors();
        var environment = Read(root, name ?? DefaultName, errors);
        errors.ThrowIfAny();
        return environment!;
    }

    /// <summary>Reads and validates, adding problems to <paramref name="errors"/>; throws only for an unknown name.</summary>
    internal static DeliveryEnvironment? Read(string root, string name, ConfigErrors errors)
    {
        var relative = $"{Folder}/{name}.yaml";
        var path = Path.Combine(root, relative);
        if (!File.Exists(path))
        {
            var known = Names(root);
            throw new DeliveryException(
                $"Tried to load environment '{name}' but failed because {relative} does not exist; known environments: " +
                (known.Count == 0 ? "none" : string.Join(", ", known)) + ".");
        }
        var text = ConfigFileText.Read(path, relative, errors);
        var tree = text is null ? null : YamlConfigReader.Read(text, relative, errors);
        return tree is null ? null : EnvironmentBinder.Bind(tree, name, errors, new DiskConfigFiles(root));
    }
}
