package dev.ferry.cli;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Ferry;
import dev.ferry.api.InspectRequest;
import dev.ferry.api.InspectResult;
import dev.ferry.catalog.TableFilter;
import dev.ferry.demo.DemoDatabases;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry demo}: ferry's job on embedded databases, no server needed. It builds a QA
 * database of a small business application and runs the real commands on it, printing each so it
 * can be repeated by hand.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Shows ferry's job on embedded databases, no server needed.",
      "Builds a sample QA database on SQLite (users referenced from a dozen tables, a",
      "department/manager cycle, a category tree) and runs the real commands on it, printing",
      "each so it can be repeated by hand. Re-running starts clean.",
      ""
    },
    footer = {"", "Example:", "  ferry demo --dir /tmp/ferry-demo"})
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "ferry-demo",
      description = "Where the demo's databases and artifacts go (default: ./${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("ferry demo: a sample QA database on embedded SQLite, in " + dir);
    String qaUrl = DemoDatabases.createQa(dir);
    out.println("  created " + dir.resolve("qa.db"));
    Path inspectDir = dir.resolve("inspect");
    out.println();
    out.println("$ ferry inspect " + qaUrl + " --out " + inspectDir);
    InspectResult result = Ferry.inspect(new InspectRequest(
        new ConnectionSpec("qa", qaUrl, null, null), List.of(), TableFilter.all(), inspectDir));
    InspectSummary.printText(result, out);
    out.println();
    out.println("Open " + inspectDir.resolve(Ferry.LOAD_ORDER_FILE)
        + " to see every foreign key, the cycle plans and the proof of the order.");
    out.flush();
    return 0;
  }
}
