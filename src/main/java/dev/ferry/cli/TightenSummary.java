package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.SchemaRequest;
import dev.ferry.api.TightenOptions;
import dev.ferry.api.TightenResult;
import dev.ferry.endpoint.TightenSettings;
import dev.ferry.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code ferry schema --tighten}: reads the settings, runs, prints what was decided. */
final class TightenSummary {

  private TightenSummary() {}

  static int run(CommandSpec spec, SchemaRequest request, String mode, Long minRows,
      boolean json) {
    if (mode == null) {
      throw new ParameterException(spec.commandLine(), "--tighten-min-rows needs --tighten"
          + " MODE (cautious, evidence-gated or aggressive)");
    }
    Path explicit = spec.findOption("--config") == null ? null
        : spec.findOption("--config").getValue();
    TightenSettings settings = TightenSettings.read(explicit != null ? explicit
        : Path.of("ferry.yaml"));
    long rows = minRows != null ? minRows : settings.minRows() != null ? settings.minRows()
        : TightenOptions.DEFAULT_MIN_ROWS;
    TightenResult result = Ferry.schema(request, new TightenOptions(mode, rows,
        settings.references()));
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.print(Json.pretty(result));
    } else {
      stdout.printf("%d tables and %d foreign keys as %s DDL in %s%n", result.schema().tables(),
          result.schema().foreignKeys(), result.schema().dialect(), result.schema().outDir());
      stdout.printf("tightened (%s): %d NOT NULL, %d UNIQUE, %d FOREIGN KEY added; %d"
          + " candidates skipped%n", result.mode(), result.notNull(), result.unique(),
          result.foreignKeys(), result.skipped());
      result.remediation().forEach(r -> stdout.printf("remediation needed: %s%n", r));
      stdout.printf("every decision, its evidence and the SQL for the blocking rows: %s%n",
          result.schema().outDir().resolve("schema-decisions.json"));
      stdout.printf("run 01-tables.sql, load the data, then run 02-constraints.sql%n");
    }
    stdout.flush();
    return 0;
  }
}
