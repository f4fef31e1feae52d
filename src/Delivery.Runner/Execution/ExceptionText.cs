using System.Reflection;

namespace Delivery.Runner.Execution;

/// <summary>
/// How a target's exception is shown. The runner does not reference Delivery.Core, so user errors are
/// recognised by name: a type that is, or derives from, one named <c>DeliveryException</c> shows its
/// message alone; anything else is a bug and shows <c>TypeName: message</c>.
/// </summary>
internal static class ExceptionText
{
    const string UserErrorTypeName = "DeliveryException";

    public static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        // A static field initialiser of the build class that throws arrives wrapped; its cause is the news.
        TypeInitializationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };

    public static string Describe(Exception exception)
    {
        exception = Unwrap(exception);
        return IsUserError(exception.GetType()) ? exception.Message : $"{exception.GetType().Name}: {exception.Message}";
    }

    static bool IsUserError(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.Name == UserErrorTypeName)
                return true;
        }
        return false;
    }
}
