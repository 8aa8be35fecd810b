package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.Endpoint;
import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerifyRequest;
import dev.ferry.endpoint.ConfigLoader;
import dev.ferry.endpoint.Credentials;
import dev.ferry.endpoint.FerryConfig;
import dev.ferry.error.ErrorCode;
import dev.ferry.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry verify}: prove a target holds the source's data, or check a bundle on its own. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Proves that the target holds exactly the source's data.",
      "Row and NULL counts, checksums per column, rows compared by key (differing",
      "rows located and listed), and no orphans in the target; user references",
      "the user map rewrote are compared as map(source). Or, with --bundle,",
      "checks a bundle's files against its manifest. Writes verification.json.",
      "After a merge (--merge, --keys or tables: in ferry.yaml, as the copy was",
      "given them), each merged table is held to what its mode promises.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 every rule passed; 2 bad input (unreachable endpoint,",
      "  bad map); 3 a rule failed (verification.json says which and where).",
      "Examples:",
      "  ferry verify --from qa --to uat --out verify/",
      "  ferry verify --from qa --to uat --users-map user-map.csv --out verify/",
      "  ferry verify --from qa --to uat --merge skip --audit run/ --out verify/",
      "  ferry verify --bundle export/ --out verify/",
      "  ferry verify --manifest consolidation.yaml --out verify/"
    })
final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin EndpointCredentials credentials;

  @Option(names = "--from", paramLabel = "ENDPOINT",
      description = "The source: a JDBC URL, an environment of ferry.yaml, or a bundle.")
  String from;

  @Option(names = "--to", paramLabel = "ENDPOINT",
      description = "The target: a JDBC URL, an environment of ferry.yaml, or a bundle.")
  String to;

  @Option(names = "--bundle", paramLabel = "DIR",
      description = "Check this bundle on its own instead (no --from/--to).")
  Path bundle;

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "Verify a consolidation instead: each tenant of this migration manifest"
          + " against its rows in the target (no --from/--to; docs/consolidate.md).")
  Path manifest;

  @Option(names = "--tenant", paramLabel = "NAME",
      description = "With --manifest: verify this tenant only (repeatable; default: all).")
  java.util.List<String> tenants = new java.util.ArrayList<>();

  @Option(names = "--users-map", paramLabel = "FILE",
      description = "The user-map.csv the copy applied: references are compared as"
          + " map(source) against the target (needs identity: in ferry.yaml).")
  Path usersMap;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
      description = "Directory for verification.json (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--max-diffs", paramLabel = "N", defaultValue = "20",
      description = "Differing rows listed per table, orphans per reference"
          + " (default ${DEFAULT-VALUE}).")
  int maxDiffs;

  @Option(names = "--in-database",
      description = "Let PostgreSQL hash its own tables: fewer bytes over a slow network, but"
          + " slower where ferry has cores to spare (docs/perf.md). Default: ferry hashes.")
  boolean inDatabase;

  @Option(names = "--streaming", hidden = true,
      description = "Hash every table in ferry (the default; kept for older scripts).")
  boolean streaming;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10000",
      description = "Rows per chunk while streaming (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--parallel", paramLabel = "N",
      description = "Key ranges of a large table hashed at once on each side, each on its own"
          + " connection (default: the processors, 2 to 4).")
  Integer parallel;

  @Option(names = "--split-rows", paramLabel = "N", defaultValue = "1000000",
      description = "Hash a table of at least this many rows (by the source's estimate), keyed"
          + " by one integer column, as key ranges; 0 never splits (default ${DEFAULT-VALUE}).")
  long splitRows;

  @Option(names = "--json", description = "Print the report as JSON instead of a summary.")
  boolean json;

  @Mixin TableOptions tables;

  @Mixin MergeOption merge;

  @Option(names = "--audit", paramLabel = "FILE|DIR",
      description = "The merge-audit.jsonl of the copy (or its --report directory): proves that"
          + " the rows a skip merge kept are as it left them. Needed when a table is merged"
          + " with skip.")
  Path audit;

  /** The top-level command: where the Spark runner hands over its scheduler. */
  @picocli.CommandLine.ParentCommand FerryCommand root;

  @Override
  public Integer call() {
    VerificationReport report;
    if (manifest != null) {
      if (from != null || to != null || bundle != null || usersMap != null) {
        throw new ParameterException(spec.commandLine(), "--manifest verifies a consolidation:"
            + " its manifest names the sources and the target; leave out --from, --to, --bundle"
            + " and --users-map");
      }
      return ConsolidationSummary.verify(manifest, tenants, maxDiffs, batchSize, out, json,
          spec.commandLine().getOut());
    }
    if (!tenants.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--tenant names a tenant of --manifest;"
          + " give the manifest too");
    }
    if (bundle != null) {
      if (from != null || to != null || usersMap != null) {
        throw new ParameterException(spec.commandLine(), "--bundle checks a bundle on its own;"
            + " leave out --from, --to and --users-map, or leave out --bundle");
      }
      report = Ferry.verifyBundle(bundle, out);
    } else {
      if (from == null || to == null) {
        throw new ParameterException(spec.commandLine(), "give --from and --to (or --bundle DIR)");
      }
      FerryConfig config = config(spec);
      Endpoint source = TransferCommand.endpoint(config, from, null,
          credentials.from());
      Endpoint target = TransferCommand.endpoint(config, to, null,
          credentials.to());
      VerifyRequest request = VerifyRequest.builder(source, target).schemas(tables.schemas)
          .filter(tables.filter()).usersMap(usersMap).identity(config.identity())
          .maxDiffs(maxDiffs).streaming(!inDatabase).batchSize(batchSize).outDir(out)
          .rowFilters(config.rowFilters()).merge(merge.mode()).keys(merge.keys())
          .tableMerges(config.tables()).audit(audit).casts(config.casts())
          .files(config.files()).parallel(parallel == null
              ? dev.ferry.api.CopyOptions.DEFAULT_PARALLEL : parallel)
          .splitRows(splitRows).build();
      report = root != null && root.units != null ? Ferry.verify(request, root.units)
          : Ferry.verify(request);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.print(Json.pretty(report));
    } else {
      VerifySummary.print(report, out, stdout);
    }
    stdout.flush();
    return report.passed() ? 0 : ErrorCode.VERIFICATION_FAILED.exitCode();
  }

  /** The configuration named by {@code --config}, else ./ferry.yaml when there is one. */
  static FerryConfig config(CommandSpec spec) {
    Path explicit = spec.findOption("--config") == null ? null
        : spec.findOption("--config").getValue();
    return explicit != null ? new ConfigLoader().load(explicit, true)
        : new ConfigLoader().load(Path.of("ferry.yaml"), false);
  }
}
