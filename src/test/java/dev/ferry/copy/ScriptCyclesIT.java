package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.script.ScriptSql;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NOT NULL cycles in scripts load with the target's checks kept real: a DEFERRABLE cycle in one
 * deferred transaction; otherwise PostgreSQL drops the cycle's constraint and adds it again (which
 * checks every row) inside the file's transaction, MySQL/MariaDB switches the checks off and
 * proves every reference before the commit, SQL Server disables the constraint and checks it again
 * WITH CHECK. A file whose rows break a reference fails and leaves nothing behind.
 */
class ScriptCyclesIT {

  @TempDir Path dir;

  static final String CYCLE = """
      CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL);
      CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL);
      ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id) %1$s;
      ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id) %1$s;
      """;

  /** A NOT NULL self-reference whose rows point at later rows, and one that is DEFERRABLE. */
  static final String SELF = """
      CREATE TABLE emp (id int PRIMARY KEY, boss_id int NOT NULL,
        CONSTRAINT emp_boss_fk FOREIGN KEY (boss_id) REFERENCES emp (id));
      CREATE TABLE node (id int PRIMARY KEY, next_id int NOT NULL,
        CONSTRAINT node_next_fk FOREIGN KEY (next_id) REFERENCES node (id) %1$s);
      """;

  static final String H2_SCHEMA = """
      CREATE SCHEMA [public];
      CREATE TABLE [public].[a] ([id] INT PRIMARY KEY, [b_id] INT NOT NULL);
      CREATE TABLE [public].[b] ([id] INT PRIMARY KEY, [a_id] INT NOT NULL);
      ALTER TABLE [public].[a] ADD CONSTRAINT [a_b_fk] FOREIGN KEY ([b_id])
        REFERENCES [public].[b] ([id]);
      ALTER TABLE [public].[b] ADD CONSTRAINT [b_a_fk] FOREIGN KEY ([a_id])
        REFERENCES [public].[a] ([id]);
      CREATE TABLE [public].[emp] ([id] INT PRIMARY KEY, [boss_id] INT NOT NULL,
        CONSTRAINT [emp_boss_fk] FOREIGN KEY ([boss_id]) REFERENCES [public].[emp] ([id]));
      CREATE TABLE [public].[node] ([id] INT PRIMARY KEY, [next_id] INT NOT NULL,
        CONSTRAINT [node_next_fk] FOREIGN KEY ([next_id]) REFERENCES [public].[node] ([id]));
      """;

  static TestDatabase source(boolean deferrable) {
    TestDatabase db = TestDatabases.freshPostgres();
    Sql.exec(db, CYCLE.formatted(deferrable ? "DEFERRABLE INITIALLY IMMEDIATE" : ""));
    Sql.exec(db, SELF.formatted("DEFERRABLE INITIALLY IMMEDIATE"));
    Sql.exec(db, "BEGIN; SET session_replication_role = replica;"
        + " INSERT INTO a VALUES (1, 1), (2, 2); INSERT INTO b VALUES (1, 2), (2, 1);"
        + " INSERT INTO emp VALUES (1, 3), (2, 1), (3, 3), (4, 2);"
        + " INSERT INTO node VALUES (1, 2), (2, 3), (3, 1); COMMIT");
    return db;
  }

  @Test
  void aDeferrableCycleLoadsInOneDeferredTransactionOnPostgres() throws Exception {
    // given
    TestDatabase source = source(true);
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, CYCLE.formatted("DEFERRABLE INITIALLY IMMEDIATE"));
    Sql.exec(target, SELF.formatted("DEFERRABLE INITIALLY IMMEDIATE"));
    Path out = dir.resolve("pg");

    // when
    Cli.Run run = inserts(source, "postgres", out);
    InsertScriptsIT.runAll(target, out, "postgres");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String group = InsertScriptsIT.fileNames(out).get(0);
    assertThat(group).startsWith("0001-group-public.");
    assertThat(Files.readString(out.resolve(group)))
        .contains("BEGIN;\nSET CONSTRAINTS ALL DEFERRED;", "INSERT INTO \"public\".\"a\"",
            "INSERT INTO \"public\".\"b\"")
        .doesNotContain("DROP CONSTRAINT");
    assertThat(Sql.rows(target, "SELECT * FROM b ORDER BY id")).containsExactly("1|2", "2|1");
    assertThat(Sql.rows(target, "SELECT * FROM node ORDER BY id"))
        .containsExactly("1|2", "2|3", "3|1");
    assertThat(Sql.rows(target, "SELECT * FROM emp ORDER BY id"))
        .containsExactly("1|3", "2|1", "3|3", "4|2");
  }

  @Test
  void aRigidCycleLoadsOnPostgresAsTheTablesOwnerWithItsConstraintsCheckedAgain()
      throws Exception {
    // given: not deferrable, and the script runs as the (non-superuser) owner of the tables
    TestDatabase source = source(false);
    TestDatabase admin = TestDatabases.freshPostgres();
    String role = TestDatabases.createPostgresLogin(admin, "owner-secret");
    Sql.exec(admin, "GRANT CREATE ON SCHEMA public TO " + role);
    TestDatabase target = new TestDatabase("postgres", admin.bareUrl() + "?user=" + role
        + "&password=owner-secret", admin.name());
    Sql.exec(target, CYCLE.formatted(""));
    Sql.exec(target, SELF.formatted("DEFERRABLE INITIALLY IMMEDIATE"));
    Path out = dir.resolve("pg");

    // when
    Cli.Run run = inserts(source, "postgres", out);

    // then: the cycle's file drops one constraint and adds it again in its transaction
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String group = InsertScriptsIT.fileNames(out).get(0);
    String text = Files.readString(out.resolve(group));
    assertThat(text).contains("BEGIN;\nALTER TABLE \"public\".\"b\" DROP CONSTRAINT \"b_a_fk\";",
        "ALTER TABLE \"public\".\"b\" ADD CONSTRAINT \"b_a_fk\" FOREIGN KEY (\"a_id\") REFERENCES"
            + " \"public\".\"a\" (\"id\");\nCOMMIT;");
    InsertScriptsIT.runAll(target, out, "postgres");
    assertThat(Sql.rows(target, "SELECT * FROM a ORDER BY id")).containsExactly("1|1", "2|2");
    assertThat(Sql.rows(target, "SELECT * FROM emp ORDER BY id"))
        .containsExactly("1|3", "2|1", "3|3", "4|2");
    assertThat(Sql.rows(target, "SELECT * FROM node ORDER BY id"))
        .containsExactly("1|2", "2|3", "3|1");
    assertThat(Sql.rows(target, "SELECT conname, convalidated::text FROM pg_constraint WHERE contype"
        + " = 'f' ORDER BY 1")).containsExactly("a_b_fk|true", "b_a_fk|true", "emp_boss_fk|true",
            "node_next_fk|true");

    // and a file whose rows break a reference fails when the constraint comes back: nothing
    // of it stays, the constraint included
    TestDatabase fresh = TestDatabases.freshPostgres();
    Sql.exec(fresh, CYCLE.formatted(""));
    Path broken = Files.writeString(dir.resolve("broken.sql"), text.replace("(2, 1);", "(2, 9);"));
    assertThatThrownBy(() -> ScriptSql.run(fresh, broken, "postgres"))
        .hasMessageContaining("b_a_fk").hasMessageContaining("violates foreign key");
    assertThat(Sql.rows(fresh, "SELECT count(*) FROM b")).containsExactly("0");
    assertThat(Sql.rows(fresh, "SELECT count(*) FROM pg_constraint WHERE conname = 'b_a_fk'"))
        .containsExactly("1");
  }

  @Test
  void mysqlScriptsProveEveryReferenceOfTheCycleBeforeTheyCommit() throws Exception {
    // given
    TestDatabase source = source(true);
    TestDatabase target = TestDatabases.freshMariaDb();
    SqlScripts.execute(target, CYCLE.formatted(""));
    SqlScripts.execute(target, SELF.formatted(""));
    Path out = dir.resolve("mysql");

    // when
    Cli.Run run = inserts(source, "mysql", out);
    InsertScriptsIT.runAll(target, out, "mysql");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String group = InsertScriptsIT.fileNames(out).get(0);
    String text = Files.readString(out.resolve(group));
    assertThat(text).contains("START TRANSACTION;\nSET SESSION FOREIGN_KEY_CHECKS = 0;",
        "SET SESSION FOREIGN_KEY_CHECKS = 1;\n-- proof", "COMMIT;");
    assertThat(run.out()).contains("every reference is proven before the commit");
    assertThat(Sql.rows(target, "SELECT * FROM a ORDER BY id")).containsExactly("1|1", "2|2");
    assertThat(Sql.rows(target, "SELECT * FROM emp ORDER BY id"))
        .containsExactly("1|3", "2|1", "3|3", "4|2");
    assertThat(Sql.rows(target, "SELECT * FROM node ORDER BY id"))
        .containsExactly("1|2", "2|3", "3|1");

    // and a file whose rows break a reference stops at its proof: nothing is committed
    TestDatabase fresh = TestDatabases.freshMariaDb();
    SqlScripts.execute(fresh, CYCLE.formatted(""));
    Path broken = Files.writeString(dir.resolve("broken.sql"), text.replace("(2, 1);", "(2, 9);"));
    assertThatThrownBy(() -> ScriptSql.run(fresh, broken, "mysql"))
        .hasMessageContaining("more than 1 row");
    assertThat(Sql.rows(fresh, "SELECT COUNT(*) FROM a")).containsExactly("0");
    assertThat(Sql.rows(fresh, "SELECT COUNT(*) FROM b")).containsExactly("0");
  }

  @Test
  void sqlServerScriptsDisableTheCyclesConstraintAndCheckItAgain() throws Exception {
    // given
    TestDatabase source = source(false);
    Path out = dir.resolve("ss");

    // when
    Cli.Run run = inserts(source, "sqlserver", out);

    // then: it parses, and H2 (SQL Server mode, its own switch for the same) loads it
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String group = InsertScriptsIT.fileNames(out).get(0);
    String text = Files.readString(out.resolve(group));
    assertThat(text).contains("BEGIN TRANSACTION;\nALTER TABLE [public].[b] NOCHECK CONSTRAINT"
        + " [b_a_fk];", "ALTER TABLE [public].[b] WITH CHECK CHECK CONSTRAINT [b_a_fk];\n"
        + "COMMIT TRANSACTION;\nGO\n");
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:cycles;MODE=MSSQLServer");
        Statement s = h2.createStatement()) {
      for (String sql : ScriptSql.statements(H2_SCHEMA, "sqlserver")) {
        s.execute(sql);
      }
      for (String name : InsertScriptsIT.fileNames(out)) {
        if (name.endsWith(".sql")) {
          ScriptSql.parseAll(out.resolve(name), "sqlserver");
          ScriptSql.runOnH2(h2, out.resolve(name));
        }
      }
      assertThat(ScriptSql.query(h2, "SELECT * FROM [public].[b] ORDER BY 1"))
          .containsExactly("1|2", "2|1");
      assertThat(ScriptSql.query(h2, "SELECT * FROM [public].[emp] ORDER BY 1"))
          .containsExactly("1|3", "2|1", "3|3", "4|2");
    }
  }

  private Cli.Run inserts(TestDatabase source, String dialect, Path out) {
    return Cli.run("script", "inserts", "--from", source.url(), "--dialect", dialect, "--out",
        out.toString(), "--rows-per-insert", "1", "--report",
        dir.resolve("r-" + out.getFileName()).toString());
  }
}
