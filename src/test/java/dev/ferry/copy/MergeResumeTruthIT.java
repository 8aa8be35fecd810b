package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge whose pages are checked by row text hash (docs/merge.md, "A rerun that changes
 * nothing") digests them so for its checkpoints: a resume compares the same digest, finishing
 * where the source is as it was and refusing where a row of the copied range changed.
 */
class MergeResumeTruthIT {

  @TempDir Path dir;

  private static final String SCHEMA = "CREATE TABLE b (id int PRIMARY KEY, n int, val text)";

  /** A merge that stopped part-way: b committed its rows up to id 120 (six pages of 20). */
  private TestDatabase[] stoppedMerge() {
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, SCHEMA,
        "INSERT INTO b SELECT g * 2, g, 'v' || g FROM generate_series(1, 100) g");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, SCHEMA, "INSERT INTO b SELECT g * 2, g, 'v' || g FROM generate_series(1, 30) g",
        "ALTER TABLE b ADD CONSTRAINT stop_here CHECK (id <= 120)");
    Cli.Run failed = merge(source, target, false);
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    assertThat(Sql.count(target, "b")).isEqualTo(60);
    Sql.exec(target, "ALTER TABLE b DROP CONSTRAINT stop_here");
    return new TestDatabase[] {source, target};
  }

  @Test
  void aResumedMergeOfAnUnchangedSourceFinishes() {
    TestDatabase[] dbs = stoppedMerge();

    Cli.Run resumed = merge(dbs[0], dbs[1], true);

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(Sql.count(dbs[1], "b")).isEqualTo(100);
  }

  @Test
  void aResumedMergeAfterARowOfTheCopiedRangeChangedInTheSourceIsRefused() {
    TestDatabase[] dbs = stoppedMerge();
    Sql.exec(dbs[0], "UPDATE b SET val = 'changed' WHERE id = 20");

    Cli.Run resumed = merge(dbs[0], dbs[1], true);

    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("public.b", "source changed");
  }

  private Cli.Run merge(TestDatabase source, TestDatabase target, boolean resume) {
    return resume
        ? Cli.run("copy", "--from", source.url(), "--to", target.url(), "--batch-size", "20",
            "--merge", "update", "--report", dir.toString(), "--resume")
        : Cli.run("copy", "--from", source.url(), "--to", target.url(), "--batch-size", "20",
            "--merge", "update", "--report", dir.toString());
  }
}
