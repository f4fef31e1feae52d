using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Delivery.Sandbox.Contract;

/// <summary>
/// The request body bound of every listener the sandbox opens. Marathon definitions, ECR API calls and image manifests
/// are kilobytes (ECR refuses manifests over 4 MiB), so anything larger is refused before a byte of it is read or any
/// credential is checked; only an authenticated blob upload through the registry endpoint lifts the bound for its own
/// request, as a real registry takes layers of any size.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 4L * 1024 * 1024;

    public static void Apply(KestrelServerOptions kestrel) => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
}
