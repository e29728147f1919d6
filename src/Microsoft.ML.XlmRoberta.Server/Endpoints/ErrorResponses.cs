using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.ML.XlmRoberta.Server.Batching;

namespace Microsoft.ML.XlmRoberta.Server.Endpoints;

/// <summary>
/// Runs an endpoint and turns what it throws into a status and an error body in the API's shape: refusals (400/413),
/// a full queue (429 with <c>Retry-After</c>), a stopping server (503), model failures (500). A request whose client
/// went away gets no answer.
/// </summary>
internal sealed class ErrorResponses(ErrorShape shape, int retryAfterSeconds, ILogger logger)
{
    /// <summary>Status 499 (nginx's "client closed request"), recorded for requests whose client went away.</summary>
    private const int ClientClosedRequest = 499;

    public async Task RunAsync(HttpContext context, Func<HttpContext, Task> endpoint)
    {
        try
        {
            await endpoint(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = ClientClosedRequest;
        }
        catch (ApiException e)
        {
            await WriteAsync(context, e.StatusCode, e.Message, e.Param).ConfigureAwait(false);
        }
        catch (QueueFullException e)
        {
            context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteAsync(context, StatusCodes.Status429TooManyRequests, e.Message, null).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals while the body is read, e.g. 413 over MaxRequestBodyBytes.
            await WriteAsync(context, e.StatusCode, e.Message, null).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The server is stopping.", null).ConfigureAwait(false);
        }
        catch (Exception e) when (DynamicBatcher<int, int>.IsInputError(e))
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, e.Message, null).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Path} failed", context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, e.Message, null).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(HttpContext context, int status, string message, string? param)
    {
        if (context.Response.HasStarted)
        {
            context.Features.Get<IHttpResponseBodyFeature>()?.Stream.Close();
            return;
        }

        // TEI answers validation errors 422; OpenAI 400.
        if (shape == ErrorShape.Tei && status == StatusCodes.Status400BadRequest)
        {
            status = StatusCodes.Status422UnprocessableEntity;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body, JsonOutput.WriterOptions);
        writer.WriteStartObject();
        if (shape == ErrorShape.OpenAi)
        {
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", OpenAiType(status));
            WriteNullable(writer, "param", param);
            WriteNullable(writer, "code", status == StatusCodes.Status429TooManyRequests ? "rate_limit_exceeded" : null);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("error", message);
            writer.WriteString("error_type", TeiType(status));
        }

        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string OpenAiType(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "requests",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    private static string TeiType(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "overloaded",
        StatusCodes.Status413PayloadTooLarge => "validation",
        StatusCodes.Status404NotFound => "validation",
        StatusCodes.Status422UnprocessableEntity => "validation",
        StatusCodes.Status503ServiceUnavailable => "unhealthy",
        _ => "backend",
    };
}
