using Delivery.Sandbox.Host;

// The sandbox host: Marathon emulator (+ ECR emulator) on loopback. Started by ./build.sh Sandbox.
SandboxOptions options;
try
{
    options = SandboxOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
await SandboxHost.Build(options).RunAsync();
return 0;
