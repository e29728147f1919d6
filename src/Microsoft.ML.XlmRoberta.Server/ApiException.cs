namespace Microsoft.ML.XlmRoberta.Server;

/// <summary>A request the server refuses: the HTTP status and a message for the client (written in each API's error shape).</summary>
internal sealed class ApiException(int statusCode, string message, string? param = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The request member at fault (OpenAI's <c>param</c>), if one is.</summary>
    public string? Param { get; } = param;

    public static ApiException BadRequest(string message, string? param = null) => new(StatusCodes.Status400BadRequest, message, param);

    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);
}
