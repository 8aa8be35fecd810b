package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry script}: help with purpose and examples, and bad usage refused with exit 2. */
class ScriptCommandTest {

  @TempDir Path dir;

  @Test
  void helpNamesBothScriptsWithExamples() {
    CliTest.Run script = CliTest.run("script", "--help");
    CliTest.Run inserts = CliTest.run("script", "inserts", "--help");
    CliTest.Run remap = CliTest.run("script", "remap", "--help");

    assertThat(script.exitCode()).isZero();
    assertThat(script.out()).contains("inserts", "remap", "reviewed scripts");
    assertThat(inserts.out()).contains("--dialect", "--rows-per-insert", "--transaction",
        "Example:", "ferry script inserts --from qa");
    assertThat(remap.out()).contains("--batch-size", "--pause", "ferry_remap_guard", "Example:");
    assertThat(CliTest.run("--help").out()).contains("script");
  }

  @Test
  void anUnknownDialectIsBadUsage() {
    CliTest.Run run = CliTest.run("script", "inserts", "--from", "jdbc:sqlite:" + dir.resolve(
        "x.db"), "--dialect", "oracle", "--out", dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--dialect must be one of postgres, mysql, sqlserver");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void tooManyRowsPerInsertForSqlServerIsBadUsage() {
    CliTest.Run run = CliTest.run("script", "inserts", "--from", "jdbc:sqlite:" + dir.resolve(
        "x.db"), "--dialect", "sqlserver", "--rows-per-insert", "1001", "--out",
        dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("at most 1,000 rows");
  }

  @Test
  void remapNeedsTheTargetsUsersAndAnIdentitySection() throws Exception {
    Path config = Files.writeString(dir.resolve("ferry.yaml"), "environments: {}\n");
    CliTest.Run noIdentity = CliTest.run("--config", config.toString(), "script", "remap",
        "--from", "jdbc:sqlite:" + dir.resolve("x.db"), "--to", "jdbc:sqlite:" + dir.resolve(
            "y.db"), "--users-map", "m.csv", "--dialect", "postgres", "--out", "r.sql");
    Path withIdentity = Files.writeString(dir.resolve("id.yaml"),
        "identity:\n  table: app_user\n  key: id\n  match:\n    - column: email\n");
    CliTest.Run noUsers = CliTest.run("--config", withIdentity.toString(), "script", "remap",
        "--from", "jdbc:sqlite:" + dir.resolve("x.db"), "--users-map", "m.csv", "--dialect",
        "postgres", "--out", "r.sql");

    assertThat(noIdentity.exitCode()).isEqualTo(2);
    assertThat(noIdentity.err()).contains("identity:");
    assertThat(noUsers.exitCode()).isEqualTo(2);
    assertThat(noUsers.err()).contains("--to ENDPOINT or --target-users FILE");
  }
}
