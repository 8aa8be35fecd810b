package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line in process: exit codes, messages, and what `demo` and `inspect` write. */
class CliTest {

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.newCommandLine(args);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpShowsPurposeCommandsAndExitCodes() {
    Run run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("proves that it arrived intact", "inspect", "demo",
        "Exit codes", "4 refused by a preflight check");
  }

  @Test
  void inspectHelpHasAWorkedExample() {
    Run run = run("inspect", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("ENDPOINT", "--password-env", "--include", "Examples:");
  }

  @Test
  void completionScriptKnowsTheCommandsAndOptions() {
    Run run = run("completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -F", "inspect", "copy", "--users-map", "--resume");
  }

  @Test
  void everyCommandHelpHasAPurposeAndAnExample() {
    for (String[] command : new String[][] {{"inspect"}, {"copy"}, {"export"}, {"import"},
        {"users", "map"}, {"users", "validate"}, {"demo"}, {"completion"}}) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      Run run = run(args);
      assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
      assertThat(run.out()).as(String.join(" ", command)).containsPattern("Example(s)?:");
    }
  }

  @Test
  void onlyTheCommandRunIsBuiltAndTopLevelOptionsStillApply() {
    assertThat(Main.commandOf(new String[] {"verify", "--help"})).isEqualTo("verify");
    assertThat(Main.commandOf(new String[] {"--config", "f.yaml", "-v", "copy", "qa"}))
        .isEqualTo("copy");
    assertThat(Main.commandOf(new String[] {"--config=f.yaml", "users", "map"}))
        .isEqualTo("users");
    assertThat(Main.commandOf(new String[] {"completion"})).as("needs every command").isNull();
    assertThat(Main.commandOf(new String[] {"--version"})).isNull();
    assertThat(Main.commandOf(new String[] {"frobnicate"})).isNull();
    assertThat(Main.newCommandLine(new String[] {"verify"}).getSubcommands().keySet())
        .containsExactly("verify");

    Run run = run("--config", dir.resolve("none.yaml").toString(), "inspect", "qa");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("none.yaml not found");
  }

  @Test
  void everyHelpRendersWithoutWarnings() {
    // picocli formats each description line; a lone % prints a warning over the help instead
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    java.io.PrintStream err = System.err;
    List<CommandLine> commands = new ArrayList<>(List.of(Main.newCommandLine()));
    System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < commands.size(); i++) {
        commands.addAll(commands.get(i).getSubcommands().values());
        assertThat(commands.get(i).getUsageMessage()).contains("Usage:");
      }
    } finally {
      System.setErr(err);
    }

    assertThat(commands).hasSizeGreaterThan(12);
    assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void versionIsPrinted() {
    Run run = run("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("ferry ");
  }

  @Test
  void unknownOptionIsOneLineAndExitTwo() {
    Run run = run("inspect", "jdbc:sqlite:x.db", "--frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--frobnicate'", "ferry inspect --help");
    assertThat(run.err()).doesNotContain("at dev.ferry");
  }

  @Test
  void everyCommandSummaryInTheHelpIsAWholeSentence() {
    // the summary is a command's first description line; picocli lists it, wrapped, under
    // "Commands:", so a sentence that goes on in the next line is cut there
    for (String[] parent : new String[][] {{}, {"users"}, {"script"}}) {
      String[] args = java.util.Arrays.copyOf(parent, parent.length + 1);
      args[parent.length] = "--help";
      Run run = run(args);
      List<String> summaries = commandSummaries(run.out());

      assertThat(summaries).as(run.out()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(summaries).as(String.join(" ", parent))
          .allSatisfy(summary -> assertThat(summary).matches(".*[a-z)] [A-Z].*[.]"));
    }
    assertThat(commandSummaries(run("--help").out())).hasSize(14);
    List<CommandLine> commands = new ArrayList<>(List.of(Main.newCommandLine()));
    for (int i = 0; i < commands.size(); i++) {
      commands.addAll(commands.get(i).getSubcommands().values());
      String[] description = commands.get(i).getCommandSpec().usageMessage().description();
      assertThat(description[0]).as(commands.get(i).getCommandSpec().qualifiedName())
          .endsWith(".");
    }
  }

  /** The entries under "Commands:", each with its wrapped lines joined: "name Summary." */
  private static List<String> commandSummaries(String help) {
    List<String> entries = new ArrayList<>();
    boolean inCommands = false;
    for (String line : help.lines().toList()) {
      if (line.startsWith("Commands:")) {
        inCommands = true;
      } else if (inCommands && line.matches("  \\S.*")) {
        entries.add(line.strip().replaceAll("\\s+", " "));
      } else if (inCommands && line.matches("\\s{3,}\\S.*")) {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
      } else if (inCommands) {
        break;
      }
    }
    return entries;
  }

  @Test
  void anUnknownOptionIsReportedBeforeAnythingMissing() {
    for (String[] command : new String[][] {{}, {"inspect"}, {"users"}, {"users", "map"},
        {"users", "validate"}, {"copy"}, {"copy", "--from", "qa"}, {"export"}, {"import"},
        {"script"}, {"script", "inserts"}, {"script", "remap", "--dialect", "postgres"},
        {"fingerprint"}, {"verify"}, {"rollback"}, {"demo"}, {"completion"}}) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--bogus-opt";
      Run run = run(args);

      String what = String.join(" ", args);
      assertThat(run.exitCode()).as(what).isEqualTo(2);
      assertThat(run.err()).as(what).contains("Unknown option: '--bogus-opt'")
          .doesNotContain("Missing required").doesNotContain("is required");
      assertThat(run.err().lines().findFirst().orElseThrow()).as(what)
          .startsWith("ferry: Unknown option: '--bogus-opt'");
    }
  }

  @Test
  void missingCommandIsAUsageError() {
    Run run = run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("a command is required");
  }

  @Test
  void passwordSourcesAreExclusive() {
    Run run = run("inspect", "jdbc:sqlite:x.db", "--password-env", "A", "--password-file", "f");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mutually exclusive");
  }

  @Test
  void unknownSchemeIsExplained() {
    Run run = run("inspect", "jdbc:foo:bar", "--out", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown database URL scheme 'foo'", "jdbc:postgresql:");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  void unknownEnvironmentWithoutConfigIsExplained() {
    Run run = run("inspect", "qa", "--config", dir.resolve("none.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("none.yaml not found");
  }

  @Test
  void demoPromotesQaIntoUatAndIsRepeatableByteForByte() throws Exception {
    Path demo = dir.resolve("demo");

    Run first = run("demo", "--dir", demo.toString());
    byte[] catalog = Files.readAllBytes(demo.resolve("inspect/catalog.json"));
    byte[] order = Files.readAllBytes(demo.resolve("inspect/load-order.json"));
    byte[] map = Files.readAllBytes(demo.resolve("user-map.csv"));
    Run second = run("demo", "--dir", demo.toString());

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("$ ferry inspect qa --config", "cycle app_user <-> department",
        "self-reference category", "proof: every one of", "$ ferry users map --from qa --to uat",
        "source user 5", "is unmatched: fill target_key", "The demo plays the operator",
        "Valid: ", "$ ferry copy --from qa --to uat --users-map", "status: done",
        "$ ferry verify --from qa --to uat --users-map", "PASSED");
    assertThat(Files.readString(demo.resolve("verify/report.html")))
        .contains("passed", "remapped-references").doesNotContain("<script");
    var transformation = dev.ferry.json.Json.mapper().readTree(
        demo.resolve("run/users-transformation.json").toFile());
    transformation.forEach(column -> {
      assertThat(column.path("nullsKept").asBoolean()).isTrue();
      assertThat(column.path("allInTarget").asBoolean()).isTrue();
    });
    assertThat(transformation.size()).isEqualTo(15);
    assertThat(Files.readString(demo.resolve("run/report.html")))
        .contains("<svg", "Load order", "fixup:category(parent_id)", "User mapping",
            "email (ignore-case)", "external_id", "operator")
        .doesNotContain("<script", "http://", "https://");
    assertThat(Files.readAllBytes(demo.resolve("user-map.csv"))).isEqualTo(map);
    assertThat(second.exitCode()).isZero();
    assertThat(Files.readAllBytes(demo.resolve("inspect/catalog.json"))).isEqualTo(catalog);
    assertThat(Files.readAllBytes(demo.resolve("inspect/load-order.json"))).isEqualTo(order);
  }

  @Test
  void inspectPrintsJsonAndHonoursExclude() throws Exception {
    Path demo = dir.resolve("demo");
    run("demo", "--dir", demo.toString());
    String url = "jdbc:sqlite:" + demo.resolve("qa.db");

    Run run = run("inspect", url, "--exclude", "audit_*,task*", "--json", "--out",
        dir.resolve("out").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    var summary = Json.mapper().readTree(run.out());
    assertThat(summary.path("engine").asText()).isEqualTo("sqlite");
    assertThat(summary.path("tables").asInt()).isEqualTo(10);
    assertThat(summary.path("order").toString()).doesNotContain("audit_log", "task");
    assertThat(Files.exists(dir.resolve("out/catalog.json"))).isTrue();
  }

  @Test
  void missingSqliteFileIsNotCreated() {
    Path missing = dir.resolve("missing.db");

    Run run = run("inspect", "jdbc:sqlite:" + missing, "--out", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("does not exist");
    assertThat(Files.exists(missing)).isFalse();
  }
}
