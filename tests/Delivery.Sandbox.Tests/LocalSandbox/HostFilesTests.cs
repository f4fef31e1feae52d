using System.Diagnostics;
using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Tests.Infrastructure;
using LocalSandbox;

namespace Delivery.Sandbox.Tests.LocalSandbox;

/// <summary>
/// The build program starts the sandbox host from a copy of the files <see cref="HostFiles"/> picks out of its output
/// folder: that copy alone must start (here with the in-memory runtime, on free ports) and write its status.
/// </summary>
public sealed class HostFilesTests : IDisposable
{
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "delivery-host-files-" + Guid.NewGuid().ToString("n")[..8]);
    private Process? _host;

    [Fact]
    public async Task Of_TheHostBuiltBesideTheTests_ACopyOfThoseFilesStartsAndWritesItsStatus()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Delivery.Sandbox.dll");
        foreach (var file in HostFiles.Of(dll))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_copy, "bin", file))!);
            File.Copy(Path.Combine(AppContext.BaseDirectory, file), Path.Combine(_copy, "bin", file));
        }
        var port = Ports.Free();
        var state = Path.Combine(_copy, "state");
        _host = Process.Start(new ProcessStartInfo("dotnet",
        [
            Path.Combine(_copy, "bin", "Delivery.Sandbox.dll"), "--state-dir", state, "--runtime", "memory",
            "--marathon-port", port.ToString(), "--ecr-port", Ports.Free().ToString(), "--ecr-registry-port", Ports.Free().ToString(),
        ]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = _host.StandardOutput.ReadToEndAsync();
        var errors = _host.StandardError.ReadToEndAsync();

        var limit = Stopwatch.StartNew();
        SandboxStatus? status;
        while ((status = SandboxStatus.TryRead(SandboxStatus.PathIn(state))) is null && !_host.HasExited && limit.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100);

        if (status is null)
        {
            Kill();
            Assert.Fail($"the copied host wrote no status within 60 s:\n{await output}\n{await errors}");
        }
        Assert.Equal(SandboxPorts.Url(port), status.Marathon.Url);
        Assert.Equal(_host.Id, status.Pid);
    }

    private void Kill()
    {
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            _host.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _host?.Dispose();
        if (Directory.Exists(_copy))
            Directory.Delete(_copy, recursive: true);
    }
}
