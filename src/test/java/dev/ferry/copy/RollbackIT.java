package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ferry rollback} (docs/rollback.md): after a run and its rollback the target's
 * fingerprint is the one taken before the run, for every merge mode, remap and {@code children:
 * replace}, hostile values included; a row changed since the run, or a later run, is refused.
 */
class RollbackIT {

  @TempDir Path dir;

  /** Text with quotes, a backslash, a tab, a newline, unicode beyond the BMP; and 100k long. */
  static final String HOSTILE = "O'Brien \"q\" \\x ;-- \t\n ß 漢字 😀 ";
  static final String LARGE = HOSTILE.repeat(4_000);

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"postgres,fail", "postgres,skip", "postgres,replace", "postgres,update",
      "postgres,newer-wins", "mariadb,update", "mariadb,replace", "h2,update", "h2,skip"})
  void aRollbackRestoresTheFingerprintTakenBeforeTheRun(String engine, String mode)
      throws Exception {
    // given
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    customers(engine, source, target, !mode.equals("fail"));
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    JsonNode before = fingerprint(to);
    Path config = config("  customer: {merge: " + mode + (mode.equals("newer-wins")
        ? ", newer-by: version" : "") + "}\n  orders: {merge: "
        + (mode.equals("newer-wins") ? "update" : mode) + "}\n");

    // when
    Cli.Run run = copy(source.url(), to, "run", "--config", config.toString());
    JsonNode afterRun = fingerprint(to);
    Cli.Run dry = rollback(to, "run", "--dry-run");
    JsonNode afterDry = fingerprint(to);
    Cli.Run rollback = rollback(to, "run");
    JsonNode afterRollback = fingerprint(to);
    Cli.Run again = rollback(to, "run");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(afterRun).isNotEqualTo(before);
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("Dry run", "inserted rows deleted");
    assertThat(afterDry).isEqualTo(afterRun);
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(afterRollback).isEqualTo(before);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("Nothing to undo");
    assertThat(fingerprint(to)).isEqualTo(before);
    assertThat(Sql.rows(target, "SELECT note FROM customer WHERE id = 2"))
        .isEqualTo(mode.equals("fail") ? List.of() : List.of(LARGE));
  }

  @Test
  void aRemapRollbackDeletesTheGeneratedRowsAndTheRunsPairs() throws Exception {
    // given: the target holds rows of its own with the source's keys
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    String ddl = "CREATE TABLE customer (id serial PRIMARY KEY, name text);"
        + " CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL"
        + " REFERENCES customer (id), body text)";
    Sql.exec(source, ddl, "INSERT INTO customer (name) VALUES ('a'), ('b')",
        "INSERT INTO orders (customer_id, body) VALUES (1, 'x'), (2, 'y'), (2, 'z')");
    Sql.exec(target, ddl, "INSERT INTO customer (name) VALUES ('mine')",
        "INSERT INTO orders (customer_id, body) VALUES (1, 'own')");
    String to = ForeignKeySetAsideIT.ownerOf(target);
    JsonNode before = fingerprint(to);

    // when
    Cli.Run run = copy(source.url(), to, "run", "--keys", "remap");
    long pairs = Sql.count(target, "ferry.id_map_int");
    Cli.Run rollback = rollback(to, "run");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(pairs).isEqualTo(5);
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(fingerprint(to)).isEqualTo(before);
    assertThat(Sql.count(target, "ferry.id_map_int") + Sql.count(target, "ferry.id_map"))
        .isZero();
    assertThat(Sql.count(target, "ferry.row_journal")).isZero();
    assertThat(Sql.rows(target, "SELECT status FROM ferry.run")).containsExactly("rolled-back");
  }

  @Test
  void aChildrenReplaceRollbackInsertsTheDeletedChildrenAgain() throws Exception {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    String ddl = "CREATE TABLE account (id int PRIMARY KEY, name text);"
        + " CREATE TABLE line (id int PRIMARY KEY, account_id int NOT NULL REFERENCES account"
        + " (id), amount int, memo text)";
    Sql.exec(source, ddl, "INSERT INTO account VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO line VALUES (10, 1, 100, 'x'), (11, 1, 110, 'y'), (13, 1, 130, 'z')");
    Sql.exec(target, ddl, "INSERT INTO account VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        "INSERT INTO line VALUES (10, 1, 100, 'x'), (11, 1, 111, NULL), (12, 1, 120, 'gone'),"
            + " (21, 2, 210, 'gone too'), (30, 3, 300, 'own')");
    hostileMemo(target, 12);
    String to = ForeignKeySetAsideIT.ownerOf(target);
    JsonNode before = fingerprint(to);
    Path config = config("  account: {merge: update}\n"
        + "  line: {merge: update, children: replace}\n");

    // when
    Cli.Run run = copy(source.url(), to, "run", "--config", config.toString());
    List<String> afterRun = Sql.rows(target, "SELECT id FROM line ORDER BY id");
    Cli.Run rollback = rollback(to, "run");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(afterRun).containsExactly("10", "11", "13", "30");
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(rollback.out()).contains("2 deleted rows inserted again");
    assertThat(fingerprint(to)).isEqualTo(before);
  }

  @Test
  void aRowChangedSinceTheRunIsRefusedByKeyAndChangesNothingUnlessForced() throws Exception {
    // given: a run updated customer 2 and inserted 3 and 4; then someone changed 3
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    customers("postgres", source, target, true);
    String to = ForeignKeySetAsideIT.ownerOf(target);
    JsonNode before = fingerprint(to);
    Cli.Run run = copy(source.url(), to, "run", "--merge", "update");
    Sql.exec(target, "UPDATE customer SET name = 'changed' WHERE id = 3");
    JsonNode changed = fingerprint(to);

    // when
    Cli.Run refused = rollback(to, "run");
    JsonNode afterRefusal = fingerprint(to);
    Cli.Run forced = rollback(to, "run", "--force");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("1 row was changed since run", "public.customer key 3:"
        + " the run inserted it, and it was changed since", "--force");
    assertThat(afterRefusal).isEqualTo(changed);
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(fingerprint(to)).isEqualTo(before);
  }

  @Test
  void aRunThatIsNotTheLastOnItsTablesIsRefusedNamingTheLaterRun() throws Exception {
    // given: two runs updating the same table, the second after the first
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    customers("postgres", source, target, true);
    String to = ForeignKeySetAsideIT.ownerOf(target);
    Cli.Run first = copy(source.url(), to, "first", "--merge", "update");
    Sql.exec(source, "UPDATE customer SET name = 'later' WHERE id = 1");
    Cli.Run second = copy(source.url(), to, "second", "--merge", "update");

    // when
    Cli.Run refused = rollback(to, "first");
    Cli.Run last = rollback(to, "second");
    Cli.Run nowFirst = rollback(to, "first");

    // then
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("run " + runId("second") + " (started after "
        + runId("first") + ") wrote public.customer");
    assertThat(last.exitCode()).as(last.toString()).isZero();
    assertThat(nowFirst.exitCode()).as(nowFirst.toString()).isZero();
  }

  // ---- helpers ----

  /**
   * customer and orders on both sides. The source: customers 1 (as the target's), 2 (other
   * values, a newer version), 3 and 4 (new, 4 hostile); orders 1 (changed) to 3. The target: 1;
   * 2 with hostile values (when {@code collide}); 9, its own, with NULLs; orders 1 and 9.
   */
  static void customers(String engine, TestDatabase source, TestDatabase target,
      boolean collide) throws SQLException {
    String text = engine.equals("mariadb") ? "longtext" : engine.equals("h2")
        ? "varchar(200000)" : "text";
    String bytes = engine.equals("postgres") ? "bytea" : "varbinary(300)";
    String ts = engine.equals("mariadb") ? "datetime(6)" : "timestamp";
    String ddl = "CREATE TABLE customer (id int PRIMARY KEY, name varchar(200), note " + text
        + ", data " + bytes + ", price decimal(10,2), at " + ts + ", version int)";
    String orders = "CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL"
        + " REFERENCES customer (id), body varchar(100))";
    Sql.exec(source, ddl, orders);
    Sql.exec(target, ddl, orders);
    insert(source, 1, "ann", "n", new byte[] {1}, "1.10", 1);
    insert(source, 2, "bob", "plain", new byte[] {0, (byte) 255}, "20.00", 2);
    insert(source, 3, "cy", null, null, null, 1);
    insert(source, 4, HOSTILE, LARGE, allBytes(), "99999999.99", 1);
    Sql.exec(source, "INSERT INTO orders VALUES (1, 2, 'new body'), (2, 3, 'b'), (3, 4, 'c')");
    insert(target, 1, "ann", "n", new byte[] {1}, "1.10", 1);
    if (collide) {
      insert(target, 2, HOSTILE, LARGE, allBytes(), "12.50", 1);
    }
    insert(target, 9, null, null, null, null, null);
    Sql.exec(target, collide ? "INSERT INTO orders VALUES (1, 2, 'old body'), (9, 9, NULL)"
        : "INSERT INTO orders VALUES (9, 9, NULL)");
  }

  private static void insert(TestDatabase db, int id, String name, String note, byte[] data,
      String price, Integer version) throws SQLException {
    try (Connection c = TestDatabases.connect(db); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO customer VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setInt(1, id);
      ps.setString(2, name);
      ps.setString(3, note);
      ps.setBytes(4, data);
      ps.setBigDecimal(5, price == null ? null : new BigDecimal(price));
      ps.setTimestamp(6, name == null ? null
          : Timestamp.valueOf("2024-02-29 23:59:59." + (123456 + id)));
      if (version == null) {
        ps.setNull(7, java.sql.Types.INTEGER);
      } else {
        ps.setInt(7, version);
      }
      ps.executeUpdate();
    }
  }

  private static void hostileMemo(TestDatabase db, int line) throws SQLException {
    try (Connection c = TestDatabases.connect(db);
        PreparedStatement ps = c.prepareStatement("UPDATE line SET memo = ? WHERE id = ?")) {
      ps.setString(1, LARGE);
      ps.setInt(2, line);
      ps.executeUpdate();
    }
  }

  /** Every byte but NUL. */
  static byte[] allBytes() {
    byte[] b = new byte[255];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i + 1);
    }
    return b;
  }

  private Cli.Run copy(String from, String to, String report, String... more) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--report", dir.resolve(report).toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private Cli.Run rollback(String to, String report, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("rollback", "--to", to, "--run",
        runId(report)));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private String runId(String report) throws IOException {
    return Json.mapper().readTree(Files.readString(dir.resolve(report)
        .resolve("run-report.json"))).path("runId").asText();
  }

  /** The tables of the target's fingerprint (counts and checksums), without its timing. */
  JsonNode fingerprint(String url) throws IOException {
    Path out = dir.resolve("fp-" + System.nanoTime() + ".json");
    Cli.Run run = Cli.run("fingerprint", url, "--out", out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return Json.mapper().readTree(Files.readString(out)).path("tables");
  }

  private Path config(String tables) throws IOException {
    Path file = dir.resolve("ferry-" + System.nanoTime() + ".yaml");
    Files.writeString(file, "tables:\n" + tables);
    return file;
  }
}
