package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The {@code ferry} command line. */
public final class Main {

  private Main() {}

  /** Runs ferry and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** A fully configured command line; tests set its writers and call {@code execute}. */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new FerryCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionStrategy(parseResult -> {
      configureLogging(isVerbose(parseResult));
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cli;
  }

  /** Bad usage: one line saying what, a hint where to look, exit code 2. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("ferry: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return cmd.getExitCodeExceptionMapper() != null
        ? cmd.getExitCodeExceptionMapper().getExitCode(e)
        : cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Drivers stay quiet unless --verbose; java.util.logging (PgJDBC) is switched off likewise. */
  static void configureLogging(boolean verbose) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(verbose ? Level.INFO : Level.WARN);
    ((Logger) LoggerFactory.getLogger("dev.ferry")).setLevel(verbose ? Level.DEBUG : Level.WARN);
    java.util.logging.LogManager.getLogManager().reset();
    java.util.logging.Logger.getLogger("").setLevel(
        verbose ? java.util.logging.Level.INFO : java.util.logging.Level.OFF);
  }
}
