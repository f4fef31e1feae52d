using System.Net;
using Delivery.Ecr;

namespace Delivery.Tests.Ecr;

public class EcrErrorMappingTests
{
    public static TheoryData<int> ErrorCases()
    {
        var data = new TheoryData<int>();
        var cases = Fixtures.Load("10-error-bodies.json")["cases"]!.AsArray();
        for (var i = 0; i < cases.Count; i++)
            if (cases[i]!["status"]!.GetValue<int>() != 200) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task Call_FixtureErrorBody_ThrowsTypedErrorKeyedOnType(int index)
    {
        var fixture = Fixtures.Load("10-error-bodies.json")["cases"]![index]!;
        var status = fixture["status"]!.GetValue<int>();
        var (client, handler, time) = EcrTestClient.Create(_ => ScriptedHandler.Json(status, fixture["body"]!.ToJsonString()));

        var error = await Assert.ThrowsAsync<EcrApiException>(() =>
            EcrTestClient.RunAdvancing(time, () => client.CallAsync<DescribeImagesResponse>("DescribeImages", new { }, CancellationToken.None)));

        var bareType = fixture["body"]!["__type"]!.GetValue<string>().Split('#').Last();
        Assert.Equal(bareType, error.ErrorType);
        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.Equal(status >= 500, error.IsRetryable);
        Assert.Equal(error.IsRetryable ? 3 : 1, handler.Sent.Count);
    }

    [Theory]
    [InlineData("RepositoryNotFoundException", 400, EcrErrorKind.RepositoryNotFound)]
    [InlineData("com.amazonaws.ecr#RepositoryNotFoundException", 400, EcrErrorKind.RepositoryNotFound)]
    [InlineData("ImageTagAlreadyExistsException", 400, EcrErrorKind.ImageTagAlreadyExists)]
    [InlineData("ImageAlreadyExistsException", 400, EcrErrorKind.ImageAlreadyExists)]
    [InlineData("LayersNotFoundException", 400, EcrErrorKind.LayersNotFound)]
    [InlineData("LimitExceededException", 400, EcrErrorKind.LimitExceeded)]
    [InlineData("ThrottlingException", 400, EcrErrorKind.Throttling)]
    [InlineData("ServerException", 500, EcrErrorKind.Server)]
    [InlineData("AccessDeniedException", 400, EcrErrorKind.AccessDenied)]
    [InlineData("UnrecognizedClientException", 400, EcrErrorKind.UnrecognizedClient)]
    [InlineData("InvalidSignatureException", 403, EcrErrorKind.InvalidSignature)]
    [InlineData("SomethingNew", 503, EcrErrorKind.Server)]
    [InlineData("SomethingNew", 400, EcrErrorKind.Other)]
    public void KindOf_ErrorType_MapsToKind(string type, int status, EcrErrorKind expected) =>
        Assert.Equal(expected, EcrApiException.KindOf(EcrApiException.NormaliseErrorType(type, null), (HttpStatusCode)status));

    [Fact]
    public void NormaliseErrorType_NoBodyType_FallsBackToHeaderBeforeColon() =>
        Assert.Equal("ThrottlingException", EcrApiException.NormaliseErrorType(null, "ThrottlingException:http://internal.amazon.com/"));
}
