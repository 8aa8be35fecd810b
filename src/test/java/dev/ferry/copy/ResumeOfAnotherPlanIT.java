package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} continues only a run of the same plan. When the target's tables changed since
 * (a DBA fixing the column a failed run stopped at, say), there is none, the run is a new one,
 * and its refusal says why it did not resume.
 */
class ResumeOfAnotherPlanIT {

  @TempDir Path dir;

  @Test
  void aResumeAfterTheTargetChangedSaysWhyItFoundNoRun() {
    // given: a run stopped half-way (as a kill leaves it), then a column added to the target
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, "CREATE TABLE film (id INT PRIMARY KEY, title VARCHAR(20))",
        "INSERT INTO film VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, "CREATE TABLE film (id int PRIMARY KEY, title varchar(20))");
    Cli.Run first = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--batch-size", "2", "--report", dir.resolve("first").toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Sql.exec(target, "UPDATE ferry.run SET status = 'running', ended_at = NULL",
        "UPDATE ferry.checkpoint SET done = 0, rows_written = 2", "DELETE FROM film WHERE id > 2",
        "ALTER TABLE film ADD COLUMN fulltext text");

    // when
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--batch-size", "2", "--resume", "--report", dir.resolve("resumed").toString());

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("already holds rows",
        "--resume found no run of this plan", "Start a new run with --truncate-target");
    assertThat(Sql.count(target, "film")).isEqualTo(2);
  }
}
