using System.IO.Compression;
using System.Xml.Linq;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Packages.Tests;

/// <summary>What is inside the packed packages: metadata, dependencies, payload and size.</summary>
[TestClass]
public sealed class PackageContentTests
{
    private const string Core = "Microsoft.ML.XlmRoberta.Core";
    private const string MLNet = "Microsoft.ML.XlmRoberta";
    private const string Tool = "Microsoft.ML.XlmRoberta.Cli";

    [TestMethod]
    [DataRow(Core)]
    [DataRow(MLNet)]
    [DataRow(Tool)]
    [DataRow(Tool + ".linux-x64")]
    public void EveryPackageHasTheMetadataUsersSee(string id)
    {
        PackedFeed feed = PackedFeed.Get();
        using ZipArchive package = ZipFile.OpenRead(feed.Package(id));
        XElement metadata = Child(Nuspec(package), "metadata")!;

        Assert.AreEqual(id, Child(metadata, "id")!.Value);
        Assert.AreEqual(feed.Version, Child(metadata, "version")!.Value);
        StringAssert.StartsWith(feed.Version, ReadVersionPrefix() + "-test.");
        Assert.IsFalse(string.IsNullOrWhiteSpace(Child(metadata, "description")?.Value), "description");
        StringAssert.Contains(Child(metadata, "tags")!.Value, "XLM-RoBERTa");
        Assert.AreEqual("MIT", Child(metadata, "license")!.Value);
        StringAssert.StartsWith(Child(metadata, "repository")!.Attribute("url")!.Value, "https://");
        Assert.AreEqual("README.md", Child(metadata, "readme")!.Value);
        Assert.IsNotNull(package.GetEntry("README.md"), "the readme file is in the package");
    }

    [TestMethod]
    [DataRow(Core, "Microsoft.ML.XlmRoberta.Core")]
    [DataRow(MLNet, "Microsoft.ML.XlmRoberta")]
    public void LibrariesShipTheirAssemblyDocsAndSymbols(string id, string assembly)
    {
        PackedFeed feed = PackedFeed.Get();
        using (ZipArchive package = ZipFile.OpenRead(feed.Package(id)))
        {
            ZipArchiveEntry dll = package.GetEntry($"lib/net10.0/{assembly}.dll") ?? throw new AssertFailedException($"{id} has no lib/net10.0/{assembly}.dll");
            Assert.IsTrue(dll.Length > 20_000, $"{assembly}.dll is {dll.Length} bytes: an empty assembly?");
            Assert.IsNotNull(package.GetEntry($"lib/net10.0/{assembly}.xml"), "XML docs");
        }

        using ZipArchive symbols = ZipFile.OpenRead(feed.Package(id, ".snupkg"));
        Assert.IsNotNull(symbols.GetEntry($"lib/net10.0/{assembly}.pdb"), "symbols package");
    }

    [TestMethod]
    public void LibrariesDependOnTheManagedOnnxRuntimeOnly()
    {
        PackedFeed feed = PackedFeed.Get();
        CollectionAssert.AreEquivalent(
            new[] { "Microsoft.ML.OnnxRuntime.Managed", "Microsoft.Extensions.AI.Abstractions", "System.Numerics.Tensors" },
            Dependencies(feed.Package(Core)).Where(d => !d.StartsWith("Microsoft.ML.Tokenizers", StringComparison.Ordinal)).ToArray(),
            "Core's dependencies (a native ONNX Runtime package is the application's choice)");
        CollectionAssert.AreEquivalent(
            new[] { "Microsoft.ML", Core },
            Dependencies(feed.Package(MLNet)).ToArray(),
            "the ML.NET binding's dependencies (no OnnxTransformer: the assembly does not use it)");
    }

    [TestMethod]
    public void TheToolIsSplitByPlatformAndSmall()
    {
        PackedFeed feed = PackedFeed.Get();
        string pointer = feed.Package(Tool);
        Assert.IsTrue(new FileInfo(pointer).Length < 100_000, "the pointer package holds no binaries");
        foreach (string rid in new[] { "linux-x64", "linux-arm64", "osx-arm64", "win-x64" })
        {
            string path = feed.Package($"{Tool}.{rid}");
            long size = new FileInfo(path).Length;
            Assert.IsTrue(size <= 60L * 1024 * 1024, $"{Path.GetFileName(path)} is {size / 1048576.0:F1} MB (limit 60 MB)");
            using ZipArchive package = ZipFile.OpenRead(path);
            string prefix = $"tools/net10.0/{rid}/";
            Assert.IsNotNull(package.GetEntry(prefix + "xlmr.dll"), $"{rid}: xlmr.dll");
            Assert.IsNotNull(package.GetEntry(prefix + "samples/multilingual.jsonl"), $"{rid}: the quickstart sample texts");
            string native = rid.StartsWith("win-", StringComparison.Ordinal) ? "onnxruntime.dll" : rid.StartsWith("osx-", StringComparison.Ordinal) ? "libonnxruntime.dylib" : "libonnxruntime.so";
            Assert.IsNotNull(package.GetEntry(prefix + native), $"{rid}: {native}");
            foreach (ZipArchiveEntry entry in package.Entries)
            {
                bool foreignWindowsNative = !rid.StartsWith("win-", StringComparison.Ordinal) && entry.Name.StartsWith("onnxruntime", StringComparison.Ordinal) && entry.Name.EndsWith(".dll", StringComparison.Ordinal);
                Assert.IsFalse(foreignWindowsNative, $"{rid} carries {entry.FullName}");
            }
        }
    }

    internal static XElement Nuspec(ZipArchive package)
    {
        ZipArchiveEntry entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using Stream stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    // Nuspec files use one of several schema namespaces: match by local name.
    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static IEnumerable<string> Dependencies(string packagePath)
    {
        using ZipArchive package = ZipFile.OpenRead(packagePath);
        XElement root = Nuspec(package);
        return root.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Distinct().ToList();
    }

    private static string ReadVersionPrefix()
    {
        XDocument props = XDocument.Load(Path.Combine(SharedFixtures.RepositoryRoot, "build", "Packaging.props"));
        return props.Descendants("VersionPrefix").Single().Value;
    }
}
