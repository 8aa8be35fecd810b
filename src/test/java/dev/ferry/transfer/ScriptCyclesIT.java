package dev.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NOT NULL cycles in scripts: deferred in one file and transaction on PostgreSQL, loaded with
 * FOREIGN_KEY_CHECKS = 0 on MySQL/MariaDB, refused where the dialect can do neither.
 */
class ScriptCyclesIT {

  @TempDir Path dir;

  static final String CYCLE = """
      CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL);
      CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL);
      ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id) %1$s;
      ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id) %1$s;
      """;

  static TestDatabase source(boolean deferrable) {
    TestDatabase db = TestDatabases.freshPostgres();
    Sql.exec(db, CYCLE.formatted(deferrable ? "DEFERRABLE INITIALLY IMMEDIATE" : ""));
    Sql.exec(db, "BEGIN; SET session_replication_role = replica;"
        + " INSERT INTO a VALUES (1, 1), (2, 2); INSERT INTO b VALUES (1, 2), (2, 1); COMMIT");
    return db;
  }

  @Test
  void aDeferrableCycleLoadsInOneDeferredTransactionOnPostgres() throws Exception {
    // given
    TestDatabase source = source(true);
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, CYCLE.formatted("DEFERRABLE INITIALLY IMMEDIATE"));
    Path out = dir.resolve("pg");

    // when
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "postgres",
        "--out", out.toString(), "--report", dir.resolve("r").toString());
    InsertScriptsIT.runAll(target, out, "postgres");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String group = InsertScriptsIT.fileNames(out).get(0);
    assertThat(group).startsWith("0001-group-public.");
    assertThat(Files.readString(out.resolve(group)))
        .contains("BEGIN;\nSET CONSTRAINTS ALL DEFERRED;", "INSERT INTO \"public\".\"a\"",
            "INSERT INTO \"public\".\"b\"");
    assertThat(Sql.rows(target, "SELECT * FROM b ORDER BY id")).containsExactly("1|2", "2|1");
  }

  @Test
  void mysqlScriptsLoadTheCycleWithChecksOffAndSwitchThemBackOn() throws Exception {
    // given
    TestDatabase source = source(true);
    TestDatabase target = TestDatabases.freshMariaDb();
    SqlScripts.execute(target, CYCLE.formatted(""));
    Path out = dir.resolve("mysql");

    // when
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "mysql",
        "--out", out.toString(), "--report", dir.resolve("r").toString());
    InsertScriptsIT.runAll(target, out, "mysql");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String files = String.join("\n", ScriptFixtures.files(out).values());
    assertThat(files).contains("SET SESSION FOREIGN_KEY_CHECKS = 0;",
        "SET SESSION FOREIGN_KEY_CHECKS = 1;");
    assertThat(run.out()).contains("foreign-key checks off");
    assertThat(Sql.rows(target, "SELECT * FROM a ORDER BY id")).containsExactly("1|1", "2|2");
  }

  @Test
  void aCycleNoScriptCanLoadIsRefusedWithWhatWouldUnblockIt() {
    // given
    TestDatabase deferrable = source(true);
    TestDatabase strict = source(false);

    // when
    Cli.Run sqlServer = Cli.run("script", "inserts", "--from", deferrable.url(), "--dialect",
        "sqlserver", "--out", dir.resolve("ss").toString(), "--report",
        dir.resolve("r1").toString());
    Cli.Run postgres = Cli.run("script", "inserts", "--from", strict.url(), "--dialect",
        "postgres", "--out", dir.resolve("pg").toString(), "--report",
        dir.resolve("r2").toString());

    // then
    assertThat(sqlServer.exitCode()).as(sqlServer.toString()).isEqualTo(4);
    assertThat(postgres.exitCode()).as(postgres.toString()).isEqualTo(4);
    assertThat(postgres.err()).contains("refused", "nullable or DEFERRABLE");
    assertThat(dir.resolve("ss")).doesNotExist();
    assertThat(dir.resolve("pg")).doesNotExist();
  }
}
