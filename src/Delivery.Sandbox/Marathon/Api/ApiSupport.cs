using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>
/// What every Marathon route shares: injected faults, requests only by a loopback name and JSON bodies only (checked
/// before authentication), HTTP basic auth, the X-Marathon-Leader header, and the mapping of
/// <see cref="MarathonApiException"/> to Marathon's error bodies.
/// </summary>
public static class ApiSupport
{
    public static RequestDelegate Handle(Func<HttpContext, Task> handler) => context =>
        ApiFaultMiddleware.InvokeAsync(context, () => HandleCoreAsync(context, handler));

    private static async Task HandleCoreAsync(HttpContext context, Func<HttpContext, Task> handler)
    {
        var options = context.RequestServices.GetRequiredService<MarathonEmulatorOptions>();
        if (!IsLoopbackName(context.Request.Host.Host))
        {
            // The emulator starts commands: a page in a browser must not reach it by a name that resolves here (DNS rebinding).
            await WriteJson(context, 403, new JsonObject { ["message"] = $"Host '{context.Request.Host.Host}' is not a loopback name; the sandbox answers requests addressed to 127.0.0.1 or localhost only." });
            return;
        }
        if (HasBody(context.Request) && !IsJson(context.Request.ContentType))
        {
            // Jersey's @Consumes(application/json): and a cross-site form POST (text/plain, form data) cannot start a task.
            await WriteJson(context, 415, new JsonObject { ["message"] = "Unsupported Media Type" });
            return;
        }
        context.Response.Headers["X-Marathon-Leader"] = $"http://{LeaderAddress(context, options)}";
        // /ping stays open, as Marathon serves it outside the authenticated API (load balancers probe it).
        if (options.Credentials is { } credentials && context.Request.Path != "/ping" && !Authorized(context.Request, credentials))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Mesosphere Marathon\"";
            await WriteJson(context, 401, new JsonObject { ["message"] = "Invalid username or password." });
            return;
        }
        try
        {
            await handler(context);
        }
        catch (MarathonApiException e) when (!context.Response.HasStarted)
        {
            await WriteJson(context, e.Status, e.Body);
        }
    }

    private static bool IsLoopbackName(string host) =>
        host is "localhost" or "[::1]" or "::1" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    private static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    public static string LeaderAddress(HttpContext context, MarathonEmulatorOptions options) =>
        options.LeaderAddress ?? (context.Request.Host.HasValue ? context.Request.Host.Value! : "127.0.0.1:8080");

    private static bool Authorized(HttpRequest request, MarathonCredentials credentials)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { return false; }
        var expected = Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}");
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded), expected);
    }

    public static async Task WriteJson(HttpContext context, int status, JsonNode body, string? deploymentId = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (deploymentId is not null) context.Response.Headers["Marathon-Deployment-Id"] = deploymentId;
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Reads a JSON object body with Marathon's 400 answers for empty or malformed input.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
            throw new MarathonApiException(400, new JsonObject
            {
                ["message"] = "Please specify data in JSON format", ["details"] = "No content to map due to end-of-input",
            });
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (JsonException e)
        {
            throw new MarathonApiException(400, new JsonObject { ["message"] = "Invalid JSON", ["details"] = e.Message });
        }
        return node as JsonObject ?? throw MarathonApiException.Invalid([("/", "error.expected.jsobject")], "Invalid JSON");
    }

    public static bool Flag(HttpContext context, string name, bool defaultValue)
    {
        var value = context.Request.Query[name].ToString();
        return value.Length == 0 ? defaultValue : value.Equals("true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Repeated or comma-separated query values (embed=a&amp;embed=b, status[]=...).</summary>
    public static List<string> Values(HttpContext context, params string[] names) =>
        names.SelectMany(n => context.Request.Query[n]).SelectMany(v => Render.Split(v)).ToList();

    public static bool WantsText(HttpContext context) =>
        context.Request.Headers.Accept.ToString().Contains("text/plain", StringComparison.OrdinalIgnoreCase)
        && !context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
}
