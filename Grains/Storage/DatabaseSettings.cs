namespace FinAegis.Grains.Storage;

/// <summary>The MySQL connection string grains and read-model queries use.</summary>
public sealed record DatabaseSettings(string ConnectionString);
