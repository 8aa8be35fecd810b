package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.Consolidation;
import dev.ferry.api.ConsolidationResult;
import dev.ferry.endpoint.ManifestLoader;
import dev.ferry.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry consolidate}: many tenant databases into one target. */
@Command(
    name = "consolidate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Loads many tenant databases of one schema into one target.",
      "A migration manifest names them: each tenant's rows carry its tenant id, get the",
      "target's keys (the id map keeps them per tenant) and keep their references within the",
      "tenant. Each tenant is a",
      "run of its own: a tenant already complete is skipped, --resume continues the",
      "unfinished ones, and one tenant's failure stops no other. Every tenant is checked",
      "before the first write (exit 4 on schema drift). See docs/consolidate.md.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 every tenant done; 2 a bad manifest, or a tenant unreachable; 3 a tenant's",
      "proof failed; 4 refused by preflight (nothing written), or a tenant refused.",
      "Examples:",
      "  ferry consolidate --manifest consolidation.yaml",
      "  ferry consolidate --manifest consolidation.yaml --parallel-tenants 4",
      "  ferry consolidate --manifest consolidation.yaml --resume      (after a kill)"
    })
final class ConsolidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--manifest", required = true, paramLabel = "FILE",
      description = "The migration manifest: target, tenants, tenant columns, key policies.")
  Path manifest;

  @Option(names = "--resume",
      description = "Continue each tenant's last unfinished run (tenants already complete are"
          + " skipped either way).")
  boolean resume;

  @Option(names = "--parallel-tenants", paramLabel = "N", defaultValue = "1",
      description = "Tenants loaded at once (default 1), each in load order; the first loads"
          + " alone, with the tables the tenants share. Each holds what one run holds in"
          + " memory. PostgreSQL targets only (docs/consolidate.md).")
  int parallelTenants;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Directory of the tenants' run reports, one directory per tenant (default:"
          + " ferry-runs/<run id>).")
  Path reportDir;

  @Option(names = "--json", description = "Print the outcome as JSON instead of a summary.")
  boolean json;

  @Override
  public Integer call() {
    if (parallelTenants < 1) {
      throw new ParameterException(spec.commandLine(), "--parallel-tenants " + parallelTenants
          + ": give how many tenants load at once, 1 or more.");
    }
    Consolidation loaded = new ManifestLoader().load(manifest);
    ConsolidationResult result = Ferry.consolidate(loaded, resume, reportDir, parallelTenants,
        new ConsoleProgress(spec.commandLine().getErr(), System.console() != null));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(Json.pretty(result));
    } else {
      out.println("Consolidated " + result.tenants().size() + " tenants into "
          + loaded.target().describe());
      for (ConsolidationResult.TenantOutcome t : result.tenants()) {
        out.println("  tenant " + t.name() + ": " + t.status()
            + (t.runId() == null ? "" : " (run " + t.runId() + (t.resumed() ? ", resumed" : "")
                + ", " + t.rowsWritten() + " rows)")
            + (t.message() == null ? "" : ": " + t.message()));
      }
      result.tenants().stream().filter(t -> t.exitCode() != 0).map(t -> t.name())
          .reduce((a, b) -> a + ", " + b)
          .ifPresent(names -> out.println("  failed: " + names));
    }
    out.flush();
    return result.exitCode();
  }
}
