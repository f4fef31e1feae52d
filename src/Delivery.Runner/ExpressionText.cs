using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Delivery.Runner;

/// <summary>
/// Prints a requirement expression the way it was written (<c>Instances > 0 &amp;&amp; Ready</c>). C# picks the
/// expression overload of <c>Requires</c> for any lambda, so there is no caller text to fall back on.
/// </summary>
internal static class ExpressionText
{
    public static string Of(Expression expression) => expression switch
    {
        MemberExpression { Expression: null or ConstantExpression or ParameterExpression } member => member.Member.Name,
        MemberExpression member when IsClosure(member.Expression) => member.Member.Name,
        MemberExpression member => $"{Of(member.Expression!)}.{member.Member.Name}",
        ConstantExpression { Value: null } => "null",
        ConstantExpression { Value: string text } => $"\"{text}\"",
        ConstantExpression { Value: bool flag } => flag ? "true" : "false",
        ConstantExpression constant => constant.Value?.ToString() ?? "null",
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary => Of(unary.Operand),
        UnaryExpression { NodeType: ExpressionType.Not } unary => $"!{Of(unary.Operand)}",
        BinaryExpression binary when Operator(binary.NodeType) is { } op =>
            $"{Wrap(binary.Left, binary.NodeType)} {op.Symbol} {Wrap(binary.Right, binary.NodeType)}",
        MethodCallExpression call => $"{(call.Object is null ? call.Method.DeclaringType?.Name : Of(call.Object))}.{call.Method.Name}({string.Join(", ", call.Arguments.Select(Of))})",
        _ => expression.ToString(),
    };

    // Parentheses only where C# needs them: a child that binds less tightly than its parent.
    static string Wrap(Expression child, ExpressionType parent) =>
        child is BinaryExpression binary && Operator(binary.NodeType) is { } inner && inner.Precedence < Operator(parent)!.Value.Precedence
            ? $"({Of(child)})"
            : Of(child);

    // Captured locals live on a compiler-generated closure class; its name means nothing to the reader.
    static bool IsClosure(Expression? expression) =>
        expression is MemberExpression { Expression: ConstantExpression constant }
        && constant.Type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    static (string Symbol, int Precedence)? Operator(ExpressionType type) => type switch
    {
        ExpressionType.Multiply => ("*", 7),
        ExpressionType.Divide => ("/", 7),
        ExpressionType.Add => ("+", 6),
        ExpressionType.Subtract => ("-", 6),
        ExpressionType.GreaterThan => (">", 5),
        ExpressionType.GreaterThanOrEqual => (">=", 5),
        ExpressionType.LessThan => ("<", 5),
        ExpressionType.LessThanOrEqual => ("<=", 5),
        ExpressionType.Equal => ("==", 4),
        ExpressionType.NotEqual => ("!=", 4),
        ExpressionType.AndAlso => ("&&", 3),
        ExpressionType.OrElse => ("||", 2),
        ExpressionType.Coalesce => ("??", 1),
        _ => null,
    };
}
