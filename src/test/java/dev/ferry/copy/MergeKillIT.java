package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge killed between two committed chunks and resumed ends exactly where an uninterrupted
 * merge ends: the chunks committed before the kill are not written again, the rest are merged,
 * and the report's fates and the per-row audit are those of the uninterrupted merge.
 */
class MergeKillIT {

  @TempDir Path dir;

  private static final int ROWS = 40_000;
  private static final String TABLE = "CREATE TABLE reading (id int PRIMARY KEY, v int,"
      + " label text)";

  @Test
  void aMergeKilledMidwayAndResumedEndsLikeAnUninterruptedOne() throws Exception {
    // given: the target holds 95% of the source's rows, a tenth of them changed, and rows of
    // its own; a control target the same
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, TABLE, "INSERT INTO reading SELECT g, g, 'r' || g FROM"
        + " generate_series(1, " + ROWS + ") g");
    TestDatabase killed = prefilled();
    TestDatabase control = prefilled();
    Cli.Run uninterrupted = Cli.run("copy", "--from", source.url(), "--to", control.url(),
        "--merge", "update", "--batch-size", "200", "--report", dir.resolve("c").toString());
    assertThat(uninterrupted.exitCode()).as(uninterrupted.toString()).isZero();

    // when: killed once a chunk past the first tenth is committed, then resumed
    Process child = startMerge(source, killed);
    long lastKey = -1;
    try (Connection watch = TestDatabases.connect(killed)) {
      long deadline = System.currentTimeMillis() + 120_000;
      while (child.isAlive() && System.currentTimeMillis() < deadline) {
        KillPlan.Snapshot.Unit unit = KillPlan.Snapshot.read(watch).units()
            .get("public.reading");
        if (unit != null && unit.lastKey() > ROWS / 10) {
          child.destroyForcibly();
          lastKey = unit.lastKey();
          break;
        }
        Thread.sleep(2);
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed mid-merge\n%s", output()).isEqualTo(137);
    assertThat(Sql.rows(killed, "SELECT done FROM ferry.checkpoint")).containsExactly("0");
    Cli.Run elsewhere = Cli.run("copy", "--from", source.url(), "--to", killed.url(), "--merge",
        "update", "--batch-size", "200", "--resume", "--report", dir.resolve("r").toString());
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", killed.url(), "--merge",
        "update", "--batch-size", "200", "--resume", "--report", dir.resolve("k").toString());

    // then: a resume that would lose the audit of the chunks before the kill is refused
    assertThat(elsewhere.exitCode()).as(elsewhere.toString()).isEqualTo(4);
    assertThat(elsewhere.err()).contains("the merge audit of public.reading");
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("(resumed)");
    System.out.println("killed after key " + lastKey + "; resumed: " + resumed.out());
    String rows = "SELECT id, v, label FROM reading ORDER BY id";
    assertThat(Sql.rows(killed, rows)).isEqualTo(Sql.rows(control, rows));
    assertThat(Sql.count(killed, "reading")).isEqualTo(ROWS + 10);
    assertThat(Sql.rows(killed, "SELECT status FROM ferry.run")).containsExactly("done");
    // the audit and the fates count every row once, the chunks committed before the kill too
    assertThat(Files.readAllBytes(dir.resolve("k/merge-audit.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("c/merge-audit.jsonl")));
    assertThat(Files.readAllLines(dir.resolve("k/merge-audit.jsonl"))).hasSize(ROWS);
    assertThat(fates(dir.resolve("k"))).isEqualTo(fates(dir.resolve("c")))
        .contains("\"inserted\":2000", "\"updated\":4000", "\"unchanged\":34000",
            "\"targetOnly\":10");
  }

  private static String fates(Path report) throws Exception {
    return dev.ferry.json.Json.compact(dev.ferry.json.Json.mapper().readTree(
        report.resolve("run-report.json").toFile()).path("totals").path("merge"));
  }

  private static TestDatabase prefilled() {
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, TABLE, "INSERT INTO reading SELECT g, CASE WHEN g % 10 = 1 THEN -g ELSE g"
        + " END, 'r' || g FROM generate_series(1, " + ROWS + ") g WHERE g % 20 <> 0",
        "INSERT INTO reading SELECT g, 0, 'mine' FROM generate_series(" + (ROWS + 1) + ", "
            + (ROWS + 10) + ") g");
    return target;
  }

  private Process startMerge(TestDatabase source, TestDatabase target) throws Exception {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(),
        "copy", "--from", source.url(), "--to", target.url(), "--merge", "update",
        "--batch-size", "200", "--report", dir.resolve("k").toString()));
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve("kill.out").toFile())
        .redirectError(dir.resolve("kill.err").toFile())
        .start();
  }

  private String output() throws Exception {
    return Files.readString(dir.resolve("kill.out")) + Files.readString(dir.resolve("kill.err"));
  }
}
