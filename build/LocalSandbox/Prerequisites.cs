using Delivery.Runner;

namespace LocalSandbox;

/// <summary>
/// The Debian packages the sandbox runs on. On a Debian-family machine as root they are installed with
/// apt-get (non-interactively, as CI needs); elsewhere the one command to run is printed instead.
/// </summary>
public static partial class Prerequisites
{
    // Program to look for → the Debian package that provides it.
    private static readonly (string Program, string Package)[] Required =
    [
        ("dockerd", "docker.io"),
        ("docker-registry", "docker-registry"),
        ("prometheus", "prometheus"),
        // Delivery metrics of every run are pushed to it (pipelines/environments/local.yaml: metrics.pushgateway).
        ("prometheus-pushgateway", "prometheus-pushgateway"),
        ("debootstrap", "debootstrap"),
        // The sample pipeline's hooks (smoke test, players) speak HTTP with curl.
        ("curl", "curl"),
    ];

    // Files to look for → their package: the HTML reports' charts need a font, or ScottPlot drops every label.
    private static readonly (string File, string Package)[] RequiredFiles =
    [
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "fonts-dejavu-core"),
    ];

    /// <summary>The effective user id, not the name: CI containers often run as uid 0 without a passwd entry.</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && geteuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();

    public static bool IsDebianFamily => File.Exists("/etc/debian_version") && ProcessRunner.Which("apt-get") is not null;

    public static IReadOnlyList<string> MissingPackages() =>
        Required.Where(r => ProcessRunner.Which(r.Program) is null).Select(r => r.Package)
            .Concat(RequiredFiles.Where(r => !File.Exists(r.File)).Select(r => r.Package)).ToList();

    public static async Task EnsureInstalledAsync(IBuildLog log, CancellationToken cancellationToken)
    {
        var missing = MissingPackages();
        if (missing.Count == 0)
            return;
        var command = $"apt-get install -y --no-install-recommends {string.Join(' ', missing)}";
        if (!IsRoot || !IsDebianFamily)
            throw new InvalidOperationException(
                $"Tried to start the sandbox but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not installed; run: sudo {command}");

        log.Information($"Installing what the sandbox needs: {command}");
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        // The package lists of a fresh machine may be empty; one update is cheap next to a failed install.
        await ProcessRunner.RunCheckedAsync("refresh the apt package lists", "apt-get", ["update", "-q"], cancellationToken, environment);
        await ProcessRunner.RunCheckedAsync($"install {string.Join(", ", missing)}", "apt-get",
            ["install", "-y", "-q", "--no-install-recommends", .. missing], cancellationToken, environment);
        // The Debian packages start their own services; the sandbox runs its own instances on its own ports.
        foreach (var service in new[] { "prometheus", "docker-registry", "prometheus-pushgateway" }.Where(missing.Contains))
            await ProcessRunner.RunAsync("service", [service, "stop"], cancellationToken);
    }
}
