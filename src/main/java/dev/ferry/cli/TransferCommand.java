package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.StepScheduler;
import dev.ferry.api.MergeMode;
import dev.ferry.api.Endpoint;
import dev.ferry.api.RunReport;
import dev.ferry.api.UsersMapping;
import dev.ferry.endpoint.ConfigLoader;
import dev.ferry.endpoint.Credentials;
import dev.ferry.endpoint.Endpoints;
import dev.ferry.endpoint.FerryConfig;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What {@code copy}, {@code export} and {@code import} share: options, running, output. */
abstract class TransferCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** The top-level command: where the Spark runner hands over its scheduler. */
  @picocli.CommandLine.ParentCommand FerryCommand root;

  @Mixin EndpointCredentials credentials;

  @Option(names = "--dry-run",
      description = "Read and transform everything, write nothing; report what would be written.")
  boolean dryRun;

  @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "RUN_ID",
      description = "Continue a killed run: the given one, or without an id the last unfinished"
          + " run of the same plan on the target (else its last finished run, verified again;"
          + " a new run when there is none).")
  String resume;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10000",
      description = "Rows per chunk; each chunk commits with its checkpoint (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--parallel", paramLabel = "N",
      description = "Tables loaded at once, never breaking load order (default: the number of"
          + " processors, at least 2 and at most 4).")
  Integer parallel;

  @Option(names = "--split-rows", paramLabel = "N",
      description = "A table of at least N rows (the source's estimate) keyed by one integer"
          + " column loads as key ranges over several connections at once; 0 never splits"
          + " (default: 1000000; 200000 into PostgreSQL as a login that is no superuser, whose"
          + " foreign keys are checked row by row; --keys remap splits only when it is given).")
  Long splitRows;

  @Option(names = "--truncate-target",
      description = "Delete the target tables' rows first (the explicit way to replace data).")
  boolean truncateTarget;

  @Option(names = "--allow-triggers",
      description = "Load even where target triggers cannot be silenced (they will fire).")
  boolean allowTriggers;

  @Option(names = "--row-key-checks",
      description = "Let the target check foreign keys row by row while loading. By default a"
          + " principal that may (PostgreSQL superuser) loads without and proves every key"
          + " afterwards, in one pass per key.")
  boolean rowKeyChecks;

  @Option(names = "--keep-indexes",
      description = "Keep secondary indexes while loading. By default a table that is empty when"
          + " its load starts has its plain indexes (not unique, backing no constraint) dropped"
          + " and re-created once after the load, which is faster (PostgreSQL).")
  boolean keepIndexes;

  @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long to wait for a lock another session holds on a target table before"
          + " failing with who holds it, e.g. 500ms, 30s, 5m (default ${DEFAULT-VALUE}).")
  java.time.Duration lockTimeout;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Directory for run-report.json (default: ferry-runs/<run id>).")
  Path reportDir;

  @Option(names = "--json", description = "Print the run report as JSON instead of a summary.")
  boolean json;

  @Option(names = "--users-map", paramLabel = "FILE",
      description = "Rewrite every user reference with this validated user-map.csv (see 'ferry"
          + " users map'); the copy is refused unless the map validates.")
  Path usersMap;

  @Option(names = "--target-users", paramLabel = "FILE",
      description = "An export (CSV or JSON) of the target environment's users, for --users-map"
          + " when the target is not that environment's database (e.g. exporting a bundle).")
  Path targetUsers;

  @Mixin TableOptions tables;

  /** The source as typed. */
  abstract String from();

  /** The target as typed. */
  abstract String to();

  /** Whether the source must be / is read as a bundle: null when either may be. */
  Boolean sourceIsBundle() {
    return null;
  }

  /** Whether the target must be / is read as a bundle: null when either may be. */
  Boolean targetIsBundle() {
    return null;
  }

  /** The merge mode of every table ({@code --merge}: copy and import); null for none. */
  MergeMode merge() {
    return null;
  }

  /** The key policy of every table ({@code --keys}: copy and import); null for preserve. */
  dev.ferry.api.KeyPolicy keys() {
    return null;
  }

  /** {@code --create-schema}'s value ({@code new} or {@code reuse}); null without it. */
  String createSchema() {
    return null;
  }

  /** Compress bundle data files (export only). */
  boolean gzip() {
    return false;
  }

  @Override
  public Integer call() {
    FerryConfig config = config();
    CopyRequest request = request(config);
    PrintWriter err = spec.commandLine().getErr();
    ConsoleProgress progress = new ConsoleProgress(err, System.console() != null);
    String create = createSchema();
    StepScheduler steps = root == null ? null : root.steps;
    if (steps != null && create != null) {
      throw new FerryException(ErrorCode.USAGE, "--create-schema is not run by the Spark runner:"
          + " create the target's tables first (ferry schema, docs/schema.md), then run the copy");
    }
    RunReport report = create != null
        ? Ferry.copyCreatingSchema(request, "reuse".equals(create), config.casts(), progress)
        : steps != null ? Ferry.copy(request, progress, steps) : Ferry.copy(request, progress);
    return report(report);
  }

  /** The copy these options ask for, with {@code config}'s environments and rules. */
  CopyRequest request(FerryConfig config) {
    Endpoint from = endpoint(config, from(), sourceIsBundle(),
        credentials.from());
    Endpoint to = endpoint(config, to(), targetIsBundle(),
        credentials.to());
    CopyOptions options = CopyOptions.builder()
        .schemas(tables.schemas).filter(tables.filter()).dryRun(dryRun).resume(resume)
        .batchSize(batchSize)
        .parallel(parallel != null ? parallel : CopyOptions.DEFAULT_PARALLEL)
        .splitRows(splitRows != null ? splitRows : CopyOptions.DEFAULT_SPLIT_ROWS)
        .truncateTarget(truncateTarget)
        .allowTriggers(allowTriggers).rowKeyChecks(rowKeyChecks)
        .keepIndexes(keepIndexes).gzip(gzip()).reportDir(reportDir).lockTimeout(lockTimeout)
        .merge(merge()).tableMerges(config.tables())
        .rowFilters(config.rowFilters()).casts(config.casts()).keys(keys())
        .files(config.files())
        .build();
    UsersMapping users = null;
    if (usersMap != null) {
      if (config.identity() == null) {
        throw new FerryException(ErrorCode.CONFIGURATION, "--users-map needs an 'identity:'"
            + " section in " + (config.source() == null ? "ferry.yaml" : config.source())
            + " (which table holds the users, how they match); see docs/identity.md");
      }
      users = new UsersMapping(config.identity(), usersMap, targetUsers);
    }
    return new CopyRequest(from, to, options, Map.of(), users);
  }

  private Integer report(RunReport report) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(Json.pretty(report));
    } else {
      printSummary(report, out);
    }
    out.flush();
    if (!"done".equals(report.status())) {
      return ErrorCode.VERIFICATION_FAILED.exitCode();
    }
    // conflicts a mode records rather than refuses (docs/merge.md): the run is done, not clean
    boolean conflicts = report.totals().merge() != null && report.totals().merge().conflicts() > 0;
    return conflicts ? CONFLICTS_EXIT : 0;
  }

  /** The exit code of a run that recorded conflicts (docs/merge.md). */
  static final int CONFLICTS_EXIT = 3;

  FerryConfig config() {
    Path explicit = spec.findOption("--config") == null ? null
        : spec.findOption("--config").getValue();
    return explicit != null ? new ConfigLoader().load(explicit, true)
        : new ConfigLoader().load(Path.of("ferry.yaml"), false);
  }

  static Endpoint endpoint(FerryConfig config, String text, Boolean bundle,
      Credentials credentials) {
    Endpoints endpoints = new Endpoints(config, System::getenv);
    if (Boolean.TRUE.equals(bundle)) {
      return new Endpoint.Bundle(Path.of(text));
    }
    if (text.startsWith("jdbc:") || Boolean.FALSE.equals(bundle)
        || config.environment(text).isPresent()) {
      return new Endpoint.Database(endpoints.resolve(text, credentials));
    }
    if (Files.isDirectory(Path.of(text)) || text.contains("/")) {
      return new Endpoint.Bundle(Path.of(text));
    }
    return new Endpoint.Database(endpoints.resolve(text, credentials));
  }

  /** {@code 3 inserted, 1 updated, 96 unchanged, 0 skipped, 0 conflicts}. */
  private static String fates(RunReport.Fates f) {
    return f.inserted() + " inserted, " + f.updated() + " updated, " + f.unchanged()
        + " unchanged, " + f.skipped() + " skipped, " + f.conflicts() + " conflicts"
        + (f.deleted() == null ? "" : ", " + f.deleted() + " deleted")
        + (f.targetOnly() == null ? "" : ", " + f.targetOnly() + " target-only");
  }

  static void printSummary(RunReport r, PrintWriter out) {
    String verb = "dry-run".equals(r.mode()) ? "Dry run (nothing written)" : "Copied";
    out.println(verb + ": " + r.source() + " -> " + r.target());
    long rows = r.totals().rowsWritten();
    int steps = r.tables().size();
    out.println("  run " + r.runId() + (r.resumed() ? " (resumed)" : "") + ": " + rows
        + (rows == 1 ? " row in " : " rows in ") + steps + (steps == 1 ? " step, " : " steps, ")
        + r.totals().seconds() + " s");
    if (r.totals().merge() != null) {
      out.println("  merged: " + fates(r.totals().merge()));
    }
    for (RunReport.TableReport t : r.tables()) {
      out.println("  " + t.unit() + ": " + t.rowsWritten()
          + (t.rowsWritten() == 1 ? " row" : " rows")
          + (t.merge() == null ? "" : " (merge " + t.merge().mode() + ": "
              + fates(t.merge()) + ")")
          + (t.keys() == null ? "" : " (keys " + t.keys().policy() + ": " + t.keys().mapped()
              + " mapped, " + (t.keys().matched() == null ? ""
                  : t.keys().matched() + " matched, ") + t.keys().generated() + " generated)")
          + (t.rowsSkipped() > 0 ? " (+" + t.rowsSkipped() + " from before the resume)" : "")
          + ("skipped-done".equals(t.status()) ? " (done earlier, checked)" : "")
          + ("one-pass".equals(t.reading()) ? " (no key: one pass)" : ""));
    }
    if (!r.identityResets().isEmpty()) {
      out.println("  identities and sequences moved past the loaded keys: "
          + String.join(", ", r.identityResets()));
    }
    for (RunReport.OrphanCheck o : r.orphanChecks()) {
      out.println("  orphan check " + o.constraint() + ": "
          + (o.passed() ? "passed" : "FAILED, " + o.orphans() + " rows reference no parent"));
    }
    if (r.zeroDatesToNull() != null) {
      r.zeroDatesToNull().forEach((column, n) -> out.println("  zero dates to NULL " + column
          + ": " + n));
    }
    r.notes().forEach(n -> out.println("  note: " + n));
    r.problems().forEach(p -> out.println("  problem: " + p));
    out.println("  status: " + r.status());
  }
}
