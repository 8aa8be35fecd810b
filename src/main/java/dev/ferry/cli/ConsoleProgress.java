package dev.ferry.cli;

import dev.ferry.rows.Progress;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Progress on stderr: on a terminal, one line per table redrawn in place (rows, rows/s);
 * otherwise a plain line per table every 10 seconds and at its end, so CI logs stay readable.
 */
final class ConsoleProgress implements Progress {

  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final Map<String, long[]> started = new ConcurrentHashMap<>();

  ConsoleProgress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void started(String unit, long estimatedRows) {
    long now = System.nanoTime();
    started.put(unit, new long[] {now, now, estimatedRows});
  }

  @Override
  public synchronized void advanced(String unit, long total) {
    long[] times = started.get(unit);
    long now = System.nanoTime();
    if (terminal) {
      err.print("\r  " + unit + ": " + total + " rows, " + rate(times, now, total) + " rows/s"
          + eta(times, now, total) + "   ");
      err.flush();
    } else if (now - times[1] >= LOG_EVERY_NANOS) {
      times[1] = now;
      err.println("  " + unit + ": " + total + " rows so far, " + rate(times, now, total)
          + " rows/s" + eta(times, now, total));
      err.flush();
    }
  }

  @Override
  public synchronized void finished(String unit, long total) {
    long[] times = started.get(unit);
    long now = System.nanoTime();
    String rate = times == null ? "" : ", " + rate(times, now, total) + " rows/s";
    err.println((terminal ? "\r" : "") + "  " + unit + ": " + total + (total == 1 ? " row" : " rows") + rate
        + (times == null ? " (done earlier)" : "") + "          ");
    err.flush();
  }

  /** {@code , 42% ETA 1m05s} from the engine's row estimate; empty when there is none. */
  private static String eta(long[] times, long now, long total) {
    long estimate = times[2];
    long rate = rate(times, now, total);
    if (estimate <= 0 || total >= estimate || rate <= 0) {
      return "";
    }
    long seconds = (estimate - total) / rate;
    return ", " + (100 * total / estimate) + "% ETA " + (seconds >= 60 ? seconds / 60 + "m" : "")
        + String.format("%02ds", seconds % 60);
  }

  private static long rate(long[] times, long now, long total) {
    double seconds = (now - times[0]) / 1e9;
    return seconds <= 0 ? total : Math.round(total / seconds);
  }
}
