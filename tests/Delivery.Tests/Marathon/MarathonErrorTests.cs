using System.Net;
using Delivery.Core;
using Delivery.Marathon;

namespace Delivery.Tests.Marathon;

public class MarathonErrorTests
{
    private static readonly MarathonApp Lobby = new() { Id = "/games/lobby", Instances = 6 };

    [Fact]
    public async Task PutApp_Fixture10Locked_NamesTheHoldingDeployments()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("PUT /v2/apps/games/lobby", HttpStatusCode.Conflict, "10-error-409-app-locked.json");

        var error = await Assert.ThrowsAsync<MarathonAppLockedException>(() => h.Run(c => c.PutAppAsync(Lobby)));

        Assert.Equal(["97c136bf-5a28-4821-9d94-480d9fbb01c8"], error.DeploymentIds);
        Assert.StartsWith("Tried to update app /games/lobby but failed because Marathon answered 409: App is locked by one or more deployments.", error.Message);
        Assert.EndsWith("Locked by deployment(s) 97c136bf-5a28-4821-9d94-480d9fbb01c8.", error.Message);
        Assert.Single(h.Stub.Requests);
    }

    [Fact]
    public async Task CreateApp_Fixture11Exists_IsAppExists()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("POST /v2/apps", HttpStatusCode.Conflict, "11-error-409-app-exists.json");

        var error = await Assert.ThrowsAsync<MarathonAppExistsException>(() => h.Run(c => c.CreateAppAsync(new MarathonApp { Id = "/existing_app" })));

        Assert.Equal("Tried to create app /existing_app but failed because Marathon answered 409: An app with id [/existing_app] already exists.", error.Message);
    }

    [Fact]
    public async Task PutApp_Fixture12Validation_KeepsPathsAndErrors()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("PUT /v2/apps/games/lobby", (HttpStatusCode)422, "12-error-422-validation.json");

        var error = await Assert.ThrowsAsync<MarathonValidationException>(() => h.Run(c => c.PutAppAsync(Lobby)));

        Assert.Equal(422, (int)error.StatusCode!);
        Assert.Equal(new MarathonValidationDetail("/upgradeStrategy/minimumHealthCapacity", ["is greater than 1"]).ToString(), Assert.Single(error.Details).ToString());
        Assert.Contains("Object is not valid (/upgradeStrategy/minimumHealthCapacity: is greater than 1)", error.Message);
    }

    [Fact]
    public async Task CreateApp_Fixture13InvalidJson_ReadsArrayDetails()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("POST /v2/apps", HttpStatusCode.BadRequest, "13-error-400-invalid-json.json");

        var error = await Assert.ThrowsAsync<MarathonValidationException>(() => h.Run(c => c.CreateAppAsync(Lobby)));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("/id", Assert.Single(error.Details).Path);
        Assert.Equal(["error.expected.jsstring"], error.Details[0].Errors);
    }

    [Fact]
    public async Task CreateApp_InvalidJsonWithStringDetails_ReadsTheString()
    {
        var h = new ClientHarness();
        h.Stub.On("POST /v2/apps", HttpStatusCode.BadRequest, "{\"message\":\"Invalid JSON\",\"details\":\"Unexpected end-of-input at line 1\"}");

        var error = await Assert.ThrowsAsync<MarathonValidationException>(() => h.Run(c => c.CreateAppAsync(Lobby)));

        Assert.Equal(["Unexpected end-of-input at line 1"], Assert.Single(error.Details).Errors);
    }

    [Fact]
    public async Task ScaleApp_Fixture14NotFound_ThrowsNotFound()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("PUT /v2/apps/not_existent", HttpStatusCode.NotFound, "14-error-404-app-not-found.json");

        var error = await Assert.ThrowsAsync<MarathonNotFoundException>(() => h.Run(c => c.RollbackAppAsync("/not_existent", "2014-03-01T23:17:50.295Z")));

        Assert.Equal("Tried to roll back app /not_existent to version 2014-03-01T23:17:50.295Z but failed because Marathon answered 404: App '/not_existent' does not exist", error.Message);
    }

    [Fact]
    public async Task GetApp_Unauthorized_NamesCredentialsButNotTheSecret()
    {
        var h = new ClientHarness(new() { ["M_USER"] = "deployer", ["M_PASS"] = "s3cr3t-value" }, "M_USER", "M_PASS");
        h.Stub.On("GET /v2/apps/games/lobby", HttpStatusCode.Unauthorized, "{\"message\":\"Invalid username or password.\"}");

        var error = await Assert.ThrowsAsync<MarathonAuthorizationException>(() => h.Run(c => c.GetAppAsync("/games/lobby")));

        Assert.Equal("Basic " + Convert.ToBase64String("deployer:s3cr3t-value"u8.ToArray()), h.Stub.Requests[0].Authorization);
        Assert.StartsWith("Tried to get app /games/lobby but failed because Marathon answered 401: Invalid username or password.", error.Message);
        Assert.DoesNotContain("s3cr3t", error.ToString());
        Assert.DoesNotContain(Convert.ToBase64String("deployer:s3cr3t-value"u8.ToArray()), error.ToString());
    }

    [Fact]
    public async Task ListApps_Forbidden_IsAuthorizationError()
    {
        var h = new ClientHarness();
        h.Stub.On("GET /v2/apps", HttpStatusCode.Forbidden, "{\"message\":\"Not Authorized to perform this action!\"}");

        var error = await Assert.ThrowsAsync<MarathonAuthorizationException>(() => h.Run(c => c.ListAppsAsync()));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public void Create_PasswordVariableUnset_NamesTheVariableOnly()
    {
        var endpoint = new Core.Pipelines.MarathonEndpoint(new Uri("https://m.example.com"), "M_USER", "M_PASS");

        var error = Assert.Throws<DeliveryException>(() =>
            MarathonClientFactory.Create(endpoint, TimeProvider.System, name => name == "M_USER" ? "deployer" : null));

        Assert.Equal("Tried to authenticate to Marathon at https://m.example.com/ but failed because environment variable M_PASS is not set.", error.Message);
    }

    [Fact]
    public async Task GetApp_UnexpectedBody_SaysTheAnswerWasNotDocumented()
    {
        var h = new ClientHarness();
        h.Stub.On("GET /v2/apps/games/lobby", HttpStatusCode.OK, "<html>proxy login</html>", "text/html");

        var error = await Assert.ThrowsAsync<MarathonException>(() => h.Run(c => c.GetAppAsync("/games/lobby")));

        Assert.StartsWith("Tried to get app /games/lobby but failed because Marathon's answer (200) was not what its API documents", error.Message);
        Assert.Contains("<html>proxy login</html>", error.Message);
    }
}
