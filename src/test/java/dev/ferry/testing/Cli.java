package dev.ferry.testing;

import dev.ferry.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the {@code ferry} command line in this JVM and captures what it prints: the command's own
 * writers, and whatever reaches {@code System.out}/{@code System.err} meanwhile (log lines).
 */
public final class Cli {

  private Cli() {}

  /** Runs {@code ferry args...}. */
  public static synchronized Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream systemOut = System.out;
    PrintStream systemErr = System.err;
    PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
    int exitCode;
    try {
      System.setOut(capture);
      System.setErr(capture);
      CommandLine cli = Main.newCommandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      exitCode = cli.execute(args);
    } finally {
      System.setOut(systemOut);
      System.setErr(systemErr);
    }
    return new Result(exitCode, out.toString(), err.toString(),
        logs.toString(StandardCharsets.UTF_8));
  }

  /**
   * What one run printed.
   *
   * @param exitCode the process exit code it would have had
   * @param out the command's standard output
   * @param err the command's standard error
   * @param logs what went to the process streams directly, such as log lines
   */
  public record Result(int exitCode, String out, String err, String logs) {

    /** Everything printed, for assertions that something appears nowhere. */
    public String all() {
      return out + err + logs;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err + "--- logs\n"
          + logs;
    }
  }
}
