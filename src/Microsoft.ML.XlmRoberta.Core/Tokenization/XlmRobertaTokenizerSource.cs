namespace Microsoft.ML.XlmRoberta.Tokenization;

/// <summary>
/// Which tokenizer file of a Hugging Face model folder <see cref="XlmRobertaTokenizer"/> loads, and so whose behaviour it
/// reproduces.
/// </summary>
/// <remarks>
/// The two files give the same ids except in a few places: the fast tokenizer (<c>tokenizer.json</c>) keeps a
/// trailing <c>▁</c> (id 6) before <c>&lt;/s&gt;</c> when the text ends in whitespace, gives <c>[0, 6, 2]</c> for a
/// whitespace-only text, does not let <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;pad&gt;</c> or <c>&lt;unk&gt;</c>
/// written in the text swallow the whitespace next to them, and normalizes grapheme by grapheme. When both files are
/// present the default is <c>sentencepiece.bpe.model</c>: it is the model XLM-R was trained with (the fast file is
/// converted from it), transformers' slow <c>XLMRobertaTokenizer</c> is the reference this library is tested against,
/// and it keeps every existing caller's ids unchanged. Pick <see cref="TokenizerJson"/> to match
/// <c>AutoTokenizer</c>/<c>XLMRobertaTokenizerFast</c> instead.
/// </remarks>
public enum XlmRobertaTokenizerSource
{
    /// <summary><c>sentencepiece.bpe.model</c> when the folder has it, otherwise <c>tokenizer.json</c>.</summary>
    Default,

    /// <summary><c>sentencepiece.bpe.model</c>: the ids of transformers' slow <c>XLMRobertaTokenizer</c>.</summary>
    SentencePieceModel,

    /// <summary><c>tokenizer.json</c>: the ids of Hugging Face's Rust tokenizers (the fast tokenizer).</summary>
    TokenizerJson,
}
