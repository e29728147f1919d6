namespace Microsoft.ML.XlmRoberta.Notebooks.Tests;

/// <summary>The committed notebooks: all covered by the run tests, free of outputs, loading packages the Polyglot way.</summary>
[TestClass]
public sealed class NotebookSourceTests
{
    [TestMethod]
    public void EveryNotebookUnderSamplesIsRunByTheTests() =>
        CollectionAssert.AreEqual(Notebooks.All.Order(StringComparer.Ordinal).ToArray(), Notebooks.Committed());

    [TestMethod]
    public void CommittedNotebooksHoldNoOutputs()
    {
        foreach (string notebook in Notebooks.All)
        {
            string json = File.ReadAllText(Notebooks.FullPath(notebook));
            StringAssert.DoesNotMatch(json, new System.Text.RegularExpressions.Regex("\"outputs\": \\[\\s*[^\\]\\s]"), $"{notebook} has outputs");
            StringAssert.DoesNotMatch(json, new System.Text.RegularExpressions.Regex("\"execution_count\": [0-9]"), $"{notebook} has execution counts");
        }
    }

    [TestMethod]
    public void NotebooksLoadPackagesThePolyglotWay()
    {
        foreach (string notebook in Notebooks.All)
        {
            string[] cells = Notebooks.CodeCells(notebook);
            string[] setup = cells[0].Split('\n');
            Assert.IsTrue(setup[0].StartsWith(Notebooks.SourceLinePrefix, StringComparison.Ordinal), $"{notebook}: the first code cell starts with #i \"nuget: <feed>\"");
            Assert.IsTrue(setup[1].StartsWith(Notebooks.PackageLinePrefix, StringComparison.Ordinal), $"{notebook}: then #r \"nuget: Microsoft.ML.XlmRoberta, <version>\"");
            Assert.AreEqual("#r \"nuget: Microsoft.ML.OnnxRuntime, 1.31.0\"", setup[2], notebook);
            Assert.IsTrue(setup.All(l => l.StartsWith("#i \"nuget: ", StringComparison.Ordinal) || l.StartsWith("#r \"nuget: ", StringComparison.Ordinal)), $"{notebook}: the setup cell holds package directives only");
            foreach (string cell in cells)
            {
                foreach (string forbidden in new[] { "artifacts/bin", "artifacts\\bin", "SetDllImportResolver", "NativeLibrary", "DisableDllImportResolver" })
                {
                    Assert.IsFalse(cell.Contains(forbidden, StringComparison.Ordinal), $"{notebook} uses {forbidden}");
                }

                Assert.IsFalse(cell.Split('\n').Skip(cell == cells[0] ? 3 : 0).Any(l => l.StartsWith("#r \"", StringComparison.Ordinal) && !l.StartsWith("#r \"nuget: ", StringComparison.Ordinal)),
                    $"{notebook} references an assembly by path");
            }
        }
    }
}
