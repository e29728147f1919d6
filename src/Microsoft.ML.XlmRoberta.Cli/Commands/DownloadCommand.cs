using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Hub;
using Microsoft.ML.XlmRoberta.Cli.Io;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary><c>xlmr download</c>: a Hugging Face model repository into the shared hub cache.</summary>
internal static class DownloadCommand
{
    public static Command Create(CliContext context)
    {
        var repoId = new Argument<string>("repo-id") { Description = "Repository id, e.g. FacebookAI/xlm-roberta-base." };
        var revision = new Option<string>("--revision") { Description = "Branch, tag or commit.", DefaultValueFactory = _ => "main" };
        var include = new Option<string[]>("--include")
        {
            Description = "Only files matching these shell patterns (repeatable), e.g. --include 'onnx/*' --include '*.json'.",
            AllowMultipleArgumentsPerToken = true,
        };
        var offline = new Option<bool>("--offline") { Description = "Use only the cache (also HF_HUB_OFFLINE=1)." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Hub cache folder (default: HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr." };
        var command = new Command("download", """
            Download a model repository from the Hugging Face hub (HF_ENDPOINT, default https://huggingface.co; HF_TOKEN
            for gated or private repositories) into the hub cache shared with Python's huggingface_hub. Interrupted
            downloads resume; every file, also one already cached, is checked against the hub's size and SHA before it is
            linked into the snapshot, and nothing is written past a file's listed size. Stalled connections time out
            (HF_HUB_DOWNLOAD_TIMEOUT seconds, default 10 to connect and 30 without data); 5xx and 429 answers are retried.
            Prints the snapshot folder, a model folder to pass to --model or XLMR_MODEL. Any failure: exit 7, one line.

            Examples:
              xlmr download FacebookAI/xlm-roberta-base --include 'onnx/*' --include '*.json' --include '*.model'
              export XLMR_MODEL=$(xlmr download FacebookAI/xlm-roberta-base --offline)
            """);
        command.Arguments.Add(repoId);
        command.Options.Add(revision);
        command.Options.Add(include);
        command.Options.Add(offline);
        command.Options.Add(cacheDir);
        command.Options.Add(quiet);
        command.SetAction(result =>
        {
            var progress = result.GetValue(quiet) || !context.StandardErrorIsTerminal ? null : new DownloadProgress(context.StandardError);
            try
            {
                HubSettings settings = HubSettings.FromEnvironment(context.GetEnvironmentVariable);
                string? cache = result.GetValue(cacheDir);
                settings = settings with
                {
                    Offline = settings.Offline || result.GetValue(offline),
                    CacheDirectory = cache is null ? settings.CacheDirectory : Path.GetFullPath(cache, context.CurrentDirectory),
                };
                using var downloader = new HubDownloader(settings);
                string snapshot = downloader.DownloadAsync(result.GetValue(repoId)!, result.GetValue(revision)!, result.GetValue(include), progress)
                    .GetAwaiter().GetResult();
                progress?.Finish();
                using var stdout = new StreamWriter(context.StandardOutput, leaveOpen: true);
                stdout.WriteLine(snapshot);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is not CliException)
            {
                // Every failure of a download is exit 7 with one line: the hub and the cache are outside our control.
                progress?.Finish();
                string message = e is HubException or ArgumentException ? e.Message : $"download failed ({e.GetType().Name}: {e.Message})";
                throw new CliException(ExitCodes.DownloadError, message.ReplaceLineEndings(" "), e);
            }
        });
        return command;
    }

    private sealed class DownloadProgress : IProgress<HubDownloadProgress>
    {
        private readonly ProgressReporter _bar;
        private double? _fraction;

        public DownloadProgress(TextWriter error) => _bar = new ProgressReporter(error, () => _fraction, unit: "MB");

        public void Report(HubDownloadProgress value)
        {
            _fraction = value.TotalSize > 0 ? (double)value.TotalBytes / value.TotalSize : null;
            _bar.Report(value.TotalBytes / (1024 * 1024));
        }

        public void Finish() => _bar.Finish();
    }
}
