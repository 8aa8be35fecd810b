package dev.ferry.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code ferry}: the top-level command; every job is a subcommand ({@link Main} adds them, only
 * the one run where it can).
 */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Moves relational data between databases and proves that it arrived intact.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 done; 1 unexpected failure; 2 bad usage, configuration or input;",
      "  3 verification failed; 4 refused by a preflight check (nothing written).",
      "Example:",
      "  ferry inspect jdbc:postgresql://localhost/app?user=ferry --out inspect/",
      "Docs: README.md and docs/ in the ferry repository."
    })
public final class FerryCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Configuration file with environments (default ./ferry.yaml).")
  Path config;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log what happens, and print stack traces on failure.")
  boolean verbose;

  /** Where copy runs its load's steps: null for this process (docs/spark.md). */
  dev.ferry.api.StepScheduler steps;

  /** Where verify digests its units: null for this process (docs/spark.md). */
  dev.ferry.api.UnitScheduler units;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required (inspect, users,"
        + " copy, export, import, consolidate, sync, rollback, script, schema, fingerprint,"
        + " verify, demo, completion)");
  }
}
