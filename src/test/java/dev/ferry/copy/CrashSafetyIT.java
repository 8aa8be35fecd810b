package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code ferry copy} with SIGKILL at random moments and resumes it, then proves the target
 * equals the source: nothing lost, nothing twice, identities past the keys, one run, done. The
 * kill moments come from a seeded {@link Random}; the seed is printed, and {@code
 * -Dferry.crash.seed=N} repeats a run. The moments a random kill rarely hits (between a unit's
 * last chunk and its completion, after the last unit but before the run ended) are also set up
 * exactly, by rewinding ferry's state after a completed copy as a kill there would have left it.
 */
class CrashSafetyIT {

  private static final int BATCH = 2000;
  private static final int SLICES = 8;
  /**
   * Foreign keys checked per row: the cycles are then broken and fixed up afterwards, so that the
   * kills also land in the fix-ups (loaded without checks, the cycles need no fix-up). Indexes
   * are dropped and re-created around each table's load either way.
   */
  private static final String ROW_KEY_CHECKS = "--row-key-checks";
  private static final long CHILD_TIMEOUT_MS = 120_000;

  @TempDir Path dir;

  @Test
  void aCopyKilledAtRandomMomentsAndResumedEndsEqualToTheSource() throws Exception {
    // given
    long seed = Long.getLong("ferry.crash.seed", new SecureRandom().nextLong());
    System.out.println("CrashSafetyIT seed " + seed + " (repeat with -Dferry.crash.seed=" + seed
        + ")");
    TestDatabase[] dbs = CrashDataset.sourceAndEmptyTarget(1);
    TestDatabase source = dbs[0];
    TestDatabase target = dbs[1];
    assertThat(CrashDataset.totalRows(source)).isGreaterThanOrEqualTo(200_000);
    KillPlan plan = new KillPlan(new Random(seed), unitRows(source), "public.audit_log", SLICES);
    long startedAt = System.nanoTime();

    // when
    List<String> kills = new ArrayList<>();
    try (Connection watch = TestDatabases.connect(target)) {
      for (int attempt = 0; ; attempt++) {
        assertThat(attempt).as("attempts; kills so far: %s", kills).isLessThan(40);
        plan.started(KillPlan.Snapshot.read(watch));
        Process child = startCopy(source, target, attempt > 0, attempt);
        Moment moment = awaitKillMoment(child, watch, plan, attempt);
        if (moment == null) {
          break;
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (child.exitValue() == 0) {
          System.out.println("copy " + attempt + " finished before the kill (" + moment.why()
              + ")");
          break;
        }
        assertThat(child.exitValue()).as("copy %d died by SIGKILL\n%s", attempt,
            output(attempt)).isEqualTo(137);
        KillPlan.Snapshot committed = KillPlan.Snapshot.read(watch);
        plan.killed(committed);
        String line = String.format("kill %2d (copy %d%s): %s%n    seen:      %s%n"
            + "    committed: %s", kills.size() + 1, attempt, attempt > 0 ? ", resumed" : "",
            moment.why(), moment.seen().describe(plan.rowsOf()),
            committed.describe(plan.rowsOf()));
        System.out.println(line);
        kills.add(moment.why());
      }
    }
    System.out.printf("%d kills, then a resumed copy ran to the end; %.1f s in all%n",
        kills.size(), (System.nanoTime() - startedAt) / 1e9);

    // then
    assertThat(kills).hasSizeGreaterThanOrEqualTo(10);
    assertThat(CrashDataset.fingerprints(target)).isEqualTo(CrashDataset.fingerprints(source));
    assertThat(Sql.rows(target, "SELECT status FROM ferry.run")).containsExactly("done");
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.checkpoint WHERE done = 1"))
        .containsExactly(String.valueOf(CrashDataset.UNITS));
    CrashDataset.assertIdentitiesPastTheLoadedKeys(target);
    // indexes dropped for a load a kill interrupted are back, each exactly as it was
    assertThat(CrashDataset.indexes(target)).hasSize(9).isEqualTo(CrashDataset.indexes(source));
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.deferred_index"))
        .containsExactly("0");
  }

  @Test
  void aRunKilledAfterItsLastUnitButBeforeItEndedResumesToDone() {
    // given: a finished copy rewound to how a kill before the identity resets leaves it
    TestDatabase[] dbs = CrashDataset.sourceAndEmptyTarget(100);
    copy(dbs, false);
    Sql.exec(dbs[1], "UPDATE ferry.run SET status = 'running', ended_at = NULL");
    for (CrashDataset.Spec spec : CrashDataset.TABLES) {
      if (spec.key() != null) {
        Sql.exec(dbs[1], "SELECT setval(pg_get_serial_sequence('" + spec.table() + "', 'id'), 1,"
            + " false)");
      }
    }

    // when
    Cli.Run resumed = copy(dbs, true);

    // then
    assertThat(resumed.out()).contains("(resumed)", "status: done");
    assertThat(resumed.out().split("done earlier, checked", -1)).hasSize(CrashDataset.UNITS + 1);
    assertThat(CrashDataset.fingerprints(dbs[1])).isEqualTo(CrashDataset.fingerprints(dbs[0]));
    assertThat(Sql.rows(dbs[1], "SELECT status FROM ferry.run")).containsExactly("done");
    CrashDataset.assertIdentitiesPastTheLoadedKeys(dbs[1]);
  }

  @Test
  void aRunKilledAfterItWasRecordedDoneResumesAsDoneInsteadOfStartingAnother() {
    // given: a completed copy, as a kill after the run was recorded done but before the process
    // exited leaves it
    TestDatabase[] dbs = CrashDataset.sourceAndEmptyTarget(100);
    String runId = runIdOf(copy(dbs, false));

    // when
    Cli.Run resumed = copy(dbs, true);

    // then
    assertThat(resumed.out()).contains("run " + runId + " (resumed)", "status: done");
    assertThat(resumed.out().split("done earlier, checked", -1)).hasSize(CrashDataset.UNITS + 1);
    assertThat(Sql.rows(dbs[1], "SELECT run_id || ' ' || status FROM ferry.run"))
        .containsExactly(runId + " done");
    assertThat(CrashDataset.fingerprints(dbs[1])).isEqualTo(CrashDataset.fingerprints(dbs[0]));
  }

  @Test
  void unitsKilledMidwayOrBeforeTheirLastCheckpointAreCompletedWithoutLostOrRepeatedRows() {
    // given: what parallel loads killed at once leave behind: a keyed table and both fix-ups
    // with their last chunk committed but not marked done, and a keyless table part-loaded
    TestDatabase[] dbs = CrashDataset.sourceAndEmptyTarget(100);
    copy(dbs, false);
    long keyless = Sql.count(dbs[1], "audit_log");
    Sql.exec(dbs[1],
        "UPDATE ferry.run SET status = 'running', ended_at = NULL",
        "UPDATE ferry.checkpoint SET done = 0 WHERE unit IN ('public.ledger_entry',"
            + " 'fixup:public.person(department_id)', 'fixup:public.employee(manager_id)')",
        "DELETE FROM audit_log WHERE ctid IN (SELECT ctid FROM audit_log OFFSET 20)",
        "UPDATE ferry.checkpoint SET done = 0, rows_written = 20 WHERE unit = 'public.audit_log'");

    // when
    Cli.Run resumed = copy(dbs, true);

    // then
    assertThat(resumed.out()).contains("(resumed)", "status: done",
        "public.audit_log: " + keyless + " rows");
    assertThat(CrashDataset.fingerprints(dbs[1])).isEqualTo(CrashDataset.fingerprints(dbs[0]));
    assertThat(Sql.rows(dbs[1], "SELECT status FROM ferry.run")).containsExactly("done");
    CrashDataset.assertIdentitiesPastTheLoadedKeys(dbs[1]);
  }

  private Cli.Run copy(TestDatabase[] dbs, boolean resume) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", dbs[0].url(), "--to",
        dbs[1].url(), "--batch-size", "20", "--report", dir.toString(), ROW_KEY_CHECKS));
    if (resume) {
      args.add("--resume");
    }
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  private static String runIdOf(Cli.Run run) {
    Matcher m = Pattern.compile("run ([0-9a-f-]+)").matcher(run.out());
    assertThat(m.find()).as(run.toString()).isTrue();
    return m.group(1);
  }

  /** Rows each unit moves: a table's rows, or for a fix-up the rows of the table it updates. */
  private static Map<String, Long> unitRows(TestDatabase source) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (CrashDataset.Spec spec : CrashDataset.TABLES) {
      rows.put("public." + spec.table(), Sql.count(source, spec.table()));
    }
    rows.put("fixup:public.person(department_id)", rows.get("public.person"));
    rows.put("fixup:public.employee(manager_id)", rows.get("public.employee"));
    return rows;
  }

  private Process startCopy(TestDatabase source, TestDatabase target, boolean resume,
      int attempt) throws IOException {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(),
        "copy", "--from", source.url(), "--to", target.url(), "--batch-size",
        String.valueOf(BATCH), "--report", dir.resolve("report").toString(), ROW_KEY_CHECKS));
    if (resume) {
      command.add("--resume");
    }
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve("copy-" + attempt + ".out").toFile())
        .redirectError(dir.resolve("copy-" + attempt + ".err").toFile())
        .start();
  }

  /** A moment to kill at: why, and what the target had committed when it was seen. */
  private record Moment(String why, KillPlan.Snapshot seen) {}

  /**
   * Watches the target until the plan says kill, or the copy ends by itself (returns null once it
   * exited 0; fails otherwise).
   */
  private Moment awaitKillMoment(Process child, Connection watch, KillPlan plan, int attempt)
      throws Exception {
    long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!child.isAlive()) {
        if (child.exitValue() != 0) {
          fail("copy " + attempt + " failed by itself with exit " + child.exitValue() + "\n"
              + output(attempt));
        }
        return null;
      }
      KillPlan.Snapshot seen = KillPlan.Snapshot.read(watch);
      String why = plan.due(seen);
      if (why != null) {
        return new Moment(why, seen);
      }
      Thread.sleep(5);
    }
    child.destroyForcibly();
    return fail("copy " + attempt + " neither ended nor reached a kill moment in "
        + CHILD_TIMEOUT_MS + " ms\n" + output(attempt));
  }

  private String output(int attempt) {
    try {
      return "--- stdout\n" + Files.readString(dir.resolve("copy-" + attempt + ".out"))
          + "--- stderr\n" + Files.readString(dir.resolve("copy-" + attempt + ".err"));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
