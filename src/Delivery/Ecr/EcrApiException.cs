using System.Net;

namespace Delivery.Ecr;

/// <summary>What went wrong on an ECR call, keyed on the error's <c>__type</c>, never on its message text.</summary>
public enum EcrErrorKind
{
    Other,
    RepositoryNotFound,
    RepositoryAlreadyExists,
    ImageTagAlreadyExists,
    ImageAlreadyExists,
    ImageNotFound,
    LayersNotFound,
    LimitExceeded,
    InvalidParameter,
    Throttling,
    Server,
    AccessDenied,
    UnrecognizedClient,
    InvalidSignature,
    MissingAuthentication,
    ExpiredToken,
}

/// <summary>An ECR API call that answered with an error body. Keeps the operation, HTTP status, error type and message.</summary>
public sealed class EcrApiException : Exception
{
    public string Operation { get; }
    public HttpStatusCode Status { get; }
    public string ErrorType { get; }
    public EcrErrorKind Kind { get; }

    public EcrApiException(string operation, HttpStatusCode status, string errorType, string? message)
        : base($"ECR {operation} failed with {(int)status} {errorType}: {message}")
    {
        Operation = operation;
        Status = status;
        ErrorType = errorType;
        Kind = KindOf(errorType, status);
    }

    /// <summary>Only throttling and server faults are worth another try; every client fault would fail the same way again.</summary>
    public bool IsRetryable => Kind is EcrErrorKind.Throttling or EcrErrorKind.Server;

    public static EcrErrorKind KindOf(string errorType, HttpStatusCode status) => errorType switch
    {
        "RepositoryNotFoundException" => EcrErrorKind.RepositoryNotFound,
        "RepositoryAlreadyExistsException" => EcrErrorKind.RepositoryAlreadyExists,
        "ImageTagAlreadyExistsException" => EcrErrorKind.ImageTagAlreadyExists,
        "ImageAlreadyExistsException" => EcrErrorKind.ImageAlreadyExists,
        "ImageNotFoundException" => EcrErrorKind.ImageNotFound,
        "LayersNotFoundException" => EcrErrorKind.LayersNotFound,
        "LimitExceededException" => EcrErrorKind.LimitExceeded,
        "InvalidParameterException" or "ValidationException" => EcrErrorKind.InvalidParameter,
        "ThrottlingException" or "TooManyRequestsException" or "RequestLimitExceeded" => EcrErrorKind.Throttling,
        "ServerException" or "InternalFailure" or "ServiceUnavailable" or "ServiceUnavailableException" => EcrErrorKind.Server,
        "AccessDeniedException" => EcrErrorKind.AccessDenied,
        "UnrecognizedClientException" => EcrErrorKind.UnrecognizedClient,
        "InvalidSignatureException" or "SignatureDoesNotMatch" => EcrErrorKind.InvalidSignature,
        "MissingAuthenticationTokenException" => EcrErrorKind.MissingAuthentication,
        "ExpiredTokenException" => EcrErrorKind.ExpiredToken,
        // An unmodelled 5xx (a gateway, a load balancer) is a server fault too.
        _ when (int)status >= 500 => EcrErrorKind.Server,
        _ => EcrErrorKind.Other,
    };

    /// <summary>The error name as SDKs read it: <c>__type</c> with any <c>namespace#</c> prefix removed, else the <c>x-amzn-ErrorType</c> header before any <c>:</c>.</summary>
    public static string NormaliseErrorType(string? bodyType, string? headerType)
    {
        var raw = !string.IsNullOrWhiteSpace(bodyType) ? bodyType : headerType;
        if (string.IsNullOrWhiteSpace(raw)) return "UnknownError";
        var hash = raw.LastIndexOf('#');
        if (hash >= 0) raw = raw[(hash + 1)..];
        var colon = raw.IndexOf(':');
        if (colon >= 0) raw = raw[..colon];
        return raw.Trim();
    }
}
