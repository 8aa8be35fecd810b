package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume says done only when the target then equals the source: a source that changed since
 * the run copied a range, or a target whose loaded rows were changed behind the run's back, makes
 * it refuse and name the tables.
 */
class ResumeTruthIT {

  @TempDir Path dir;

  private static final String SCHEMA = """
      CREATE TABLE a (id int PRIMARY KEY, name text);
      CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id), val text);
      CREATE INDEX b_val_idx ON b (val);
      """;

  /**
   * A run that stopped part-way: a is done, b committed its rows up to id 120 (six chunks of 20)
   * and failed on the next chunk, which a CHECK of the target refused; the CHECK is gone again,
   * so a resume can finish.
   */
  private TestDatabase[] stoppedRun() {
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, SCHEMA, """
        INSERT INTO a SELECT g, 'a' || g FROM generate_series(1, 50) g;
        INSERT INTO b SELECT g * 2, 1 + g % 50, 'v' || g FROM generate_series(1, 100) g;
        """);
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, SCHEMA, "ALTER TABLE b ADD CONSTRAINT stop_here CHECK (id <= 120)");
    Cli.Run failed = copy(source, target, false);
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    assertThat(Sql.count(target, "b")).isEqualTo(60);
    Sql.exec(target, "ALTER TABLE b DROP CONSTRAINT stop_here");
    return new TestDatabase[] {source, target};
  }

  @Test
  void aResumeAfterARowOfTheCopiedRangeWasUpdatedInTheSourceIsRefused() {
    TestDatabase[] dbs = stoppedRun();
    Sql.exec(dbs[0], "UPDATE b SET val = 'changed' WHERE id = 20");

    Cli.Run resumed = copy(dbs[0], dbs[1], true);

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("public.b", "source changed");
    assertThat(Sql.rows(dbs[1], "SELECT val FROM b WHERE id = 20")).containsExactly("v10");
  }

  @Test
  void aResumeAfterRowsOfTheCopiedRangeWereDeletedOrInsertedInTheSourceIsRefused() {
    TestDatabase[] dbs = stoppedRun();
    Sql.exec(dbs[0], "DELETE FROM b WHERE id = 40", "INSERT INTO b VALUES (41, 1, 'new')");

    Cli.Run resumed = copy(dbs[0], dbs[1], true);

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("public.b", "source changed");
  }

  @Test
  void aResumeAfterATableItFinishedChangedInTheSourceIsRefused() {
    TestDatabase[] dbs = stoppedRun();
    Sql.exec(dbs[0], "INSERT INTO a VALUES (51, 'late')");

    Cli.Run resumed = copy(dbs[0], dbs[1], true);

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("public.a", "source changed");
    assertThat(resumed.err()).doesNotContain("public.b:");
  }

  @Test
  void rowsAddedBeyondTheCopiedRangeAreCopiedByTheResume() {
    TestDatabase[] dbs = stoppedRun();
    Sql.exec(dbs[0], "INSERT INTO b VALUES (1000, 1, 'beyond')");

    Cli.Run resumed = copy(dbs[0], dbs[1], true);

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(Sql.rows(dbs[1], "SELECT id, a_id, val FROM b ORDER BY id"))
        .isEqualTo(Sql.rows(dbs[0], "SELECT id, a_id, val FROM b ORDER BY id"));
  }

  @Test
  void aResumeAfterALoadedRowWasDeletedFromTheTargetIsRefused() {
    TestDatabase[] dbs = stoppedRun();
    Sql.exec(dbs[1], "DELETE FROM b WHERE id = 20");

    Cli.Run resumed = copy(dbs[0], dbs[1], true);

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("public.b", "59 rows", "60");
  }

  @Test
  void aRefusedPlainRerunAfterAKillRestoresTheIndexesTheKilledRunDropped() {
    // given: what a kill during b's load leaves: its plain index dropped and recorded
    TestDatabase[] dbs = stoppedRun();
    String definition = Sql.rows(dbs[1], "SELECT indexdef FROM pg_indexes"
        + " WHERE indexname = 'b_val_idx'").get(0);
    String runId = Sql.rows(dbs[1], "SELECT run_id FROM ferry.run").get(0);
    Sql.exec(dbs[1], "DROP INDEX b_val_idx",
        "INSERT INTO ferry.deferred_index VALUES ('" + runId + "', 'public.b', 'b_val_idx', '"
            + definition + "')",
        "UPDATE ferry.run SET status = 'running', ended_at = NULL");

    // when: a plain rerun, which the rows already there make preflight refuse
    Cli.Run rerun = copy(dbs[0], dbs[1], false);

    // then
    assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(4);
    assertThat(Sql.rows(dbs[1], "SELECT indexdef FROM pg_indexes WHERE indexname = 'b_val_idx'"))
        .containsExactly(definition);
    assertThat(Sql.count(dbs[1], "ferry.deferred_index")).isZero();
  }

  private Cli.Run copy(TestDatabase source, TestDatabase target, boolean resume) {
    return resume
        ? Cli.run("copy", "--from", source.url(), "--to", target.url(), "--batch-size", "20",
            "--row-key-checks", "--report", dir.toString(), "--resume")
        : Cli.run("copy", "--from", source.url(), "--to", target.url(), "--batch-size", "20",
            "--row-key-checks", "--report", dir.toString());
  }
}
