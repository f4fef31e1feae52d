namespace Delivery.Core;

/// <summary>
/// A failure the user can act on (bad input, missing credentials, a refused push). The build program prints its
/// message as one line, without a stack trace. The message names the action, the object and the cause.
/// </summary>
public class DeliveryException : Exception
{
    public DeliveryException(string message) : base(message) { }
    public DeliveryException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// A request Delivery will not carry out as asked, with nothing changed: a rolled-back release without <c>--force</c>,
/// a restore whose image is gone, a promotion with nothing in flight. Exits with the bad-input code.
/// </summary>
public sealed class RequestRefusedException(string message) : DeliveryException(message);
