namespace FinAegis.Grains.EventStore;

/// <summary>One row for <see cref="Statement"/>; <see cref="Values"/> has exactly Statement.ColumnCount entries.</summary>
public sealed record ReadModelWrite(ReadModelStatement Statement, object?[] Values);
