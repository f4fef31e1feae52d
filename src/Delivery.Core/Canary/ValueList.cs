using System.Collections;

namespace Delivery.Core.Canary;

/// <summary>
/// A read-only list that compares by its items, so records holding one keep value equality (a plain
/// <see cref="IReadOnlyList{T}"/> member would compare by reference and break "the same inputs, the same decision").
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    public ValueList(IEnumerable<T> items) => _items = items.ToArray();

    public static ValueList<T> Empty { get; } = new([]);

    public T this[int index] => _items[index];
    public int Count => _items.Length;
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && _items.SequenceEqual(other._items);
    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);
    public override int GetHashCode() => _items.Aggregate(_items.Length, (hash, item) => HashCode.Combine(hash, item));
    public override string ToString() => $"[{string.Join(", ", _items)}]";
}
