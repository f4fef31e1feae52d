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
