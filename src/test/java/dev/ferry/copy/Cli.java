package dev.ferry.copy;

import dev.ferry.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the ferry command line in process, capturing output and exit code. */
final class Cli {

  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
    }
  }

  private Cli() {}

  static Run run(String... args) {
    return run(Main.newCommandLine(), args);
  }

  /** Runs {@code args} with the copy's load steps run by {@code steps}. */
  static Run scheduled(dev.ferry.api.StepScheduler steps, String... args) {
    return run(Main.newCommandLine(args, steps), args);
  }

  private static Run run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
