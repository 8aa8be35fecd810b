package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A merge of a foreign-key cycle (app_user.team_id, nullable, loaded NULL first and set by a
 * fix-up afterwards; team.owner_id, not null) leaves every existing row's fix-up columns as the
 * source has them, NULL included, and a second run of the same merge writes nothing.
 */
class MergeCycleIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"postgres,update", "postgres,replace", "mariadb,update", "h2,update",
      "h2,replace"})
  void aSourceRowThatLeftItsTeamLeavesItInTheTargetAndARerunWritesNothing(String engine,
      String mode) throws Exception {
    // given: the target's users 1 and 2, each in a team of their own; in the source, user 2 has
    // left its team, user 1 is unchanged, and user 3 with team 3 is new
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = MergeIT.fresh(engine);
    Sql.exec(source, CYCLE);
    Sql.exec(target, CYCLE);
    Sql.exec(target, "INSERT INTO app_user (id, name) VALUES (1, 'ann'), (2, 'bob')",
        "INSERT INTO team (id, name, owner_id) VALUES (1, 'red', 1), (2, 'blue', 2)",
        "UPDATE app_user SET team_id = id");
    Sql.exec(source, "INSERT INTO app_user VALUES (1, 'ann', NULL), (2, 'bob', NULL),"
            + " (3, 'cy', NULL)",
        "INSERT INTO team VALUES (1, 'red', 1), (2, 'blue', 2), (3, 'green', 3)",
        "UPDATE app_user SET team_id = id WHERE id <> 2");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    String journal = (engine.equals("postgres") ? "ferry." : engine.equals("h2") ? "FERRY."
        : "ferry_") + "row_journal";

    // when
    Cli.Run first = Cli.run("copy", "--from", source.url(), "--to", to, "--merge", mode,
        "--report", dir.resolve("first").toString());
    long journaled = Sql.count(target, journal);
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", to, "--out",
        dir.resolve("verify").toString());
    Cli.Run second = Cli.run("copy", "--from", source.url(), "--to", to, "--merge", mode,
        "--report", dir.resolve("second").toString());

    // then
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, team_id FROM app_user ORDER BY id"))
        .containsExactly("1|1", "2|null", "3|3");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(Sql.count(target, journal)).as("journal rows of the second run")
        .isEqualTo(journaled);
  }

  private static final String[] CYCLE = {
      "CREATE TABLE app_user (id int PRIMARY KEY, name varchar(50), team_id int)",
      "CREATE TABLE team (id int PRIMARY KEY, name varchar(50), owner_id int NOT NULL"
          + " REFERENCES app_user (id))",
      "ALTER TABLE app_user ADD FOREIGN KEY (team_id) REFERENCES team (id)"};
}
