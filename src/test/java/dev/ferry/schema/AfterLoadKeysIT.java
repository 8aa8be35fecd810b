package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy --create-schema} creates the foreign keys after the load, each checked against
 * every loaded row: a key the rows break fails the run naming the key (exit 3) with the rows
 * loaded and the run left to resume, on PostgreSQL (validated, as a table owner) and MariaDB;
 * into H2 the keys are there afterwards and the phase is recorded done.
 */
class AfterLoadKeysIT {

  /** A child row whose parent is missing: MariaDB lets it in with its checks off. */
  private static final String ORPHAN = """
      CREATE TABLE parent (id INT PRIMARY KEY);
      CREATE TABLE child (id INT PRIMARY KEY, parent_id INT,
        CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));
      INSERT INTO parent VALUES (1);
      SET FOREIGN_KEY_CHECKS = 0;
      INSERT INTO child VALUES (1, 1), (2, 7);
      SET FOREIGN_KEY_CHECKS = 1;
      """;

  @TempDir Path dir;

  @Test
  void aKeyTheLoadedRowsBreakFailsTheRunNamingItOnPostgresAndMariaDb() throws Exception {
    for (TestDatabase target : List.of(SchemaDdlIT.owner(TestDatabases.freshPostgres()),
        TestDatabases.freshMariaDb())) {
      // given
      TestDatabase source = TestDatabases.freshMariaDb();
      SqlScripts.execute(source, ORPHAN);

      // when
      Cli.Result run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
          "--create-schema", "--report", dir.resolve("run-" + target.name()).toString());

      // then: the rows are there, the key is not, and the run is not done
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err()).contains("child_parent", "could not be created after the load",
          "--resume");
      assertThat(rows(target, "SELECT count(*) FROM child")).containsExactly("2");
      assertThat(rows(target, target.url().startsWith("jdbc:postgresql")
          ? "SELECT status FROM ferry.run" : "SELECT status FROM ferry_run"))
          .doesNotContain("done");
    }
  }

  @Test
  void aKeyAReusedTableAlreadyHasIsStillProvenAgainstTheLoadedRows() throws Exception {
    // given: the target's child table already has the key, so the run does not create it: only
    // an orphan check can prove the rows a superuser loads with the key's checks off (replica)
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, ORPHAN);
    TestDatabase target = TestDatabases.freshPostgres();
    SqlScripts.execute(target, """
        CREATE TABLE parent (id INT PRIMARY KEY);
        CREATE TABLE child (id INT PRIMARY KEY, parent_id INT,
          CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));
        """);

    // when
    Cli.Result run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema=reuse", "--report", dir.resolve("reused").toString());

    // then: the orphan is found and named, and the run is not done
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.toString()).contains("child_parent: 1 rows reference no parent");
    assertThat(rows(target, "SELECT status FROM ferry.run")).doesNotContain("done");
  }

  @Test
  void aKeyCreatedAfterTheLoadIsReportedProvenByItsCreation() throws Exception {
    // given
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, CreateSchemaIT.MARIADB_CYCLE);
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());

    // when
    Cli.Result run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema", "--report", dir.resolve("created").toString());

    // then: every key the load did not check is listed as proven, and is valid in the target
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String report = java.nio.file.Files.readString(dir.resolve("created/run-report.json"));
    assertThat(report).contains("\"constraint\" : \"" + source.name() + ".emp.emp_dept\",\n"
        + "      \"orphans\" : 0,\n      \"passed\" : true").doesNotContain("\"passed\" : false");
    assertThat(rows(target, "SELECT conname FROM pg_constraint WHERE contype = 'f'"
        + " AND convalidated ORDER BY conname"))
        .containsExactly("dept_head", "dept_parent", "emp_dept");
  }

  @Test
  void intoH2TheKeysComeAfterTheLoadAndThePhaseIsRecordedDone() throws Exception {
    // given
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, CreateSchemaIT.MARIADB_CYCLE);
    TestDatabase target = TestDatabases.freshH2();
    TestDatabases.connect(target).close();

    // when
    Cli.Result run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema", "--report", dir.resolve("run").toString());
    Cli.Result again = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema", "--resume", "--report", dir.resolve("again").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(rows(target, "SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
        + " WHERE CONSTRAINT_TYPE = 'FOREIGN KEY' AND TABLE_SCHEMA = 'PUBLIC'"
        + " ORDER BY CONSTRAINT_NAME")).containsExactly("dept_head", "dept_parent", "emp_dept");
    assertThat(rows(target, "SELECT \"unit\", \"done\" FROM FERRY.CHECKPOINT WHERE"
        + " \"unit\" LIKE 'schema:%'")).containsExactly("schema:after-load 1");
  }

  /** A PostgreSQL check added NOT VALID over a row that breaks it. */
  private static final String BROKEN_CHECK = """
      CREATE TABLE stock (id int PRIMARY KEY, qty int);
      INSERT INTO stock VALUES (1, 5), (2, -3);
      ALTER TABLE stock ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;
      """;

  @Test
  void checksArriveAfterTheLoadOnEveryEngineAndPostgresValidatesThem() throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, SchemaDdlIT.MARIADB_CHECKS + "INSERT INTO `Pri\"ce list`"
        + " VALUES (1, 5, 'it\\'s; --', '{}'), (2, 0, NULL, NULL);");
    for (TestDatabase target : List.of(SchemaDdlIT.owner(TestDatabases.freshPostgres()),
        TestDatabases.freshMariaDb(), TestDatabases.freshH2(), TestDatabases.freshSqlite())) {
      TestDatabases.connect(target).close();

      Cli.Result run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
          "--create-schema", "--report", dir.resolve("run-" + target.name()).toString());
      Cli.Result verify = Cli.run("verify", "--from", source.url(), "--to", target.url(),
          "--out", dir.resolve("verify-" + target.name()).toString());

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(verify.exitCode()).as(verify.toString()).isZero();
      assertThat(SchemaDdlIT.read(target).tables().get(0).checks()).as(target.engine())
          .extracting(c -> c.name().toLowerCase(java.util.Locale.ROOT))
          .containsExactlyInAnyOrder("note_kind", "note_len", "qty", "range; 'q'");
    }
    TestDatabase pg = SchemaDdlIT.owner(TestDatabases.freshPostgres());
    assertThat(Cli.run("copy", "--from", source.url(), "--to", pg.url(), "--create-schema",
        "--report", dir.resolve("pg").toString()).exitCode()).isZero();
    assertThat(rows(pg, "SELECT conname, convalidated FROM pg_constraint WHERE contype = 'c'"
        + " AND conrelid <> 0 ORDER BY 1")).containsExactly("note_kind t", "note_len t", "qty t",
            "range; 'q' t");
  }

  @Test
  void aCheckTheLoadedRowsBreakFailsTheRunNamingItAndItsTable() throws Exception {
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, BROKEN_CHECK);
    for (TestDatabase target : List.of(SchemaDdlIT.owner(TestDatabases.freshPostgres()),
        TestDatabases.freshMariaDb(), TestDatabases.freshH2(), TestDatabases.freshSqlite())) {
      TestDatabases.connect(target).close();

      Cli.Result run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
          "--create-schema", "--report", dir.resolve("run-" + target.name()).toString());

      assertThat(run.exitCode()).as(run.toString()).isNotZero();
      assertThat(run.err()).as(target.engine()).contains("qty_positive", "stock");
      if (!target.engine().equals("sqlite")) {
        // SQLite checks each row as it is loaded: its copy fails there, with the same names
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("check constraint qty_positive of stock could not be"
            + " created after the load", "--resume");
        assertThat(rows(target, "SELECT count(*) FROM " + dev.ferry.dialect.Dialects.forUrl(
            target.url()).quote("stock"))).containsExactly("2");
      }
    }
  }

  private static List<String> rows(TestDatabase db, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder(rs.getString(1));
        for (int i = 2; i <= n; i++) {
          row.append(' ').append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
