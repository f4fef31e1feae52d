using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Delivery.Ecr;

namespace Delivery.Tests.Ecr;

public class SigV4SignerTests
{
    // AWS's published SigV4 test suite, case "get-vanilla" (aws-sig-v4-test-suite): known request, known signature.
    [Fact]
    public void CanonicalRequest_GetVanilla_SdkSignsToPublishedSignature()
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = "example.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
        };
        var canonical = SigV4Signer.CanonicalRequest("GET", "/", "", headers, []);

        var result = AWS4Signer.ComputeSignature(
            new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
            "us-east-1", new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc), "service", "host;x-amz-date", canonical);

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", result.Signature);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            result.ForAuthorizationHeader);
    }

    [Fact]
    public void Sign_SessionCredentials_SignsTheSecurityToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:18443/") { Content = new ByteArrayContent([]) };

        SigV4Signer.Sign(request, [], new ImmutableCredentials("AK", "SK", "session-token"), "us-east-1", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal("session-token", request.Headers.GetValues("X-Amz-Security-Token").Single());
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", request.Headers.GetValues("Authorization").Single());
    }
}
