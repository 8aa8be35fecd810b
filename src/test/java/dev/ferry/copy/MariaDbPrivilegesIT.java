package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB principals with fewer privileges than a copy needs are refused before anything is
 * written (exit 4), each missing privilege named with the GRANT that gives it; principals with
 * exactly what the copy needs load, cycles of NOT NULL keys included.
 */
class MariaDbPrivilegesIT {

  private static final String PASSWORD = "limited-pw";

  @TempDir Path dir;

  static final String SCHEMA = """
      CREATE TABLE team (id INT PRIMARY KEY, lead_id INT NULL, name VARCHAR(40) NOT NULL);
      CREATE TABLE person (id INT AUTO_INCREMENT PRIMARY KEY, team_id INT NOT NULL,
        CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id));
      ALTER TABLE team ADD CONSTRAINT team_lead_fk FOREIGN KEY (lead_id) REFERENCES person (id)
      """;

  static final String DATA = """
      INSERT INTO team VALUES (1, NULL, 'core'), (2, NULL, 'edge');
      INSERT INTO person VALUES (10, 1), (11, 2), (12, 1);
      UPDATE team SET lead_id = 10 WHERE id = 1
      """;

  static TestDatabase source() {
    TestDatabase db = TestDatabases.freshMariaDb();
    Sql.exec(db, SCHEMA.split(";\\s*\n"));
    Sql.exec(db, DATA.split(";\\s*\n"));
    return db;
  }

  static TestDatabase emptyTarget() {
    TestDatabase db = TestDatabases.freshMariaDb();
    Sql.exec(db, SCHEMA.split(";\\s*\n"));
    return db;
  }

  /** A login on the target that may read it, plus the given grants (run as the admin). */
  static String login(TestDatabase db, String... grants) {
    String user = TestDatabases.createMariaDbLogin(db, PASSWORD);
    for (String grant : grants) {
      Sql.exec(db, grant.replace("USER", "'" + user + "'@'localhost'").replace("DB", db.name()));
    }
    return db.bareUrl() + "?user=" + user + "&password=" + PASSWORD;
  }

  private Cli.Run copy(TestDatabase source, String targetUrl, String... more) {
    String[] args = new String[6 + more.length];
    System.arraycopy(new String[] {"copy", "--from", source.url(), "--to", targetUrl,
        "--report=" + dir.resolve("r" + System.nanoTime())}, 0, args, 0, 6);
    System.arraycopy(more, 0, args, 6, more.length);
    return Cli.run(args);
  }

  private static boolean stateTablesExist(TestDatabase db) {
    return !Sql.rows(db, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA"
        + " = DATABASE() AND TABLE_NAME LIKE 'ferry%'").isEmpty();
  }

  @Test
  void aSelectOnlyUserIsRefusedBeforeWritingWithTheGrantsItNeeds() {
    // given: the login of the report: SELECT on the target database and nothing else
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    String url = login(target);

    // when
    Cli.Run run = copy(source, url);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("lacks INSERT on " + target.name() + ".person",
        "GRANT INSERT ON `" + target.name() + "`.`person` TO ",
        "lacks INSERT, UPDATE on " + target.name() + ".team",
        "may not create ferry's state tables", "GRANT CREATE ON `" + target.name() + "`.*")
        .doesNotContain("--resume", "command denied", PASSWORD);
    assertThat(stateTablesExist(target)).isFalse();
    assertThat(Sql.count(target, "team")).isZero();
  }

  @Test
  void aUserWhoMayWriteTheExistingStateTablesNeedsNoCreatePrivilege() {
    // given: ferry's state tables made by an earlier run of an administrator
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    Cli.Run first = copy(source, target.url());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Sql.exec(target, "SET FOREIGN_KEY_CHECKS = 0", "DELETE FROM person", "DELETE FROM team");
    String url = login(target, "GRANT INSERT, UPDATE ON DB.team TO USER",
        "GRANT INSERT ON DB.person TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_run TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_checkpoint TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_deferred_index TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_deferred_constraint TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_row_journal TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_journal_table TO USER");

    // when
    Cli.Run run = copy(source, url);

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, lead_id FROM team ORDER BY id"))
        .containsExactly("1|10", "2|null");
  }

  @Test
  void stateTablesTheUserMayNotWriteAreRefused() {
    // given
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    Cli.Run first = copy(source, target.url());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Sql.exec(target, "SET FOREIGN_KEY_CHECKS = 0", "DELETE FROM person", "DELETE FROM team");
    String url = login(target, "GRANT INSERT, UPDATE ON DB.team TO USER",
        "GRANT INSERT ON DB.person TO USER", "GRANT INSERT ON DB.ferry_run TO USER");

    // when
    Cli.Run run = copy(source, url);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("lacks UPDATE, DELETE on " + target.name() + ".ferry_run",
        "lacks INSERT, UPDATE, DELETE on " + target.name() + ".ferry_checkpoint");
    assertThat(Sql.count(target, "team")).isZero();
  }

  @Test
  void aMergeWhoseJournalTheUserMayNotWriteIsRefusedBeforeWriting() {
    // given: the state tables, the journal's included, made by an administrator's merge; a
    // login that may write every state table but the journal
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    Cli.Run first = copy(source, target.url(), "--merge", "update");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Sql.exec(target, "SET FOREIGN_KEY_CHECKS = 0", "DELETE FROM person", "DELETE FROM team");
    long journaled = Sql.count(target, "ferry_row_journal");
    String url = login(target, "GRANT INSERT, UPDATE ON DB.team TO USER",
        "GRANT INSERT, UPDATE ON DB.person TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_run TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_checkpoint TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_deferred_index TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_deferred_constraint TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_merge_progress TO USER",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON DB.ferry_journal_table TO USER");

    // when
    Cli.Run run = copy(source, url, "--merge", "update");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("lacks INSERT, UPDATE, DELETE on " + target.name()
        + ".ferry_row_journal").doesNotContain(PASSWORD);
    assertThat(Sql.count(target, "team")).isZero();
    assertThat(Sql.count(target, "ferry_row_journal")).isEqualTo(journaled);
  }

  @Test
  void truncateTargetNeedsDelete() {
    // given
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    String url = login(target, "GRANT INSERT, UPDATE, CREATE ON DB.* TO USER");

    // when
    Cli.Run run = copy(source, url, "--truncate-target");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("lacks DELETE on " + target.name() + ".person")
        .doesNotContain("lacks INSERT");
    assertThat(stateTablesExist(target)).isFalse();
  }

  @Test
  void aUserWithTheGrantsACopyNeedsLoadsANotNullCycleWithoutSuper() {
    // given: a cycle whose keys are both NOT NULL, loaded by a user without SUPER: it switches
    // FOREIGN_KEY_CHECKS off for its own session, which needs no privilege
    String cycle = """
        CREATE TABLE a (id INT PRIMARY KEY, b_id INT NOT NULL);
        CREATE TABLE b (id INT PRIMARY KEY, a_id INT NOT NULL);
        ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id);
        ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id)
        """;
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, cycle.split(";\\s*\n"));
    Sql.exec(source, "SET FOREIGN_KEY_CHECKS = 0", "INSERT INTO a VALUES (1, 1), (2, 2)",
        "INSERT INTO b VALUES (1, 2), (2, 1)");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, cycle.split(";\\s*\n"));
    String url = login(target, "GRANT INSERT, UPDATE, DELETE, CREATE ON DB.* TO USER");

    // when
    Cli.Run inspect = Cli.run("inspect", url, "--out", dir.resolve("inspect").toString());
    Cli.Run run = copy(source, url);

    // then
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    assertThat(inspect.out()).contains("FOREIGN_KEY_CHECKS = 0");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("orphan check " + source.name() + ".b.b_a_fk: passed");
    assertThat(Sql.rows(target, "SELECT id, a_id FROM b ORDER BY id"))
        .containsExactly("1|2", "2|1");
  }
}
