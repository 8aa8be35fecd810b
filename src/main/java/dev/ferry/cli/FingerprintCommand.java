package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.Endpoint;
import dev.ferry.api.Fingerprint;
import dev.ferry.api.FingerprintRequest;
import dev.ferry.endpoint.Credentials;
import dev.ferry.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry fingerprint}: engine-independent figures of every table and column. */
@Command(
    name = "fingerprint",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Fingerprints every table of an endpoint, the same way on every engine.",
      "Row count and checksum per table; NULLs, distinct values, min, max and",
      "checksum per column. The same data gives the same fingerprint on",
      "PostgreSQL, MariaDB, SQLite or in a bundle.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 done; 2 bad input (unreachable endpoint, unreadable bundle).",
      "Examples:",
      "  ferry fingerprint qa --out fp-qa.json",
      "  ferry fingerprint 'jdbc:mariadb://db/app?user=ferry' --password-env DB_PASSWORD \\",
      "      --out fp-app.json"
    })
final class FingerprintCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ENDPOINT",
      description = "A JDBC URL, an environment of ferry.yaml, or a bundle directory.")
  String endpoint;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "fingerprint.json",
      description = "File for the fingerprint (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--exact-distinct", paramLabel = "N", defaultValue = "100000",
      description = "Distinct values counted exactly per column; beyond, a sketch with 0.81%%"
          + " standard error (default ${DEFAULT-VALUE}).")
  int exactDistinct;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10000",
      description = "Rows per chunk (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--json", description = "Print the fingerprint as JSON instead of a summary.")
  boolean json;

  @Mixin CredentialOptions credentials;
  @Mixin TableOptions tables;

  @Override
  public Integer call() {
    CredentialOptions.PasswordSource password = credentials.password;
    Endpoint source = TransferCommand.endpoint(VerifyCommand.config(spec), endpoint, null,
        new Credentials(credentials.user, password == null ? null : password.env,
            password == null ? null : password.file, password == null ? null : password.prompted));
    Fingerprint fingerprint = Ferry.fingerprint(new FingerprintRequest(source, tables.schemas,
        tables.filter(), exactDistinct, batchSize, out));
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.print(Json.pretty(fingerprint));
    } else {
      stdout.println("Fingerprint of " + fingerprint.endpoint() + " (" + fingerprint.engine()
          + ", " + fingerprint.encoding() + ")");
      for (Fingerprint.TableFingerprint t : fingerprint.tables()) {
        stdout.println("  " + t.table() + ": " + t.rows() + " rows, checksum " + t.checksum());
      }
      stdout.println("  " + fingerprint.timing().rowsRead() + " rows in "
          + fingerprint.timing().seconds() + " s; written to " + out);
    }
    stdout.flush();
    return 0;
  }
}
