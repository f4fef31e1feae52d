using Delivery.Sandbox.Tests.Infrastructure;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>
/// Tests that deploy onto the shared sandbox run one after another: a zone failure or a burst of containers in one
/// must not be seen by another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SandboxMarathonCollection : ICollectionFixture<LobbyFixture>
{
    public const string Name = "sandbox marathon";
}
