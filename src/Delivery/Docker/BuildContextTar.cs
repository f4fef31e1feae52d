using System.Formats.Tar;

namespace Delivery.Docker;

/// <summary>
/// The build context as the Docker API wants it: a tar of the context folder minus what <c>.dockerignore</c> leaves
/// out. Entries are written in ordinal order with owner 0:0 and one fixed modification time, so the same commit gives
/// the same tar (the classic builder's cache keys ignore mtimes, but the layers a COPY makes keep them).
/// </summary>
public static class BuildContextTar
{
    /// <summary>Name the Dockerfile gets inside the tar when it lives outside the context folder.</summary>
    public const string OutsideDockerfileName = ".delivery.Dockerfile";

    /// <summary>Writes the context tar to <paramref name="output"/>; returns the Dockerfile's path inside it.</summary>
    /// <param name="appendToDockerfile">Lines added at the end of the Dockerfile (then sent under its own name), or null.</param>
    public static string Write(string contextDirectory, string dockerfilePath, DateTimeOffset modified, Stream output, string? appendToDockerfile = null)
    {
        var root = Path.GetFullPath(contextDirectory);
        var dockerfile = Path.GetFullPath(dockerfilePath);
        var ignore = DockerIgnore.Load(root);
        var dockerfileInside = Path.GetRelativePath(root, dockerfile).Replace('\\', '/');
        var outside = dockerfileInside.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(dockerfileInside);

        using var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        foreach (var (relative, isDirectory) in Walk(root, "", ignore))
        {
            var full = Path.Combine(root, relative);
            // Docker sends the Dockerfile and .dockerignore even when .dockerignore names them.
            if (ignore.IsExcluded(relative) && relative != dockerfileInside && relative != ".dockerignore") continue;
            if (isDirectory) AddDirectory(writer, relative, full, modified);
            else AddFile(writer, relative, full, modified);
        }
        if (appendToDockerfile is not null)
        {
            var text = File.ReadAllText(dockerfile).TrimEnd() + "\n" + appendToDockerfile + "\n";
            AddText(writer, OutsideDockerfileName, text, modified);
            return OutsideDockerfileName;
        }
        if (outside)
        {
            AddFile(writer, OutsideDockerfileName, dockerfile, modified);
            return OutsideDockerfileName;
        }
        return dockerfileInside;
    }

    private static IEnumerable<(string Relative, bool IsDirectory)> Walk(string root, string relative, DockerIgnore ignore)
    {
        var folder = relative.Length == 0 ? root : Path.Combine(root, relative);
        var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos()
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
            var isDirectory = entry is DirectoryInfo && entry.LinkTarget is null;
            if (!isDirectory)
            {
                yield return (path, false);
                continue;
            }
            if (ignore.IsExcluded(path) && !ignore.MayReincludeUnder(path)) continue;
            yield return (path, true);
            foreach (var child in Walk(root, path, ignore)) yield return child;
        }
    }

    private static void AddDirectory(TarWriter writer, string relative, string full, DateTimeOffset modified)
    {
        var entry = new GnuTarEntry(TarEntryType.Directory, relative + "/")
        {
            ModificationTime = modified, AccessTime = modified, ChangeTime = modified,
            Mode = ModeOf(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute),
            Uid = 0,
            Gid = 0,
        };
        writer.WriteEntry(entry);
    }

    private static void AddFile(TarWriter writer, string relative, string full, DateTimeOffset modified)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is { } target)
        {
            writer.WriteEntry(new GnuTarEntry(TarEntryType.SymbolicLink, relative) { LinkName = target, ModificationTime = modified, AccessTime = modified, ChangeTime = modified });
            return;
        }
        using var content = File.OpenRead(full);
        var entry = new GnuTarEntry(TarEntryType.RegularFile, relative)
        {
            ModificationTime = modified, AccessTime = modified, ChangeTime = modified,
            Mode = ModeOf(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead),
            Uid = 0,
            Gid = 0,
            DataStream = content,
        };
        writer.WriteEntry(entry);
    }

    private static void AddText(TarWriter writer, string name, string text, DateTimeOffset modified)
    {
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, name)
        {
            ModificationTime = modified, AccessTime = modified, ChangeTime = modified,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            DataStream = content,
        });
    }

    private static UnixFileMode ModeOf(string path, UnixFileMode fallback) =>
        OperatingSystem.IsWindows() ? fallback : File.GetUnixFileMode(path);
}
