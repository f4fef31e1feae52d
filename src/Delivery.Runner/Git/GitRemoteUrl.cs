namespace Delivery.Runner.Git;

/// <summary>
/// Splits a remote URL into protocol, host and repository path: <c>https://github.com/acme/delivery.git</c>,
/// <c>ssh://git@host:2222/acme/delivery.git</c> and the scp-like <c>git@github.com:acme/delivery.git</c> all give
/// host and <c>acme/delivery</c>. A local path has no host; its identifier is the path.
/// </summary>
internal static class GitRemoteUrl
{
    public static (string? Protocol, string? Endpoint, string Identifier) Parse(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
            return (uri.Scheme, uri.Host, Trim(uri.AbsolutePath));
        // scp-like syntax: [user@]host:path, told apart from a Windows drive (C:\…) by the host's length.
        var colon = url.IndexOf(':');
        if (colon > 1 && !url.Contains("://", StringComparison.Ordinal) && url.IndexOf('/') is var slash && (slash < 0 || slash > colon))
        {
            var host = url[..colon];
            var at = host.LastIndexOf('@');
            return ("ssh", at >= 0 ? host[(at + 1)..] : host, Trim(url[(colon + 1)..]));
        }
        return (null, null, url);
    }

    static string Trim(string path)
    {
        path = path.Trim('/');
        return path.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path;
    }
}
