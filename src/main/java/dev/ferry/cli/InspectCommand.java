package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.InspectRequest;
import dev.ferry.api.InspectResult;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.error.ErrorCode;
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

/** {@code ferry inspect}: catalog and proven load order of one endpoint. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Reads a database's catalog and plans a proven load order.",
      "Writes catalog.json (tables, columns, keys, foreign keys, triggers) and load-order.json",
      "(every foreign key, the order, a plan for every cycle, and the order's self-check).",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 done; 2 bad input (unreachable, wrong password, no such schema,",
      "  no tables); 4 a cycle cannot be loaded (the artifacts say what unblocks it).",
      "Examples:",
      "  ferry inspect 'jdbc:postgresql://localhost:5432/app?user=ferry' \\",
      "      --password-env PGPASSWORD --out inspect/",
      "  ferry inspect qa --schema sales --exclude 'audit_*' --out inspect/",
      "      (qa is an environment in ferry.yaml)"
    })
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ENDPOINT",
      description = "A JDBC URL, or the name of an environment in the configuration file.")
  String endpoint;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
      description = "Directory for catalog.json and load-order.json (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print the summary as JSON instead of text.")
  boolean json;

  @Mixin CredentialOptions credentials;
  @Mixin TableOptions tables;

  @Override
  public Integer call() {
    ConnectionSpec connection = credentials.resolve(endpoint, spec);
    InspectResult result = Ferry.inspect(
        new InspectRequest(connection, tables.schemas, tables.filter(), out));
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.print(Json.pretty(InspectSummary.of(result)));
    } else {
      InspectSummary.printText(result, stdout);
    }
    stdout.flush();
    return LoadOrder.REFUSED.equals(result.loadOrder().status())
        ? ErrorCode.REFUSED.exitCode() : 0;
  }
}
