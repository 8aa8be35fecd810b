package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry verify} and {@code ferry fingerprint} in process, on embedded SQLite. */
class VerifyCommandTest {

  @TempDir Path dir;

  @Test
  void helpsHaveAPurposeExitCodesAndExamples() {
    CliTest.Run verify = CliTest.run("verify", "--help");
    CliTest.Run fingerprint = CliTest.run("fingerprint", "--help");
    CliTest.Run top = CliTest.run("--help");

    assertThat(verify.exitCode()).isZero();
    assertThat(verify.out()).contains("Proves that the target holds exactly the source's data",
        "--users-map", "--max-diffs", "--bundle", "--split-rows", "--parallel",
        "3 a rule failed", "Examples:");
    assertThat(fingerprint.out()).contains("same fingerprint", "--exact-distinct", "Examples:");
    assertThat(top.out()).contains("fingerprint", "verify");
  }

  @Test
  void contradictoryOrMissingEndpointsAreUsageErrors() {
    CliTest.Run both = CliTest.run("verify", "--bundle", dir.toString(), "--from", "x");
    CliTest.Run none = CliTest.run("verify", "--to", "jdbc:sqlite:x.db");
    CliTest.Run badMax = CliTest.run("verify", "--from", "jdbc:sqlite:a.db", "--to",
        "jdbc:sqlite:b.db", "--max-diffs", "0");

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--bundle checks a bundle on its own");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("give --from and --to (or --bundle DIR)");
    CliTest.Run badParallel = CliTest.run("verify", "--from", "jdbc:sqlite:a.db", "--to",
        "jdbc:sqlite:b.db", "--parallel", "0");
    CliTest.Run badSplit = CliTest.run("verify", "--from", "jdbc:sqlite:a.db", "--to",
        "jdbc:sqlite:b.db", "--split-rows", "-1");
    assertThat(badMax.exitCode()).isEqualTo(2);
    assertThat(badMax.err()).contains("--max-diffs must be between 1 and 10000");
    assertThat(badParallel.exitCode()).isEqualTo(2);
    assertThat(badParallel.err()).contains("--parallel must be between 1 and 64");
    assertThat(badSplit.exitCode()).isEqualTo(2);
    assertThat(badSplit.err()).contains("--split-rows must be 0 (never split)");
  }

  @Test
  void unreachableEndpointAndMissingBundleAreBadInput() {
    CliTest.Run unreachable = CliTest.run("verify", "--from",
        "jdbc:postgresql://127.0.0.1:1/app?user=x", "--to", "jdbc:sqlite:b.db", "--out",
        dir.toString());
    CliTest.Run missing = CliTest.run("verify", "--bundle", dir.resolve("nope").toString(),
        "--out", dir.toString());

    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.err()).startsWith("ferry: cannot reach");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("is not a directory");
    assertThat(dir.resolve("verification.json")).doesNotExist();
  }

  @Test
  void sqliteCopyVerifiesAndAChangedValueFailsWithExitThree() throws Exception {
    // given
    String source = "jdbc:sqlite:" + dir.resolve("a.db");
    String target = "jdbc:sqlite:" + dir.resolve("b.db");
    String schema = "CREATE TABLE item (id INTEGER PRIMARY KEY, label TEXT, price DECIMAL(9, 2),"
        + " at TIMESTAMP)";
    sql(source, schema, "INSERT INTO item VALUES (1, 'a', 1.50, '2024-01-01 10:00:00.000001'),"
        + " (2, NULL, 2.25, NULL), (3, '', NULL, '1999-12-31 23:59:59')");
    sql(target, schema);
    assertThat(CliTest.run("copy", "--from", source, "--to", target, "--report",
        dir.resolve("copy").toString()).exitCode()).isZero();

    // when
    CliTest.Run clean = CliTest.run("verify", "--from", source, "--to", target, "--out",
        dir.resolve("clean").toString());
    sql(target, "UPDATE item SET at = '2024-01-01 10:00:00.000002' WHERE id = 1");
    CliTest.Run changed = CliTest.run("verify", "--from", source, "--to", target, "--out",
        dir.resolve("changed").toString(), "--json");
    CliTest.Run fingerprint = CliTest.run("fingerprint", source, "--out",
        dir.resolve("fp.json").toString());

    // then
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    assertThat(clean.out()).contains("PASSED", "ok     rows (1 checked)");
    assertThat(changed.exitCode()).isEqualTo(3);
    assertThat(Json.mapper().readTree(changed.out()).path("passed").asBoolean()).isFalse();
    assertThat(changed.out()).contains("\"target\" : \"2024-01-01T10:00:00.000002\"");
    assertThat(fingerprint.exitCode()).isZero();
    assertThat(Files.readString(dir.resolve("fp.json"))).contains("\"rows\" : 3");
  }

  private static void sql(String url, String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
