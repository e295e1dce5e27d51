using System.Reflection;
using FinAegis.Api.Hosting;
using FinAegis.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace FinAegis.Tests.Operations;

/// <summary>
/// No Docker engine runs here: these read docker-compose.yml and the Dockerfiles and check that they agree with the
/// code (images, ports, variables the hosts actually bind, the migrate flag, the published DLL names).
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string _root = FindRoot();
    private static readonly YamlMappingNode _services = LoadServices();

    [Fact]
    public void Mysql_is_8_0_in_utc_with_a_volume_and_a_health_check()
    {
        var mysql = Service("mysql");
        Assert.Equal("mysql:8.0", Scalar(mysql, "image"));
        Assert.Contains("--default-time-zone=+00:00", Sequence(mysql, "command"));
        Assert.Contains(Sequence(mysql, "volumes"), volume => volume.EndsWith(":/var/lib/mysql", StringComparison.Ordinal));
        Assert.True(((YamlMappingNode)mysql["healthcheck"]).Children.ContainsKey("test"));
        Assert.Equal("finaegis", Env(mysql)["MYSQL_DATABASE"]);
    }

    [Fact]
    public void Migrations_run_once_before_the_silos_and_silos_scale_without_host_ports()
    {
        var migrate = Service("migrate");
        Assert.Equal([SiloSettings.MigrateOnlyFlag], Sequence(migrate, "command"));
        Assert.Equal("service_healthy", DependsOn(migrate)["mysql"]);
        Assert.Equal("Silo/Dockerfile", Scalar((YamlMappingNode)migrate["build"], "dockerfile"));

        var silo = Service("silo");
        Assert.Equal(Scalar(migrate, "image"), Scalar(silo, "image"));
        Assert.Equal("service_completed_successfully", DependsOn(silo)["migrate"]);
        Assert.False(silo.Children.ContainsKey("ports"), "a scaled silo service cannot publish fixed host ports");
        Assert.False(silo.Children.ContainsKey("container_name"), "a scaled service cannot have a fixed container name");
        Assert.False(Env(silo).ContainsKey("FINAEGIS_ADVERTISED_IP"), "each replica advertises its own address (entrypoint)");
        Assert.Contains("FINAEGIS_ADVERTISED_IP", File.ReadAllText(Path.Combine(_root, "Silo", "docker-entrypoint.sh")), StringComparison.Ordinal);
        // Outside a container a silo listens on its advertised address only; inside, on the container's interfaces.
        Assert.Contains("FINAEGIS_SILO_BIND=0.0.0.0", File.ReadAllText(Path.Combine(_root, "Silo", "Dockerfile")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_listens_on_5080_on_all_interfaces()
    {
        var api = Service("api");
        Assert.Contains("5080:5080", Sequence(api, "ports"));
        Assert.Equal("5080", Env(api)["FINAEGIS_API_PORT"]);
        Assert.Equal("0.0.0.0", Env(api)["FINAEGIS_API_BIND"]);
        Assert.Equal("Api/Dockerfile", Scalar((YamlMappingNode)api["build"], "dockerfile"));
    }

    [Fact]
    public void Every_variable_is_one_the_host_binds_and_the_connection_strings_agree()
    {
        var siloKeys = KeysOf(typeof(SiloSettings));
        var apiKeys = KeysOf(typeof(ApiSettings));
        foreach (var (service, keys) in new[] { ("migrate", siloKeys), ("silo", siloKeys), ("api", apiKeys) })
        {
            var environment = Env(Service(service));
            Assert.All(environment.Keys, key => Assert.Contains(key, keys));
            Assert.Contains("Server=mysql;", environment["FINAEGIS_MYSQL"], StringComparison.Ordinal);
        }
        Assert.Equal(Env(Service("silo"))["FINAEGIS_MYSQL"], Env(Service("api"))["FINAEGIS_MYSQL"]);
        Assert.Equal(Env(Service("silo"))["FINAEGIS_CLUSTER_ID"], Env(Service("api"))["FINAEGIS_CLUSTER_ID"]);
        Assert.Contains("Database=finaegis;", Env(Service("silo"))["FINAEGIS_MYSQL"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Silo/Dockerfile", typeof(SiloSettings), "Silo/Silo.csproj")]
    [InlineData("Api/Dockerfile", typeof(ApiSettings), "Api/Api.csproj")]
    public void Dockerfiles_are_multi_stage_non_root_and_run_the_right_assembly(string dockerfile, Type hostType, string project)
    {
        var text = File.ReadAllText(Path.Combine(_root, dockerfile));
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", text, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", text, StringComparison.Ordinal);
        Assert.Contains($"dotnet publish {project}", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^USER app\s*$", text);
        var dll = hostType.Assembly.GetName().Name + ".dll";
        var entry = dockerfile.StartsWith("Silo", StringComparison.Ordinal) ? File.ReadAllText(Path.Combine(_root, "Silo", "docker-entrypoint.sh")) : text;
        Assert.Contains($"/app/{dll}", entry, StringComparison.Ordinal);
        // Every COPY source exists, so the build context has what the project needs, and the repository-wide build
        // files (MSBuild imports them by walking up the tree: a missing one changes the build silently) are copied.
        var copied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(line => line.StartsWith("COPY ", StringComparison.Ordinal) && !line.Contains("--from", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(part => !part.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var source in parts.Take(parts.Count - 1))
            {
                Assert.True(File.Exists(Path.Combine(_root, source)) || Directory.Exists(Path.Combine(_root, source)), $"{dockerfile}: {source} does not exist");
                copied.Add(source);
            }
        }
        foreach (var buildFile in Directory.GetFiles(_root, "Directory.*").Select(Path.GetFileName).Append("global.json"))
        {
            Assert.Contains(buildFile!, copied);
        }
    }

    private static HashSet<string> KeysOf(Type settings) => settings.GetProperties()
        .Select(property => property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name)
        .OfType<string>().ToHashSet(StringComparer.Ordinal);

    private static YamlMappingNode Service(string name) => (YamlMappingNode)_services[name];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node[key]).Children.Select(child => ((YamlScalarNode)child).Value!).ToList();

    private static Dictionary<string, string> Env(YamlMappingNode service) =>
        ((YamlMappingNode)service["environment"]).Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value!);

    private static Dictionary<string, string> DependsOn(YamlMappingNode service) =>
        ((YamlMappingNode)service["depends_on"]).Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!,
            pair => Scalar((YamlMappingNode)pair.Value, "condition"));

    private static YamlMappingNode LoadServices()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(_root, "docker-compose.yml"));
        stream.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FinAegis.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("FinAegis.sln not found above the test binaries.");
    }
}
