using System.IO.Compression;
using Microsoft.DotNet.Interactive;
using Microsoft.ML.XlmRoberta.Interactive;
using Microsoft.ML.XlmRoberta.TestSupport;

namespace Microsoft.ML.XlmRoberta.Notebooks.Tests;

/// <summary>
/// The kernel extension as .NET Interactive finds it: the DLLs in a package's <c>interactive-extensions/dotnet</c>
/// folder are loaded, and every public, instantiable <see cref="IKernelExtension"/> in them is created with its
/// parameterless constructor and given the kernel.
/// </summary>
[TestClass]
public sealed class KernelExtensionPackageTests
{
    [TestMethod]
    public void TheMLNetPackageCarriesOnlyTheExtensionAssemblyInItsExtensionFolder()
    {
        using ZipArchive package = ZipFile.OpenRead(PackedFeed.Get().Package("Microsoft.ML.XlmRoberta"));
        string[] extensionFiles = package.Entries.Where(e => e.FullName.StartsWith("interactive-extensions/", StringComparison.Ordinal)).Select(e => e.FullName).ToArray();
        CollectionAssert.AreEqual(new[] { "interactive-extensions/dotnet/Microsoft.ML.XlmRoberta.Interactive.dll" }, extensionFiles);

        // .NET Interactive itself is the kernel's: not in the package, not a dependency.
        Assert.IsFalse(package.Entries.Any(e => e.Name.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal)), "no .NET Interactive assemblies in the package");
        using StreamReader nuspec = new(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        StringAssert.DoesNotMatch(nuspec.ReadToEnd(), new System.Text.RegularExpressions.Regex("Microsoft\\.DotNet\\.Interactive|Microsoft\\.ML\\.XlmRoberta\\.Interactive"));
    }

    [TestMethod]
    public void TheExtensionAssemblyExportsOneLoadableKernelExtension()
    {
        Type[] extensions = typeof(XlmRobertaKernelExtension).Assembly.ExportedTypes
            .Where(t => typeof(IKernelExtension).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface && !t.IsGenericTypeDefinition)
            .ToArray();
        CollectionAssert.AreEqual(new[] { typeof(XlmRobertaKernelExtension) }, extensions);
        Assert.IsNotNull(typeof(XlmRobertaKernelExtension).GetConstructor(Type.EmptyTypes), "Activator.CreateInstance needs a public parameterless constructor");
    }
}
