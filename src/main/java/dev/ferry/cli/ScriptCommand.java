package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.RemapRequest;
import dev.ferry.api.RunReport;
import dev.ferry.api.ScriptFormat;
import dev.ferry.api.UsersMapping;
import dev.ferry.endpoint.ConfigLoader;
import dev.ferry.endpoint.Credentials;
import dev.ferry.endpoint.FerryConfig;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.json.Json;
import dev.ferry.script.RemapSummary;
import dev.ferry.script.ScriptManifest;
import dev.ferry.script.ScriptTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry script}: SQL scripts for someone else to review and run. */
@Command(
    name = "script",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Writes SQL scripts for environments that take changes only as reviewed scripts.",
      "'inserts' writes the data as numbered INSERT files in load order; 'remap' writes the",
      "rerun-safe UPDATE script that rewrites user references of data already loaded.",
      ""
    },
    subcommands = {ScriptCommand.Inserts.class, ScriptCommand.Remap.class})
final class ScriptCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required (inserts, remap)");
  }

  /** Options both subcommands share: the source, the target's users, the dialect. */
  static final class Common {
    @Option(names = "--from", required = true, paramLabel = "ENDPOINT",
        description = "The source: a database (JDBC URL or ferry.yaml environment) or a bundle.")
    String from;

    @Option(names = "--dialect", required = true, paramLabel = "DIALECT",
        description = "The target dialect: postgres, mysql (MySQL and MariaDB) or sqlserver.")
    String dialect;

    @Option(names = "--to", paramLabel = "ENDPOINT",
        description = "The target environment's database, only to read its users for"
            + " --users-map (nothing is written there).")
    String to;

    @Option(names = "--target-users", paramLabel = "FILE",
        description = "An export (CSV or JSON) of the target's users instead of --to.")
    Path targetUsers;

    @Option(names = "--target-schema", paramLabel = "NAME",
        description = "Qualify tables with this schema (default: the source's where both engines"
            + " have schemas, else none).")
    String targetSchema;

    @Option(names = "--from-user", paramLabel = "NAME", description = "Source database user.")
    String fromUser;

    @Option(names = "--from-password-env", paramLabel = "VAR",
        description = "Read the source password from this environment variable.")
    String fromPasswordEnv;

    @Option(names = "--from-password-file", paramLabel = "FILE",
        description = "Read the source password from the first line of this file.")
    String fromPasswordFile;

    @Option(names = "--to-password-env", paramLabel = "VAR",
        description = "Read the target password from this environment variable.")
    String toPasswordEnv;

    @Option(names = "--json", description = "Print the result as JSON instead of a summary.")
    boolean json;

    @Mixin TableOptions tables;

    FerryConfig config(CommandSpec spec) {
      Path explicit = spec.findOption("--config") == null ? null
          : spec.findOption("--config").getValue();
      return explicit != null ? new ConfigLoader().load(explicit, true)
          : new ConfigLoader().load(Path.of("ferry.yaml"), false);
    }

    Endpoint source(FerryConfig config) {
      return TransferCommand.endpoint(config, from, null,
          new Credentials(fromUser, fromPasswordEnv, fromPasswordFile, null));
    }

    Endpoint usersOf(FerryConfig config) {
      return to == null ? null : TransferCommand.endpoint(config, to, false,
          new Credentials(null, toPasswordEnv, null, null));
    }

    void needIdentity(FerryConfig config) {
      if (config.identity() == null) {
        throw new FerryException(ErrorCode.CONFIGURATION, "--users-map needs an 'identity:'"
            + " section in " + (config.source() == null ? "ferry.yaml" : config.source())
            + " (which table holds the users, how they match)");
      }
    }
  }

  /** {@code ferry script inserts}. */
  @Command(
      name = "inserts",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = {
        "Writes every selected table as INSERT scripts, numbered in load order.",
        "Multi-row INSERTs with cycle fix-ups and identity moves, and manifest.json (SHA-256",
        "per file). The same inputs give byte-identical files. With --users-map the values",
        "are already remapped. With --merge (or 'tables:' in ferry.yaml) the rows are written",
        "as the dialect's native upsert by key, safe to run twice (docs/scripts.md).",
        ""
      },
      footer = {"", "Exit codes: 0 done; 2 bad input (--out not new, empty or ferry's); 4 refused"
          + " (values the dialect cannot hold, invalid map, --merge on a table without a key);"
          + " nothing is written then.",
          "Example:",
          "  ferry script inserts --from qa --dialect postgres --out scripts/ \\",
          "      --users-map user-map.csv --to uat"})
  static final class Inserts implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Mixin MergeOption merge;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "The directory for the scripts: new, empty, or holding earlier scripts.")
    Path out;

    @Option(names = "--users-map", paramLabel = "FILE",
        description = "Rewrite every user reference with this validated user-map.csv.")
    Path usersMap;

    @Option(names = "--rows-per-insert", paramLabel = "N", defaultValue = "100",
        description = "Rows per INSERT statement (default ${DEFAULT-VALUE}; SQL Server: <= 1000).")
    int rowsPerInsert;

    @Option(names = "--rows-per-file", paramLabel = "N", defaultValue = "100000",
        description = "Rows after which a table continues in its next file (default"
            + " ${DEFAULT-VALUE}).")
    long rowsPerFile;

    @Option(names = "--transaction", paramLabel = "file|batch", defaultValue = "file",
        description = "One transaction per file (default), or per --rows-per-transaction rows.")
    String transaction;

    @Option(names = "--rows-per-transaction", paramLabel = "N", defaultValue = "10000",
        description = "Rows per transaction with --transaction batch (default ${DEFAULT-VALUE}).")
    int rowsPerTransaction;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10000",
        description = "Rows read from the source at a time (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--report", paramLabel = "DIR",
        description = "Directory for run-report.json (default: ferry-runs/<run id>).")
    Path reportDir;

    @Override
    public Integer call() {
      if (!transaction.equals("file") && !transaction.equals("batch")) {
        throw new ParameterException(spec.commandLine(), "--transaction must be file or batch,"
            + " not '" + transaction + "'");
      }
      FerryConfig config = common.config(spec);
      if (merge.keys != null) {
        throw new ParameterException(spec.commandLine(), "--keys applies to copy and import:"
            + " a script cannot learn the keys its target generates; leave it out");
      }
      config.tables().stream().filter(t -> t.keys() != null
          && t.keys() != dev.ferry.api.KeyPolicy.PRESERVE).findFirst().ifPresent(t -> {
            throw new dev.ferry.error.FerryException(dev.ferry.error.ErrorCode.CONFIGURATION,
                t.where() + ": tables: '" + t.table() + "' has keys: " + t.keys().label()
                + ", which applies to copy and import: a script cannot learn the keys its"
                + " target generates. Write scripts with a ferry.yaml without it.");
          });
      ScriptFormat format = ScriptFormat.builder(common.dialect).rowsPerInsert(rowsPerInsert)
          .rowsPerFile(rowsPerFile).transactionPerFile(transaction.equals("file"))
          .rowsPerTransaction(rowsPerTransaction).targetSchema(common.targetSchema).build();
      CopyOptions options = CopyOptions.builder().schemas(common.tables.schemas)
          .filter(common.tables.filter()).batchSize(batchSize).reportDir(reportDir)
          .merge(merge.mode()).tableMerges(config.tables()).rowFilters(config.rowFilters())
          .build();
      UsersMapping users = null;
      if (usersMap != null) {
        common.needIdentity(config);
        users = new UsersMapping(config.identity(), usersMap, common.targetUsers,
            common.usersOf(config));
      }
      RunReport report = Ferry.scriptInserts(new CopyRequest(common.source(config),
          new Endpoint.Script(out, format), options, Map.of(), users),
          new ConsoleProgress(spec.commandLine().getErr(), System.console() != null));
      ScriptManifest manifest = readManifest();
      PrintWriter stdout = spec.commandLine().getOut();
      if (common.json) {
        stdout.print(Json.pretty(manifest));
      } else {
        stdout.println("Wrote " + manifest.files().size() + " " + manifest.dialect()
            + " script files (" + report.totals().rowsRead() + " rows) to " + out);
        for (ScriptManifest.FileEntry f : manifest.files()) {
          stdout.println("  " + f.file() + ": " + f.rows() + " rows, " + f.statements()
              + " statements");
        }
        manifest.notes().forEach(n -> stdout.println("  note: " + n));
        stdout.println("  run each file in order with: " + manifest.run());
        stdout.println("  manifest: " + out.resolve(ScriptTarget.MANIFEST));
      }
      stdout.flush();
      return 0;
    }

    private ScriptManifest readManifest() {
      try {
        return Json.mapper().readValue(Files.readString(out.resolve(ScriptTarget.MANIFEST)),
            ScriptManifest.class);
      } catch (IOException e) {
        throw new FerryException(ErrorCode.UNEXPECTED, "cannot read back "
            + out.resolve(ScriptTarget.MANIFEST) + ": " + FileFailure.reason(e), e);
      }
    }
  }

  /** {@code ferry script remap}. */
  @Command(
      name = "remap",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = {
        "Writes the UPDATE script that rewrites the user references of loaded data.",
        "For data loaded untransformed: per reference column, batches of mapped keys, one",
        "transaction each, recorded in the guard table ferry_remap_guard so a rerun changes",
        "nothing. Also writes the inverse script (<out>.inverse.sql), a dry-run listing",
        "(<out>.dry-run.sql) and a summary (<out>.json). The map is validated as for a copy.",
        ""
      },
      footer = {"", "Exit codes: 0 done; 2 bad input; 4 refused (the map is not valid, users left"
          + " to the create fallback, keys the dialect cannot write).",
          "Example:",
          "  ferry script remap --from qa --to uat --users-map user-map.csv \\",
          "      --dialect sqlserver --out remap.sql --pause 200"})
  static final class Remap implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--users-map", required = true, paramLabel = "FILE",
        description = "The validated user-map.csv.")
    Path usersMap;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "The script to write, e.g. remap.sql.")
    Path out;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500",
        description = "Mapped keys per UPDATE (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--pause", paramLabel = "MS", defaultValue = "0",
        description = "Pause between batches, in milliseconds (WAITFOR DELAY, pg_sleep, SLEEP).")
    int pauseMillis;

    @Option(names = "--all-keys",
        description = "Every mapped key in every column, not only the keys the source shows each"
            + " column holds (for targets that may hold references the source no longer has).")
    boolean allKeys;

    @Override
    public Integer call() {
      FerryConfig config = common.config(spec);
      common.needIdentity(config);
      Endpoint usersOf = common.usersOf(config);
      RemapSummary summary = Ferry.scriptRemap(new RemapRequest(common.source(config), usersOf,
          common.targetUsers, config.identity(), usersMap, common.tables.schemas,
          common.tables.filter(), common.dialect, out, batchSize, pauseMillis, allKeys,
          common.targetSchema));
      PrintWriter stdout = spec.commandLine().getOut();
      if (common.json) {
        stdout.print(Json.pretty(summary));
      } else {
        int batches = summary.columns().stream().mapToInt(RemapSummary.ColumnBatches::batches)
            .sum();
        stdout.println("Wrote the " + summary.dialect() + " remap script " + out + ": "
            + summary.columns().size() + " reference columns, " + batches + " batches of up to "
            + summary.batchSize() + " keys");
        for (RemapSummary.ColumnBatches c : summary.columns()) {
          stdout.println("  " + c.column() + ": " + c.keys() + " keys, " + c.batches()
              + " batches");
        }
        for (RemapSummary.FileSummary f : summary.files()) {
          stdout.println("  " + f.content() + ": " + f.file() + " (" + f.sha256() + ")");
        }
        if (summary.inverseProblem() != null) {
          stdout.println("  no inverse script: " + summary.inverseProblem());
        }
        if (summary.stagingNote() != null) {
          stdout.println("  note: " + summary.stagingNote());
        }
        stdout.println("  run with: " + summary.run() + "; the dry run first");
      }
      stdout.flush();
      return 0;
    }
  }
}
