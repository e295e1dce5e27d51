namespace FinAegis.Grains.Integrity;

/// <summary>
/// Every <see cref="IStreamProjection"/> of the Grains assembly, found by reflection: a new aggregate plugs into
/// verify and rebuild by adding its projection class, with no list to edit (and nothing to merge).
/// </summary>
public static class StreamProjections
{
    public static IReadOnlyList<IStreamProjection> All { get; } = Discover();

    private static List<IStreamProjection> Discover() => typeof(IStreamProjection).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }
            && typeof(IStreamProjection).IsAssignableFrom(t)
            && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IStreamProjection)Activator.CreateInstance(t)!)
        .ToList();
}
