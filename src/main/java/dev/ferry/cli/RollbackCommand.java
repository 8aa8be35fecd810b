package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.Endpoint;
import dev.ferry.api.RollbackRequest;
import dev.ferry.api.RollbackResult;
import dev.ferry.endpoint.Credentials;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry rollback}: undoes what a run wrote, from its before-image journal. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Undoes a run's writes into a database, from the journal it kept.",
      "A copy, import or consolidate run journals its changes: rollback deletes",
      "the rows it inserted, restores the rows it updated, inserts again the rows",
      "it deleted, then drops its id map pairs and checkpoints. Refuses, changing",
      "nothing, when rows were changed since the run, unless --force.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 done (or nothing to undo); 2 bad input (unknown run,",
      "unreachable target); 4 refused (rows changed since the run, a later run).",
      "Examples:",
      "  ferry rollback --to uat --run 20260101-120000-abc123 --dry-run",
      "  ferry rollback --to uat --run 20260101-120000-abc123",
      "  ferry rollback --to app --run 20260101-120000-abc123 --tenant north",
      "  ferry rollback --to uat --run 20260101-120000-abc123 --table orders --from-batch 3"
    })
final class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"--to", "--target"}, required = true, paramLabel = "ENDPOINT",
      description = "The database the run wrote into (a JDBC URL or an environment of"
          + " ferry.yaml).")
  String target;

  @Option(names = "--run", required = true, paramLabel = "RUN",
      description = "The run to undo: the runId of its run-report.json.")
  String run;

  @Option(names = "--tenant", paramLabel = "TENANT",
      description = "The tenant of a consolidate run (its id in the manifest).")
  String tenant;

  @Option(names = "--table", paramLabel = "TABLE",
      description = "Undo only this target table's rows (repeatable), with the cycle fix-ups"
          + " touching it, and rewind its checkpoint so that --resume loads them again.")
  List<String> tables = new ArrayList<>();

  @Option(names = "--from-batch", paramLabel = "N", defaultValue = "1",
      description = "With --table: undo its journal's batches N and later only (default 1).")
  long fromBatch;

  @Option(names = "--dry-run", description = "List what would be undone; change nothing.")
  boolean dryRun;

  @Option(names = "--force",
      description = "Undo even rows changed since the run, and a run that is not the last.")
  boolean force;

  @Mixin CredentialOptions credentials;

  @Override
  public Integer call() {
    CredentialOptions.PasswordSource password = credentials.password;
    Endpoint endpoint = TransferCommand.endpoint(VerifyCommand.config(spec), target, false,
        new Credentials(credentials.user, password == null ? null : password.env,
            password == null ? null : password.file, password == null ? null : password.prompted));
    if (!(endpoint instanceof Endpoint.Database database)) {
      throw new FerryException(ErrorCode.USAGE, "--to " + target + ": rollback needs a database");
    }
    long started = System.nanoTime();
    RollbackResult result = Ferry.rollback(new RollbackRequest(database, run, tenant, dryRun,
        force, tables, fromBatch));
    double seconds = (System.nanoTime() - started) / 1e9;
    PrintWriter out = spec.commandLine().getOut();
    String verb = switch (result.status()) {
      case "dry-run" -> "Dry run (nothing changed): rolling back";
      case "nothing-to-undo" -> "Nothing to undo for";
      case "partly-rolled-back" -> "Rolled back " + String.join(", ", tables)
          + (fromBatch > 1 ? " from batch " + fromBatch : "") + " (resume the run to load"
          + " them again) of";
      default -> "Rolled back";
    };
    out.println(verb + " run " + result.runId()
        + (result.tenant().isEmpty() ? "" : " (tenant " + result.tenant() + ")") + " on "
        + database.describe() + String.format(java.util.Locale.ROOT, " in %.2f s", seconds));
    for (RollbackResult.Table t : result.tables()) {
      out.println("  " + t.table() + ": " + t.deleted() + " inserted rows deleted, "
          + t.restored() + " updated rows restored, " + t.reinserted()
          + " deleted rows inserted again");
    }
    result.forced().forEach(f -> out.println("  forced: " + f));
    out.flush();
    return 0;
  }
}
