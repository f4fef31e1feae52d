using Delivery.Core;

namespace Delivery.Prometheus;

public enum PrometheusErrorKind
{
    /// <summary>Nothing answered at the address (refused, no route, name unknown).</summary>
    Unreachable,

    /// <summary>No answer within the request timeout.</summary>
    Timeout,

    /// <summary>Prometheus refused the query (400 bad_data, 422 execution): asking again gives the same answer.</summary>
    BadQuery,

    /// <summary>A 5xx: overloaded, restarting, or behind a proxy that is.</summary>
    ServerError,

    /// <summary>An answer that is not Prometheus's JSON envelope, or an unexpected result type.</summary>
    BadAnswer,
}

/// <summary>A failed read from Prometheus, in one line that names the server, the query and the cause.</summary>
public sealed class PrometheusException(PrometheusErrorKind kind, string message, int? status = null, string? errorType = null, Exception? inner = null)
    : DeliveryException(message, inner!)
{
    public PrometheusErrorKind Kind { get; } = kind;
    public int? Status { get; } = status;

    /// <summary>Prometheus's own <c>errorType</c> (<c>bad_data</c>, <c>execution</c>, <c>timeout</c>, …), when it said one.</summary>
    public string? ErrorType { get; } = errorType;

    /// <summary>Worth another try: every call is a read, so only the cause decides.</summary>
    public bool IsTransient => Kind is PrometheusErrorKind.Unreachable or PrometheusErrorKind.Timeout or PrometheusErrorKind.ServerError;
}
