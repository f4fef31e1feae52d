using Delivery.Runner.Parameters;

namespace Delivery.Runner.Execution;

/// <summary>The root is <c>--root</c>, or the nearest ancestor of the working directory holding <c>.nuke/</c>.</summary>
internal static class RootLocator
{
    public static AbsolutePath Find(ParsedArguments arguments, string workingDirectory)
    {
        var start = new AbsolutePath(workingDirectory);
        if (arguments.Option("root") is { } option)
        {
            if (option.Values.Count != 1)
                throw new BuildException("Parameter '--root' expects one directory.");
            var root = start / option.Values[0];
            return Directory.Exists(root) ? root : throw new BuildException($"Parameter '--root' names '{root}', which is not a directory.");
        }
        for (var directory = start; ; directory = directory.Parent)
        {
            if (Directory.Exists(directory / ".nuke"))
                return directory;
            if (directory.IsRoot)
                throw new BuildException(
                    $"Could not find the build root: no .nuke/ directory in '{start}' or above it. Create one at the repository root, or pass --root.");
        }
    }
}
