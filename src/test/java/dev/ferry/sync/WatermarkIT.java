package dev.ferry.sync;

import static dev.ferry.sync.SyncDatabases.exec;
import static dev.ferry.sync.SyncDatabases.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Watermarks (docs/sync.md): a cycle reads only the rows whose watermark column grew since the
 * last cycle done (a timestamp on one table, with a where: of its own, a version number on
 * the other), a cycle with
 * nothing changed reads none, and a watermark column the table lacks or one that does not order
 * is refused before anything is written (exit 2, sync.yaml and its line).
 */
class WatermarkIT {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb"})
  void aCycleReadsOnlyTheRowsChangedSinceTheLastOneAndAQuietOneReadsNone(String engine)
      throws Exception {
    // given: ten items and ten parts, copied by a first cycle
    TestDatabase source = tables(SyncDatabases.fresh(engine), engine);
    TestDatabase target = owned(tables(SyncDatabases.fresh(engine), engine), engine);
    exec(source, "INSERT INTO item (id, name, changed_at) SELECT id, name, changed_at FROM ("
        + values("TIMESTAMP '2026-01-01 10:00:00'") + ") v",
        "INSERT INTO part (id, name, version) SELECT id, name, changed_at FROM ("
            + values("1") + ") v");
    Path file = config(source, target, "    tables:\n"
        + "      item: {watermark: changed_at, watermark-overlap: 0s, where: 'id <> 5'}\n"
        + "      part: {watermark: version}\n");
    Cli.Result first = Cli.run("sync", "--config", file.toString(), "--once");

    // when: three rows of each table change, then two more cycles
    exec(source, "UPDATE item SET name = 'new', changed_at = TIMESTAMP '2026-01-02 10:00:00'"
        + " WHERE id IN (2, 5, 9)", "UPDATE part SET name = 'new', version = 2 WHERE id IN (1,"
        + " 4, 7)");
    Cli.Result second = Cli.run("sync", "--config", file.toString(), "--once");
    long secondRead = lastRowsRead();
    Cli.Result third = Cli.run("sync", "--config", file.toString(), "--once");
    long thirdRead = lastRowsRead();

    // then
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(secondRead).as("the changed rows its where: selects only").isEqualTo(5);
    assertThat(thirdRead).as("nothing changed, nothing read").isZero();
    assertThat(rows(target, "SELECT id FROM item WHERE name = 'new' ORDER BY id"))
        .containsExactly("2", "9");
    assertThat(rows(target, "SELECT id FROM part WHERE name = 'new' ORDER BY id"))
        .containsExactly("1", "4", "7");
    assertThat(SyncDatabases.cycles(target, "wm")).containsExactly(
        "done|19|0|0|0|0", "done|0|5|0|0|0", "done|0|0|0|0|0");
    String marks = engine.equals("postgres") ? "ferry.sync_watermarks" : "ferry_sync_watermarks";
    assertThat(rows(target, "SELECT table_name, watermark_column FROM " + marks
        + " ORDER BY table_name")).hasSize(2);
  }

  @Test
  void aSuperusersChangesOnlyCycleChecksItsKeysAsItWritesInsteadOfProvingWholeTables()
      throws Exception {
    // given: a parent and a child table, both watermarked, written into PostgreSQL by a
    // superuser, whose copy loads a table with its keys unchecked and proves them afterwards
    // over every row (from MariaDB: no hash ranges, so the first cycle reads every row)
    TestDatabase source = SyncDatabases.fresh("mariadb");
    TestDatabase target = SyncDatabases.fresh("postgres");
    for (TestDatabase db : List.of(source, target)) {
      String time = db == source ? "DATETIME(6)" : "TIMESTAMP(6)";
      exec(db, "CREATE TABLE team (id INTEGER PRIMARY KEY, changed_at " + time + " NOT NULL)",
          "CREATE TABLE member (id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL, changed_at "
              + time + " NOT NULL, CONSTRAINT member_team FOREIGN KEY (team_id) REFERENCES"
              + " team (id))");
    }
    exec(source, "INSERT INTO team VALUES (1, TIMESTAMP '2026-01-01 10:00:00')",
        "INSERT INTO member VALUES (1, 1, TIMESTAMP '2026-01-01 10:00:00')");
    Path file = config(source, target, "    tables:\n"
        + "      team: {watermark: changed_at, watermark-overlap: 0s}\n"
        + "      member: {watermark: changed_at, watermark-overlap: 0s}\n");
    Cli.Result first = Cli.run("sync", "--config", file.toString(), "--once");
    JsonNode firstReport = lastReport();

    // when: a new team and its member, then a cycle that reads only them
    exec(source, "INSERT INTO team VALUES (2, TIMESTAMP '2026-01-02 10:00:00')",
        "INSERT INTO member VALUES (2, 2, TIMESTAMP '2026-01-02 10:00:00')");
    Cli.Result second = Cli.run("sync", "--config", file.toString(), "--once");
    JsonNode secondReport = lastReport();

    // then: the first cycle proved the key over the whole table; the second let the target
    // check the rows it wrote, and proved nothing afterwards
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(firstReport.path("orphanChecks").toString()).as(firstReport.toString())
        .contains("member_team");
    assertThat(secondReport.path("orphanChecks").size()).isZero();
    assertThat(secondReport.path("totals").path("rowsRead").asLong()).isEqualTo(2);
    assertThat(rows(target, "SELECT id, team_id FROM member ORDER BY id"))
        .containsExactly("1|1", "2|2");
  }

  @Test
  void aWatermarkColumnTheTableLacksOrThatDoesNotOrderIsRefusedWithItsLine() throws Exception {
    TestDatabase source = tables(SyncDatabases.fresh("postgres"), "postgres");
    TestDatabase target = owned(tables(SyncDatabases.fresh("postgres"), "postgres"), "postgres");
    exec(source, "ALTER TABLE item ADD COLUMN flag BOOLEAN");

    Path missing = config(source, target, "    tables:\n"
        + "      item: {watermark: changed}\n");
    Cli.Result noColumn = Cli.run("sync", "--config", missing.toString(), "--once");
    Path unordered = config(source, target, "    tables:\n"
        + "      item: {watermark: flag}\n");
    Cli.Result noOrder = Cli.run("sync", "--config", unordered.toString(), "--once");

    assertThat(noColumn.exitCode()).as(noColumn.toString()).isEqualTo(2);
    assertThat(noColumn.out()).contains("sync.yaml:10").contains("'changed' is not a column");
    assertThat(noOrder.exitCode()).as(noOrder.toString()).isEqualTo(2);
    assertThat(noOrder.out()).contains("sync.yaml:10").contains("does not order");
    assertThat(rows(target, "SELECT count(*) FROM information_schema.tables WHERE table_schema"
        + " = 'ferry'")).as("nothing written, state tables included").containsExactly("0");
  }

  private static TestDatabase tables(TestDatabase db, String engine) {
    String time = engine.equals("postgres") ? "TIMESTAMP(6)" : "DATETIME(6)";
    exec(db, "CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL,"
        + " changed_at " + time + " NOT NULL)", "CREATE TABLE part (id INTEGER PRIMARY KEY,"
        + " name VARCHAR(50) NOT NULL, version BIGINT NOT NULL)");
    return db;
  }

  /** On PostgreSQL, the tables and ferry's schema owned by a login that is no superuser. */
  private static TestDatabase owned(TestDatabase db, String engine) {
    if (!engine.equals("postgres")) {
      return db;
    }
    String role = TestDatabases.createPostgresLogin(db, SyncDatabases.PASSWORD);
    exec(db, "ALTER TABLE item OWNER TO " + role, "ALTER TABLE part OWNER TO " + role,
        "CREATE SCHEMA ferry AUTHORIZATION " + role);
    return new TestDatabase(db.engine(), db.bareUrl() + "?user=" + role, db.name());
  }

  /** Ten rows (id, name, changed_at) with the third column given. */
  private static String values(String third) {
    StringBuilder sql = new StringBuilder();
    for (int id = 1; id <= 10; id++) {
      sql.append(id == 1 ? "" : " UNION ALL ").append("SELECT ").append(id)
          .append(" AS id, 'old' AS name, ").append(third).append(" AS changed_at");
    }
    return sql.toString();
  }

  private Path config(TestDatabase source, TestDatabase target, String more)
      throws Exception {
    return SyncDatabases.config(dir, SyncDatabases.job("wm", source.url(), target, more));
  }

  /** rowsRead of the newest cycle's run report. */
  private long lastRowsRead() throws Exception {
    return lastReport().path("totals").path("rowsRead").asLong(-1);
  }

  /** The newest cycle's run report. */
  private JsonNode lastReport() throws Exception {
    Path reports = dir.resolve("runs").resolve("wm");
    try (Stream<Path> runs = Files.list(reports)) {
      Path newest = runs.sorted().reduce((a, b) -> b).orElseThrow();
      return dev.ferry.json.Json.mapper().readTree(newest.resolve("run-report.json").toFile());
    }
  }
}
