package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.CastRule;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.SchemaRequest;
import dev.ferry.api.SchemaResult;
import dev.ferry.endpoint.ConfigLoader;
import dev.ferry.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry schema}: the DDL that creates the source's tables in another engine. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Writes the DDL that creates the source's tables in another engine.",
      "01-tables.sql: tables, types, defaults, primary and unique keys, identities;",
      "02-constraints.sql: foreign keys, to run after the data; schema-notes.txt: every",
      "decision that lost something; manifest.json. Connects to the source only.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 written; 2 bad input (unreachable source, unknown type, a directory",
      "  holding other files, a cast rule in ferry.yaml naming what the source lacks);",
      "  4 a cast rule's type does not hold the source's values: nothing written.",
      "Examples:",
      "  ferry schema --from qa --dialect postgres --out schema/",
      "  ferry schema --from 'jdbc:mariadb://db/app?user=ferry' --password-env DBPASS \\",
      "      --dialect postgres --exclude 'tmp_*' --out schema/",
      "  ferry schema --from legacy --dialect postgres --tighten evidence-gated --out schema/"
    })
final class SchemaCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "ENDPOINT",
      description = "The source database: a JDBC URL or an environment in ferry.yaml.")
  String from;

  @Option(names = "--dialect", required = true, paramLabel = "DIALECT",
      description = "The target: postgres, mysql (also: mariadb), sqlite, h2 or sqlserver"
          + " (sqlserver DDL is parsed in ferry's tests but never run there).")
  String dialect;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Directory for the files: new, empty, or an earlier schema output.")
  Path out;

  @Option(names = "--tighten", paramLabel = "MODE",
      description = "Add NOT NULL, UNIQUE and FOREIGN KEY constraints the data proves: cautious,"
          + " evidence-gated or aggressive; every decision in schema-decisions.json.")
  String tighten;

  @Option(names = "--tighten-min-rows", paramLabel = "N",
      description = "The fewest rows a table needs before evidence-gated believes its data"
          + " (default: tighten.min-rows in ferry.yaml, else 1000).")
  Long tightenMinRows;

  @Option(names = "--json", description = "Print the result as JSON instead of a summary.")
  boolean json;

  @Mixin CredentialOptions credentials;
  @Mixin TableOptions tables;

  @Override
  public Integer call() {
    ConnectionSpec connection = credentials.resolve(from, spec);
    Path explicit = spec.findOption("--config") == null ? null
        : spec.findOption("--config").getValue();
    // the casts: section applies whether --from is an environment or a JDBC URL
    List<CastRule> casts = (explicit != null ? new ConfigLoader().load(explicit, true)
        : new ConfigLoader().load(Path.of("ferry.yaml"), false)).casts();
    if (tighten != null || tightenMinRows != null) {
      if (!casts.isEmpty()) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--tighten does not apply cast rules"
            + " yet: write the tightened schema with a ferry.yaml without casts:, or leave"
            + " --tighten out");
      }
      return TightenSummary.run(spec, new SchemaRequest(connection, tables.schemas,
          tables.filter(), dialect, out), tighten, tightenMinRows, json);
    }
    SchemaResult result = Ferry.schema(new SchemaRequest(connection, tables.schemas,
        tables.filter(), dialect, out, casts));
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.print(Json.pretty(result));
    } else {
      stdout.printf("%d tables and %d foreign keys as %s DDL in %s%n", result.tables(),
          result.foreignKeys(), result.dialect(), result.outDir());
      stdout.printf("run 01-tables.sql, load the data, then run 02-constraints.sql%n");
      stdout.printf("%d notes on what the target holds differently: %s%n", result.notes().size(),
          result.outDir().resolve("schema-notes.txt"));
    }
    stdout.flush();
    return 0;
  }
}
