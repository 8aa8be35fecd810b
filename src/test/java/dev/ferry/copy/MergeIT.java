package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Merge modes write into target tables that already hold rows (docs/merge.md): each source row
 * is inserted, left unchanged, skipped, updated or refused as a conflict, judged by ferry's rule
 * of the same value; a second identical run writes nothing.
 */
class MergeIT {

  @TempDir Path dir;

  /** Source rows: 1 and 5 the target holds as they are, 2 with another name, 3 and 4 not. */
  private static final String[] SOURCE_ROWS = {
    "(1, 'one', 10.50, '2024-02-14 10:00:00.5', %s)",
    "(2, 'two', 20.00, '2024-02-15 11:00:00', %s)",
    "(3, 'three', 30.25, '2024-02-16 12:00:00', %s)",
    "(4, 'four', 40.00, '2024-02-17 13:00:00', %s)",
    "(5, 'five', 50.00, '2024-02-18 14:00:00', %s)"};

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"postgres,skip", "postgres,replace", "postgres,update", "mariadb,skip",
      "mariadb,replace", "mariadb,update", "sqlite,skip", "sqlite,update", "h2,skip",
      "h2,update"})
  void eachSourceRowGetsItsFateAndASecondRunWritesNothing(String engine, String mode)
      throws IOException {
    // given
    TestDatabase source = fresh(engine);
    TestDatabase target = fresh(engine);
    itemTables(engine, source, target);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();

    // when
    Cli.Run run = copy(source.url(), to, "--merge", mode);
    Cli.Run again = copy(source.url(), to, "--merge", mode);

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String two = mode.equals("skip") ? "2|TWO|keep" : "2|two|keep";
    assertThat(Sql.rows(target, "SELECT id, name, extra FROM item ORDER BY id")).containsExactly(
        "1|one|null", two, "3|three|null", "4|four|null", "5|five|null", "9|nine|mine");
    JsonNode fates = fates(run, "item");
    assertThat(fates.path("mode").asText()).isEqualTo(mode);
    assertThat(counts(fates)).containsExactly(2L, mode.equals("skip") ? 0L : 1L, 2L,
        mode.equals("skip") ? 1L : 0L, 0L);
    assertThat(run.out()).contains("merge " + mode + ": 2 inserted");
    assertThat(Files.readString(reports.get(run).resolve("report.html")))
        .contains("rows merged", "<td>" + mode + "</td>");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(counts(fates(again, "item"))).containsExactly(0L, 0L, mode.equals("skip") ? 4L : 5L,
        mode.equals("skip") ? 1L : 0L, 0L);
    assertThat(report(again).path("totals").path("rowsWritten").asLong()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb"})
  void failRefusesBeforeTheFirstWriteNamingTheConflictingKeys(String engine) {
    // given
    TestDatabase source = fresh(engine);
    TestDatabase target = fresh(engine);
    itemTables(engine, source, target);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    List<String> before = Sql.rows(target, "SELECT id, name, extra FROM item ORDER BY id");

    // when
    Cli.Run run = copy(source.url(), to, "--merge", "fail");

    // then: nothing written, not even the rows that would have been inserted
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.out() + run.err()).contains("merge fail: 1 row of", "key 2 (name differ");
    assertThat(Sql.rows(target, "SELECT id, name, extra FROM item ORDER BY id"))
        .isEqualTo(before);
  }

  @Test
  void mariaDbValuesEqualInPostgresAreUnchangedSoAFinishedCopyRerunsUnderFail()
      throws IOException {
    // given: a MariaDB source copied into PostgreSQL (decimals, datetimes, bytes, text)
    TestDatabase source = TestDatabases.freshMariaDb();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, ddl("mariadb", false));
    insert("mariadb", source, SOURCE_ROWS);
    Sql.exec(target, ddl("postgres", false));
    String to = ForeignKeySetAsideIT.ownerOf(target);
    Cli.Run first = copy(source.url(), to);
    assertThat(first.exitCode()).as(first.toString()).isZero();

    // when
    Cli.Run again = copy(source.url(), to, "--merge", "fail");

    // then
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(counts(fates(again, "item"))).containsExactly(0L, 0L, 5L, 0L, 0L);
    assertThat(report(again).path("totals").path("rowsWritten").asLong()).isZero();
  }

  @Test
  void valuesOfOtherJavaTypesButTheSameValueAreUnchanged() throws IOException {
    // given: a MariaDB integer into a PostgreSQL numeric, a date into a timestamp, a decimal
    // into one of larger scale, each read back as another Java object than the source's, and
    // a CHAR that PostgreSQL hands back padded
    TestDatabase source = TestDatabases.freshMariaDb();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE measure (id int PRIMARY KEY, qty int, day date,"
        + " price decimal(10,1), code char(5))", "INSERT INTO measure VALUES"
        + " (1, 7, '2024-02-14', 10.5, 'ab'), (2, 8, '2024-02-15', 11.5, 'cd')");
    Sql.exec(target, "CREATE TABLE measure (id int PRIMARY KEY, qty numeric(12,2), day timestamp,"
        + " price numeric(10,3), code char(5))", "INSERT INTO measure VALUES"
        + " (1, 7, '2024-02-14', 10.5, 'ab'), (2, 9, '2024-02-15', 11.5, 'cd')");
    String to = ForeignKeySetAsideIT.ownerOf(target);

    // when
    Cli.Run run = copy(source.url(), to, "--merge", "update");

    // then: only row 2's qty differs
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(counts(fates(run, "measure"))).containsExactly(0L, 1L, 1L, 0L, 0L);
    assertThat(Sql.rows(target, "SELECT id, qty FROM measure ORDER BY id"))
        .containsExactly("1|7.00", "2|8.00");
  }

  @Test
  void aFloat4WidenedIntoAFloat8IsUnchangedAsVerifyFindsItEqual() throws IOException {
    // given: single-precision source values, and a target holding them widened to double
    // precision exactly (0.1f is 0.10000000149011612), as a binary transfer writes them
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE reading (id int PRIMARY KEY, value real, code char(4))",
        "INSERT INTO reading VALUES (1, 0.1, 'ab'), (2, 3.14159, 'cd'), (3, 1e-7, NULL)");
    Sql.exec(target, "CREATE TABLE reading (id int PRIMARY KEY, value double precision,"
        + " code varchar(4))", "INSERT INTO reading VALUES (1, 0.1::real, 'ab'),"
        + " (2, 3.14159::real, 'cd'), (3, 1e-7::real, NULL)");
    String to = ForeignKeySetAsideIT.ownerOf(target);
    assertThat(Cli.run("verify", "--from", source.url(), "--to", to, "--out",
        dir.resolve("verify").toString()).exitCode()).isZero();

    // when
    Cli.Run run = copy(source.url(), to, "--merge", "fail");

    // then: the same binary32 values and the same text without CHAR's padding: no conflict
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(counts(fates(run, "reading"))).containsExactly(0L, 0L, 3L, 0L, 0L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb"})
  void compositeKeysFindTheirRows(String engine) throws IOException {
    // given
    TestDatabase source = fresh(engine);
    TestDatabase target = fresh(engine);
    String ddl = "CREATE TABLE line (order_id int NOT NULL, line_no int NOT NULL, qty int,"
        + " PRIMARY KEY (order_id, line_no))";
    Sql.exec(source, ddl, "INSERT INTO line VALUES (1, 1, 5), (1, 2, 6), (2, 1, 7), (2, 2, 8)");
    Sql.exec(target, ddl, "INSERT INTO line VALUES (1, 1, 5), (1, 2, 60), (2, 2, 8), (3, 1, 9)");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();

    // when
    Cli.Run run = copy(source.url(), to, "--merge", "update");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT order_id, line_no, qty FROM line ORDER BY 1, 2"))
        .containsExactly("1|1|5", "1|2|6", "2|1|7", "2|2|8", "3|1|9");
    assertThat(counts(fates(run, "line"))).containsExactly(1L, 1L, 2L, 0L, 0L);
  }

  @Test
  void aDryRunReportsTheFatesTheRunThenGives() throws IOException {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    itemTables("postgres", source, target);
    String to = ForeignKeySetAsideIT.ownerOf(target);

    // when
    Cli.Run dry = copy(source.url(), to, "--merge", "update", "--dry-run");
    List<String> afterDry = Sql.rows(target, "SELECT id, name, extra FROM item ORDER BY id");
    Cli.Run real = copy(source.url(), to, "--merge", "update");

    // then
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(afterDry).containsExactly("1|one|null", "2|TWO|keep", "5|five|null",
        "9|nine|mine");
    assertThat(counts(fates(dry, "item"))).isEqualTo(counts(fates(real, "item")))
        .containsExactly(2L, 1L, 2L, 0L, 0L);
    assertThat(report(dry).path("totals").path("rowsWritten").asLong())
        .isEqualTo(report(real).path("totals").path("rowsWritten").asLong()).isEqualTo(3);
  }

  @Test
  void aTablesEntryOverridesMergeForItsTable() throws IOException {
    // given
    TestDatabase source = TestDatabases.freshSqlite();
    TestDatabase target = TestDatabases.freshSqlite();
    itemTables("sqlite", source, target);
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  item:\n    merge: skip\n");

    // when
    Cli.Run run = copy(source.url(), target.url(), "--config", config.toString(), "--merge",
        "replace");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(fates(run, "item").path("mode").asText()).isEqualTo("skip");
    assertThat(Sql.rows(target, "SELECT name FROM item WHERE id = 2")).containsExactly("TWO");
  }

  @Test
  void aTablesEntryNamingNoTableIsRefusedWithItsLineAndNothingIsWritten() throws IOException {
    // given
    TestDatabase source = TestDatabases.freshSqlite();
    TestDatabase target = TestDatabases.freshSqlite();
    itemTables("sqlite", source, target);
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  item:\n    merge: skip\n  itme:\n    merge: update\n");

    // when
    Cli.Run run = copy(source.url(), target.url(), "--config", config.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(config + ":4: tables: 'itme' names no table", "nearest: item");
    assertThat(Sql.count(target, "item")).isEqualTo(4);
    assertThat(Sql.rows(target, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'ferry%'"))
        .containsExactly("0");
  }

  @Test
  void anUnknownModeOrSettingIsRefusedWithItsLine() throws IOException {
    // given
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  item:\n    merge: upsert\n");
    Path other = dir.resolve("other.yaml");
    Files.writeString(other, "tables:\n  item:\n    merge: skip\n    mode: x\n");
    TestDatabase source = TestDatabases.freshSqlite();
    TestDatabase target = TestDatabases.freshSqlite();
    itemTables("sqlite", source, target);

    // when
    Cli.Run mode = copy(source.url(), target.url(), "--config", config.toString());
    Cli.Run setting = copy(source.url(), target.url(), "--config", other.toString());
    Cli.Run option = copy(source.url(), target.url(), "--merge", "upsert");
    Cli.Run truncate = copy(source.url(), target.url(), "--merge", "skip", "--truncate-target");

    // then
    assertThat(mode.exitCode()).as(mode.toString()).isEqualTo(2);
    assertThat(mode.err()).contains(config + ":3: tables.item.merge must be one of fail, skip,"
        + " replace, update, newer-wins, not 'upsert'");
    assertThat(setting.exitCode()).as(setting.toString()).isEqualTo(2);
    assertThat(setting.err()).contains(other + ":4: unknown setting 'mode'");
    assertThat(option.exitCode()).as(option.toString()).isEqualTo(2);
    assertThat(option.err()).contains("--merge must be one of");
    assertThat(truncate.exitCode()).as(truncate.toString()).isEqualTo(2);
    assertThat(truncate.err()).contains("--truncate-target");
    assertThat(Sql.count(target, "item")).isEqualTo(4);
  }

  @Test
  void aPrincipalThatMayNotUpdateIsRefusedBeforeWritingAnUpdatingMode() {
    // given: a login that may read and insert into item, not update it
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    itemTables("postgres", source, target);
    Sql.exec(target, "CREATE SCHEMA ferry");
    String role = TestDatabases.createPostgresLogin(target, "pw");
    Sql.exec(target, "GRANT SELECT, INSERT ON item TO " + role,
        "ALTER SCHEMA ferry OWNER TO " + role);
    String to = target.bareUrl() + "?user=" + role + "&password=pw";

    // when
    Cli.Run skip = copy(source.url(), to, "--merge", "skip");
    Cli.Run update = copy(source.url(), to, "--merge", "update");

    // then: skip only inserts; update is refused naming the privilege, nothing written
    assertThat(skip.exitCode()).as(skip.toString()).isZero();
    assertThat(update.exitCode()).as(update.toString()).isEqualTo(4);
    assertThat(update.out() + update.err()).contains("UPDATE");
    assertThat(Sql.rows(target, "SELECT name FROM item WHERE id = 2")).containsExactly("TWO");
  }

  @Test
  void skipOnATableWhoseCycleIsFilledAfterwardsIsRefusedButUpdateMerges() {
    // given: a self-reference the owner loads as NULL first and fixes up afterwards
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    String ddl = "CREATE TABLE node (id int PRIMARY KEY, parent_id int REFERENCES node (id),"
        + " name text)";
    Sql.exec(source, ddl, "INSERT INTO node VALUES (1, NULL, 'root'), (2, 3, 'a'), (3, 1, 'b')");
    Sql.exec(target, ddl, "INSERT INTO node VALUES (1, NULL, 'root'), (3, NULL, 'b')");
    String to = ForeignKeySetAsideIT.ownerOf(target);

    // when
    Cli.Run skip = copy(source.url(), to, "--merge", "skip");
    Cli.Run update = copy(source.url(), to, "--merge", "update");

    // then
    assertThat(skip.exitCode()).as(skip.toString()).isEqualTo(4);
    assertThat(skip.out() + skip.err()).contains("merge skip for public.node: its columns"
        + " [parent_id] are loaded as NULL first");
    assertThat(update.exitCode()).as(update.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, parent_id, name FROM node ORDER BY id"))
        .containsExactly("1|null|root", "2|3|a", "3|1|b");
  }

  @Test
  void anImportMergesABundleAsACopyMergesADatabase() throws IOException {
    // given
    TestDatabase source = TestDatabases.freshSqlite();
    TestDatabase target = TestDatabases.freshSqlite();
    itemTables("sqlite", source, target);
    Path bundle = dir.resolve("bundle");
    Cli.Run export = Cli.run("export", "--from", source.url(), "--to", bundle.toString(),
        "--report", dir.resolve("e").toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    Path report = dir.resolve("i");

    // when
    Cli.Run run = Cli.run("import", "--from", bundle.toString(), "--to", target.url(),
        "--merge", "update", "--report", report.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(counts(Json.mapper().readTree(Files.readString(report.resolve("run-report.json")))
        .path("tables").get(0).path("merge"))).containsExactly(2L, 1L, 2L, 0L, 0L);
    assertThat(Sql.rows(target, "SELECT name FROM item WHERE id = 2")).containsExactly("two");
  }

  @Test
  void anUpdateTriggerIsRefusedForAnUpdatingModeUnlessAllowed() {
    // given: a trigger on UPDATE the table's owner cannot silence
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    itemTables("postgres", source, target);
    Sql.exec(target, "CREATE TABLE audit (what text)",
        "CREATE FUNCTION log_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " INSERT INTO audit VALUES ('updated ' || NEW.id); RETURN NEW; END $$",
        "CREATE TRIGGER item_updated BEFORE UPDATE ON item FOR EACH ROW"
            + " EXECUTE FUNCTION log_update()");
    String to = ForeignKeySetAsideIT.ownerOf(target);

    // when
    Cli.Run update = copy(source.url(), to, "--merge", "update", "--include", "item");
    Cli.Run allowed = copy(source.url(), to, "--merge", "update", "--include", "item",
        "--allow-triggers");

    // then
    assertThat(update.exitCode()).as(update.toString()).isEqualTo(4);
    assertThat(update.out() + update.err()).contains("item_updated");
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT what FROM audit")).containsExactly("updated 2");
  }

  @Test
  void aKeylessTableWithAModeIsRefused() {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE note (body text)", "INSERT INTO note VALUES ('a')");
    Sql.exec(target, "CREATE TABLE note (body text)", "INSERT INTO note VALUES ('b')");

    // when
    Cli.Run run = copy(source.url(), target.url(), "--merge", "skip");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.out() + run.err()).contains("merge skip for public.note: the table has no"
        + " primary or non-null unique key");
    assertThat(Sql.rows(target, "SELECT body FROM note")).containsExactly("b");
  }

  // ---- helpers ----

  private final java.util.Map<Cli.Run, Path> reports = new java.util.IdentityHashMap<>();

  private Cli.Run copy(String from, String to, String... more) {
    Path report = dir.resolve("r" + System.nanoTime());
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--report", report.toString()));
    args.addAll(List.of(more));
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    reports.put(run, report);
    return run;
  }

  static TestDatabase fresh(String engine) {
    return switch (engine) {
      case "postgres" -> TestDatabases.freshPostgres();
      case "mariadb" -> TestDatabases.freshMariaDb();
      case "sqlite" -> TestDatabases.freshSqlite();
      default -> TestDatabases.freshH2();
    };
  }

  /** The item table on both sides: the source's five rows; the target's 1, 2 (changed), 5, 9. */
  static void itemTables(String engine, TestDatabase source, TestDatabase target) {
    Sql.exec(source, ddl(engine, false));
    insert(engine, source, SOURCE_ROWS);
    Sql.exec(target, ddl(engine, true));
    insert(engine, target, SOURCE_ROWS[0].replace(")", ", NULL)"),
        SOURCE_ROWS[1].replace("'two'", "'TWO'").replace(")", ", 'keep')"),
        SOURCE_ROWS[4].replace(")", ", NULL)"),
        "(9, 'nine', 90.00, '2024-03-01 00:00:00', %s, 'mine')");
  }

  static String ddl(String engine, boolean extra) {
    String types = switch (engine) {
      case "postgres" -> "numeric(10,2), at timestamp, data bytea";
      case "mariadb" -> "decimal(10,2), at datetime(6), data varbinary(16)";
      case "sqlite" -> "numeric, at timestamp, data blob";
      default -> "decimal(10,2), at timestamp, data varbinary(16)";
    };
    return "CREATE TABLE item (id int PRIMARY KEY, name varchar(40), price " + types
        + (extra ? ", extra varchar(20)" : "") + ")";
  }

  static void insert(String engine, TestDatabase db, String... rows) {
    List<String> values = new ArrayList<>();
    for (String row : rows) {
      int id = Integer.parseInt(row.substring(1, row.indexOf(',')));
      String hex = String.format(Locale.ROOT, "%02x%02x", id, id + 16);
      values.add(String.format(Locale.ROOT, row, engine.equals("postgres")
          ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'"));
    }
    Sql.exec(db, "INSERT INTO item VALUES " + String.join(", ", values));
  }

  private JsonNode report(Cli.Run run) throws IOException {
    return Json.mapper().readTree(Files.readString(reports.get(run).resolve("run-report.json")));
  }

  private JsonNode fates(Cli.Run run, String table) throws IOException {
    for (JsonNode t : report(run).path("tables")) {
      if (t.path("target").asText().toLowerCase(Locale.ROOT).endsWith(table)) {
        return t.path("merge");
      }
    }
    throw new AssertionError("no table " + table + " in the report\n" + run);
  }

  /** inserted, updated, unchanged, skipped, conflicts. */
  static List<Long> counts(JsonNode fates) {
    return List.of(fates.path("inserted").asLong(-1), fates.path("updated").asLong(-1),
        fates.path("unchanged").asLong(-1), fates.path("skipped").asLong(-1),
        fates.path("conflicts").asLong(-1));
  }
}
