namespace FinAegis.Tests.Infrastructure;

/// <summary>The test classes that share one two-silo cluster (each test uses fresh grain keys).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
