using System.CommandLine;
using Microsoft.ML.XlmRoberta.Cli.Io;

namespace Microsoft.ML.XlmRoberta.Cli.Commands;

/// <summary>The options every record-processing command shares, and how they become a <see cref="RecordPipeline"/>.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Model { get; } = new("--model", "-m")
    {
        Description = "Hugging Face model folder (default: $XLMR_MODEL, then the fixture model of a repository checkout).",
    };

    public Option<string?> Input { get; } = new("--input", "-i")
    {
        Description = "Input file; '-' or absent reads stdin. JSON lines {\"text\": ..., \"text_pair\": ...}, plain text (one per line), CSV or TSV with a header.",
    };

    public Option<InputFormat> Format { get; } = new("--format")
    {
        Description = "Input format: auto (by extension: .csv, .tsv, .txt, .jsonl; otherwise JSON lines if the first line starts with '{', else plain text), jsonl, text, csv, tsv.",
        DefaultValueFactory = _ => InputFormat.Auto,
    };

    public Option<string> Column { get; } = new("--column")
    {
        Description = "The text column (CSV/TSV) or member (JSON lines).",
        DefaultValueFactory = _ => "text",
    };

    public Option<string?> PairColumn { get; } = new("--pair-column")
    {
        Description = "The second text of a pair: a CSV/TSV column, or a JSON member (default text_pair).",
    };

    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Where to write one row per input row; '-' or absent writes stdout. A file is written beside it (FILE.xlmr-partial) and replaces it only when the job succeeds.",
    };

    public Option<OutputFormat> OutputFormat { get; } = new("--output-format")
    {
        Description = "Output format: auto (.csv: CSV, .parquet: Parquet, else JSON lines), jsonl, csv, parquet (a file only: columns record, line, the --id-column, the result's members with vectors as list<float>, and error).",
        DefaultValueFactory = _ => Io.OutputFormat.Auto,
    };

    public Option<int?> MaxLength { get; } = new("--max-length")
    {
        Description = "Truncate to this many tokens, special tokens included (default: the model's model_max_length, 512).",
    };

    public Option<OnError> OnError { get; } = new("--on-error")
    {
        Description = "stop: exit at the first bad line (code 4); skip: write {\"error\",\"line\"} for it and go on (code 6).",
        DefaultValueFactory = _ => Io.OnError.Stop,
    };

    public Option<InvalidUtf8> InvalidUtf8 { get; } = new("--invalid-utf8")
    {
        Description = "Input bytes that are not UTF-8: error (that line is bad input, see --on-error) or replace (read as U+FFFD).",
        DefaultValueFactory = _ => Io.InvalidUtf8.Error,
    };

    public Option<bool> Resume { get; } = new("--resume")
    {
        Description = "Continue the interrupted job that wrote --output (same input and options); the result is the same as an uninterrupted run.",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "No progress bar and no summary on stderr.",
    };

    /// <summary>Whether the pair column holds a list of texts (multiple choice's choices) rather than one text.</summary>
    public bool PairIsList { get; init; }

    public Option<RecordShard?> Shard { get; } = new("--shard")
    {
        Description = "Process shard I of N (0-based): record k (0-based, in input order; blank lines and a CSV header are not records) belongs to shard k mod N, so N jobs on any machines cover the input exactly once.",
        HelpName = "I/N",
        CustomParser = RecordShard.Parse,
    };

    public Option<string?> IdColumn { get; } = new("--id-column")
    {
        Description = "The input's id column (CSV/TSV) or member (JSON lines), carried into Parquet output under its own name (Parquet output only).",
        HelpName = "NAME",
    };

    public Option<int> RowGroupSize { get; } = new("--row-group-size")
    {
        Description = "Parquet output: rows per row group; a killed job resumes (--resume) from the last complete row group.",
        DefaultValueFactory = _ => 8192,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Input);
        command.Options.Add(Format);
        command.Options.Add(Column);
        command.Options.Add(PairColumn);
        command.Options.Add(Output);
        command.Options.Add(OutputFormat);
        command.Options.Add(MaxLength);
        command.Options.Add(OnError);
        command.Options.Add(InvalidUtf8);
        command.Options.Add(Resume);
        command.Options.Add(Quiet);
        command.Options.Add(Shard);
        command.Options.Add(IdColumn);
        command.Options.Add(RowGroupSize);
        MaxLength.AtLeast(2, " (room for <s> and </s>)");
        RowGroupSize.AtLeast(1);
    }

    /// <summary>
    /// The pipeline for this command line; its paths are checked at once (usage errors before any work).
    /// <paramref name="modelFolder"/> is part of what a resumed job must share with the interrupted one.
    /// </summary>
    public RecordPipeline CreatePipeline(ParseResult result, CliContext context, string commandName, string modelFolder, int batchSize, params string[] spreadVectors)
    {
        RecordPipeline pipeline = NewPipeline(result, context, commandName, Fingerprint(result, context, commandName, modelFolder), batchSize, spreadVectors);
        pipeline.Validate();
        return pipeline;
    }

    /// <summary>
    /// The command, the model folder and every option given except those that do not shape the output (--resume,
    /// --quiet, --output), with paths made absolute: what must match for --resume.
    /// </summary>
    private string Fingerprint(ParseResult result, CliContext context, string commandName, string modelFolder)
    {
        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Option option in result.CommandResult.Command.Options)
        {
            if (option == Resume || option == Quiet || option == Output || result.GetResult(option) is not { Implicit: false } given)
            {
                continue;
            }

            string value = string.Join(",", given.Tokens.Select(t => t.Value));
            parts[option.Name] = option == Input && value is not ("" or "-") ? Path.GetFullPath(value, context.CurrentDirectory) : value;
        }

        var text = new System.Text.StringBuilder(commandName).Append(" model=").Append(modelFolder);
        foreach ((string name, string value) in parts)
        {
            text.Append(' ').Append(name).Append('=').Append(value);
        }

        return text.ToString();
    }

    private RecordPipeline NewPipeline(ParseResult result, CliContext context, string commandName, string fingerprint, int batchSize, string[] spreadVectors) => new(context, commandName)
    {
        Fingerprint = fingerprint,
        ReplaceInvalidUtf8 = result.GetValue(InvalidUtf8) == Io.InvalidUtf8.Replace,
        Resume = result.GetValue(Resume),
        InputPath = result.GetValue(Input),
        InputFormat = result.GetValue(Format),
        Column = result.GetValue(Column)!,
        PairColumn = result.GetValue(PairColumn),
        PairIsList = PairIsList,
        OutputPath = result.GetValue(Output),
        OutputFormat = result.GetValue(OutputFormat),
        SpreadVectors = spreadVectors,
        OnError = result.GetValue(OnError),
        Quiet = result.GetValue(Quiet),
        BatchSize = batchSize,
        Shard = result.GetValue(Shard),
        IdColumn = result.GetValue(IdColumn),
        RowGroupRows = result.GetValue(RowGroupSize),
    };
}
