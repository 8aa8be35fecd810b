package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.ferry.error.Redactor;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The {@code ferry} command line. */
public final class Main {

  /** The subcommands, in the order help lists them. */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("inspect", InspectCommand::new);
    COMMANDS.put("users", UsersCommand::new);
    COMMANDS.put("copy", CopyCommand::new);
    COMMANDS.put("export", ExportCommand::new);
    COMMANDS.put("import", ImportCommand::new);
    COMMANDS.put("consolidate", ConsolidateCommand::new);
    COMMANDS.put("rollback", RollbackCommand::new);
    COMMANDS.put("sync", SyncCommand::new);
    COMMANDS.put("script", ScriptCommand::new);
    COMMANDS.put("schema", SchemaCommand::new);
    COMMANDS.put("fingerprint", FingerprintCommand::new);
    COMMANDS.put("verify", VerifyCommand::new);
    COMMANDS.put("demo", DemoCommand::new);
    COMMANDS.put("completion", CompletionCommand::new);
  }

  private Main() {}

  /** Runs ferry and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(newCommandLine(args).execute(args));
  }

  /**
   * Runs ferry's {@code copy} (or any command) with the load's steps run by {@code steps}
   * (docs/spark.md); returns the exit code {@link #main} would exit with.
   */
  public static int run(String[] args, dev.ferry.api.StepScheduler steps) {
    return newCommandLine(args, steps).execute(args);
  }

  /**
   * As {@link #run(String[], dev.ferry.api.StepScheduler)}, with {@code verify}'s units digested
   * by {@code units} (null: here).
   */
  public static int run(String[] args, dev.ferry.api.StepScheduler steps,
      dev.ferry.api.UnitScheduler units) {
    CommandLine cli = newCommandLine(args, steps);
    ((FerryCommand) cli.getCommand()).units = units;
    return cli.execute(args);
  }

  /** As {@link #newCommandLine(String[])}, its copy's load steps run by {@code steps}. */
  public static CommandLine newCommandLine(String[] args, dev.ferry.api.StepScheduler steps) {
    CommandLine cli = newCommandLine(args);
    ((FerryCommand) cli.getCommand()).steps = steps;
    return cli;
  }

  /**
   * The request {@code ferry copy} would run with {@code args} (which start with {@code copy}),
   * read the same way: the configuration file, environments and credentials as given.
   *
   * @throws dev.ferry.error.FerryException when they name no copy or are invalid
   */
  public static dev.ferry.api.CopyRequest copyRequest(String[] args) {
    CommandLine cli = newCommandLine(args);
    CommandLine.ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new dev.ferry.error.FerryException(dev.ferry.error.ErrorCode.USAGE,
          Redactor.scrub(e.getMessage()));
    }
    if (!parsed.hasSubcommand()
        || !(parsed.subcommand().commandSpec().userObject() instanceof CopyCommand copy)) {
      throw new dev.ferry.error.FerryException(dev.ferry.error.ErrorCode.USAGE,
          "the arguments name no copy: they must start with 'copy'");
    }
    return copy.request(copy.config());
  }

  /** A fully configured command line; tests set its writers and call {@code execute}. */
  public static CommandLine newCommandLine() {
    return newCommandLine(null);
  }

  /**
   * A fully configured command line for running {@code args}: with only the subcommand they
   * name when they name one (picocli reads every option of every command it is given, about a
   * fifth of a second at each start), with all of them otherwise (help, completion, mistakes).
   *
   * @param args the arguments to be run; null for a command line for any arguments
   */
  public static CommandLine newCommandLine(String[] args) {
    CommandLine cli = new CommandLine(new FerryCommand());
    String only = args == null ? null : commandOf(args);
    COMMANDS.forEach((name, command) -> {
      if (only == null || only.equals(name)) {
        cli.addSubcommand(name, command.get());
      }
    });
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionStrategy(parseResult -> {
      configureLogging(isVerbose(parseResult));
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cli;
  }

  /**
   * The subcommand {@code args} run, skipping the top-level options before it; null when they
   * run none, or one that needs all the others ({@code completion} describes them).
   */
  static String commandOf(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config")) {
        i++;
      } else if (!arg.startsWith("-")) {
        return COMMANDS.containsKey(arg) && !arg.equals("completion") ? arg : null;
      } else if (!arg.startsWith("--config=") && !arg.equals("-v") && !arg.equals("--verbose")) {
        return null;
      }
    }
    return null;
  }

  /**
   * Bad usage: one line saying what, a hint where to look, exit code 2. An unknown option is
   * named first whatever else is wrong: picocli checks required options before it reports the
   * arguments it did not match, so {@code copy --bogus-opt} would complain about {@code --from}.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    if (!(e instanceof CommandLine.UnmatchedArgumentException)) {
      List<String> unknown = UnknownOptions.of(cmd, args);
      if (!unknown.isEmpty()) {
        e = new CommandLine.UnmatchedArgumentException(cmd, unknown);
      }
    }
    PrintWriter err = cmd.getErr();
    err.println("ferry: " + Redactor.scrub(e.getMessage()));
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
    if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext)) {
      return; // another SLF4J provider (Spark's, under ferry-spark): its configuration rules
    }
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(verbose ? Level.INFO : Level.WARN);
    ((Logger) LoggerFactory.getLogger("dev.ferry")).setLevel(verbose ? Level.DEBUG : Level.WARN);
    java.util.logging.LogManager.getLogManager().reset();
    java.util.logging.Logger.getLogger("").setLevel(
        verbose ? java.util.logging.Level.INFO : java.util.logging.Level.OFF);
  }
}
