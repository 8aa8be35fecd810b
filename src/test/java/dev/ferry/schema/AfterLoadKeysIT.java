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
