package dev.ferry.testing;

import dev.ferry.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code ferry} command line in this JVM and captures what it prints. */
public final class Cli {

  private Cli() {}

  /** Runs {@code ferry args...}. */
  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /**
   * What one run printed.
   *
   * @param exitCode the process exit code it would have had
   * @param out standard output
   * @param err standard error
   */
  public record Result(int exitCode, String out, String err) {

    /** Both streams, for assertions that something appears nowhere. */
    public String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
