package dev.ferry.cli;

import dev.ferry.demo.DemoDatabases;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry demo}: a QA → UAT promotion on embedded databases, no server needed. It builds
 * both databases and runs the real commands, printing each so it can be repeated by hand.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Shows ferry's job on embedded databases, no server needed.",
      "Builds a QA and a UAT database on SQLite (the same people under other keys), then runs",
      "inspect, users map (which stops for the operator), users validate, copy with the user",
      "map and verify, printing each command so you can repeat it. Re-running starts clean.",
      ""
    },
    footer = {"", "Example:", "  ferry demo --dir /tmp/ferry-demo"})
final class DemoCommand implements Callable<Integer> {

  /** The one user no rule can match, and whom the demo's operator picks for her. */
  private static final String UNMATCHED_SOURCE = "5";
  private static final String OPERATOR_CHOICE = "1005";

  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "ferry-demo",
      description = "Where the demo's databases and artifacts go (default: ./${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    out.println("ferry demo: promoting QA's data into UAT, where the same people have other keys");
    String qa = DemoDatabases.createQa(dir);
    String uat = DemoDatabases.createUat(dir);
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, DemoDatabases.config(qa, uat), StandardCharsets.UTF_8);
    deleteQuietly(dir.resolve("user-map.csv"));
    out.println("  created " + dir.resolve("qa.db") + " (6 users, 13 tables that reference them)");
    out.println("  created " + dir.resolve("uat.db") + " (the same people under other keys, and"
        + " 2 of its own; no business rows yet)");
    out.println("  wrote " + config + " (environments qa and uat, and how users match)");
    String cfg = config.toString();
    Path map = dir.resolve("user-map.csv");

    step(out, "Read both schemas and plan the load order", "inspect", "qa", "--config", cfg,
        "--out", dir.resolve("inspect").toString());
    int mapped = step(out, "Match QA's users to UAT's", "users", "map", "--from", "qa", "--to",
        "uat", "--config", cfg, "--out", map.toString());
    if (mapped == ErrorCode.VERIFICATION_FAILED.exitCode()) {
      out.println();
      out.println("The map stopped: no rule matches Erin (QA user " + UNMATCHED_SOURCE + "). An"
          + " operator would open " + map + " and type her UAT key into target_key.");
      out.println("The demo plays the operator now: it writes " + OPERATOR_CHOICE
          + " (erin.walsh@example.com in UAT) into that row.");
      fillOperatorRow(map);
    }
    expect(step(out, "Check the map before anything is written", "users", "validate", "--map",
        map.toString(), "--from", "qa", "--to", "uat", "--config", cfg), 0);
    expect(step(out, "Copy QA into UAT, rewriting every user reference", "copy", "--from", "qa",
        "--to", "uat", "--users-map", map.toString(), "--config", cfg, "--report",
        dir.resolve("run").toString()), 0);
    expect(step(out, "Prove it: UAT holds QA's data, references rewritten through the map",
        "verify", "--from", "qa", "--to", "uat", "--users-map", map.toString(), "--config", cfg,
        "--out", dir.resolve("verify").toString()), 0);
    out.println();
    out.println("Done. Every reference to a QA user now holds the same person's UAT key.");
    out.println("  proofs: " + dir.resolve("inspect/load-order.json") + ", "
        + dir.resolve("users-discovery.json") + ", " + dir.resolve("users-validation.json") + ",");
    out.println("          " + dir.resolve("run/run-report.json") + ", "
        + dir.resolve("run/users-transformation.json"));
    out.println("          " + dir.resolve("verify/verification.json"));
    out.println("  report: " + dir.resolve("run/report.html") + " and "
        + dir.resolve("verify/report.html") + " (open them in a browser)");
    out.println("  look:   sqlite3 " + dir.resolve("uat.db")
        + " 'SELECT id, owner_id, approved_by FROM sales_order'");
    out.flush();
    return 0;
  }

  /** Prints the command, runs it in this process on the same output, returns its exit code. */
  private int step(PrintWriter out, String why, String... args) {
    out.println();
    out.println("# " + why);
    out.println("$ ferry " + String.join(" ", quoted(args)));
    out.flush();
    CommandLine cli = Main.newCommandLine();
    cli.setOut(out);
    cli.setErr(spec.commandLine().getErr());
    return cli.execute(args);
  }

  private static void expect(int code, int wanted) {
    if (code != wanted) {
      throw new FerryException(ErrorCode.UNEXPECTED, "the demo's step ended with exit code "
          + code + "; see the lines above");
    }
  }

  private static List<String> quoted(String[] args) {
    List<String> list = new ArrayList<>();
    for (String a : args) {
      list.add(a.matches("[A-Za-z0-9_./:=@-]+") ? a : "'" + a + "'");
    }
    return list;
  }

  private static void fillOperatorRow(Path map) throws IOException {
    List<String> lines = Files.readAllLines(map, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).startsWith(UNMATCHED_SOURCE + ",,")) {
        lines.set(i, UNMATCHED_SOURCE + "," + OPERATOR_CHOICE
            + lines.get(i).substring(UNMATCHED_SOURCE.length() + 1));
      }
    }
    Files.write(map, lines, StandardCharsets.UTF_8);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the map is rewritten anyway
    }
  }
}
