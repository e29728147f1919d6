namespace Microsoft.ML.XlmRoberta.Server.Endpoints;

/// <summary>How an API family writes errors: OpenAI's <c>{"error": {...}}</c> or Text Embeddings Inference's <c>{"error", "error_type"}</c>.</summary>
internal enum ErrorShape
{
    OpenAi,
    Tei,
}
