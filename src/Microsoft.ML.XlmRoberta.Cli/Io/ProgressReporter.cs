using System.Diagnostics;
using System.Globalization;

namespace Microsoft.ML.XlmRoberta.Cli.Io;

/// <summary>
/// A one-line progress bar on stderr (records, rate and, when the input size is known, percentage and ETA), redrawn
/// at most five times a second. Only used when stderr is a terminal and <c>--quiet</c> is off.
/// </summary>
public sealed class ProgressReporter
{
    private const int Width = 24;
    private readonly TextWriter _error;
    private readonly Func<double?> _fraction;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDrawMs = -1000;
    private readonly string _unit;
    private bool _drawn;

    /// <summary>
    /// Draws on <paramref name="error"/>; <paramref name="fraction"/> tells how much of the work is done, if known;
    /// <paramref name="unit"/> names what <see cref="Report"/> counts.
    /// </summary>
    public ProgressReporter(TextWriter error, Func<double?> fraction, string unit = "records")
    {
        _error = error;
        _fraction = fraction;
        _unit = unit;
    }

    /// <summary>Reports that <paramref name="records"/> units are done.</summary>
    public void Report(long records)
    {
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastDrawMs < 200)
        {
            return;
        }

        _lastDrawMs = now;
        double seconds = Math.Max(now / 1000.0, 1e-3);
        double rate = records / seconds;
        double? fraction = _fraction();
        string line = fraction is double f && f > 0
            ? string.Create(CultureInfo.InvariantCulture, $"[{new string('#', (int)(f * Width)).PadRight(Width, '.')}] {f * 100,3:F0}% {records} {_unit} {rate:F1}/s ETA {TimeSpan.FromSeconds(seconds * (1 - f) / f):hh\\:mm\\:ss}")
            : string.Create(CultureInfo.InvariantCulture, $"{records} {_unit} {rate:F1}/s");
        _error.Write("\r" + line + "\u001b[K");
        _drawn = true;
    }

    /// <summary>Clears the bar.</summary>
    public void Finish()
    {
        if (_drawn)
        {
            _error.Write("\r\u001b[K");
        }
    }
}
