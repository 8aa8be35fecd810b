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
 * The key policy {@code remap} (docs/merge.md, "Key policies"): the target gives the rows new
 * keys, ferry records them in its id map and rewrites every reference through it; a rerun
 * finds every row mapped and inserts none.
 */
class RemapIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite", "h2"})
  void remappedRowsGetTargetKeysAndEveryReferenceFollowsThem(String engine) throws IOException {
    // given: the target already holds customers and an order under the source's key values
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    shopTables(engine, source);
    shopTables(engine, target);
    Sql.exec(source, "INSERT INTO customer (id, name) VALUES (1, 'ann'), (2, 'bob')",
        "INSERT INTO orders (id, customer_id, parent_id, note) VALUES (1, 1, NULL, 'a'),"
            + " (2, 2, 1, 'b'), (3, 1, 2, 'c')",
        "INSERT INTO invoice (id, customer_id) VALUES (10, 2)");
    Sql.exec(target, "INSERT INTO customer (name) VALUES ('zed')",
        "INSERT INTO customer (name) VALUES ('yan')",
        "INSERT INTO orders (customer_id, note) VALUES (1, 'x')");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  customer:\n    keys: remap\n  orders:\n"
        + "    keys: remap\n  invoice:\n    merge: update\n");

    // when
    Cli.Run dry = copy(source.url(), to, "--config", config.toString(), "--dry-run");
    Cli.Run run = copy(source.url(), to, "--config", config.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> mapAfterFirst = mapRows(engine, target);
    Cli.Run again = copy(source.url(), to, "--config", config.toString());

    // then: new keys beside the target's own rows, every reference rewritten
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT o.note, c.name, p.note FROM orders o JOIN customer c"
        + " ON c.id = o.customer_id LEFT JOIN orders p ON p.id = o.parent_id ORDER BY o.note"))
        .containsExactly("a|ann|null", "b|bob|a", "c|ann|b", "x|zed|null");
    assertThat(Sql.rows(target, "SELECT i.id, c.name FROM invoice i JOIN customer c"
        + " ON c.id = i.customer_id")).containsExactly("10|bob");
    assertThat(Sql.rows(target, "SELECT name FROM customer ORDER BY id"))
        .containsExactly("zed", "yan", "ann", "bob");
    assertThat(mapAfterFirst).hasSize(5);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(Sql.count(target, "customer")).isEqualTo(4);
    assertThat(Sql.count(target, "orders")).isEqualTo(4);
    assertThat(mapRows(engine, target)).isEqualTo(mapAfterFirst);
    assertThat(fates(again, "orders").path("inserted").asLong(-1)).isZero();
    assertThat(fates(again, "orders").path("unchanged").asLong(-1)).isEqualTo(3);
    // the report: per table the policy and its counts; a dry run's the same as the run's
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(table(run, "orders").path("keys").toString())
        .isEqualTo("{\"policy\":\"remap\",\"mapped\":0,\"generated\":3}")
        .isEqualTo(table(dry, "orders").path("keys").toString());
    assertThat(fates(dry, "orders")).isEqualTo(fates(run, "orders"));
    assertThat(fates(dry, "customer")).isEqualTo(fates(run, "customer"));
    assertThat(run.out()).contains("(keys remap: 0 mapped, 2 generated)");
    assertThat(table(again, "orders").path("keys").path("mapped").asLong(-1)).isEqualTo(3);
    assertThat(table(again, "orders").path("keys").path("generated").asLong(-1)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"mariadb", "h2", "sqlite"})
  void generatedKeysOfABatchComeBackInTheRowsOrder(String engine) throws IOException {
    // given: chunks of 1,000 rows whose references must find their own parents' new keys
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    shopTables(engine, source);
    shopTables(engine, target);
    StringBuilder customers = new StringBuilder();
    StringBuilder orders = new StringBuilder();
    for (int i = 1; i <= 2_500; i++) {
      customers.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'c").append(i)
          .append("')");
      orders.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(2_501 - i)
          .append(", 'o").append(2_501 - i).append("')");
    }
    Sql.exec(source, "INSERT INTO customer (id, name) VALUES " + customers,
        "INSERT INTO orders (id, customer_id, note) VALUES " + orders);
    Sql.exec(target, "INSERT INTO customer (name) VALUES ('mine')");
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  customer: {keys: remap}\n  orders: {keys: remap}\n");

    // when
    Cli.Run run = copy(source.url(), target.url(), "--config", config.toString(),
        "--batch-size", "1000");

    // then: each order's customer is the one whose name its note names
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT count(*) FROM orders o JOIN customer c"
        + " ON c.id = o.customer_id WHERE CONCAT('o', SUBSTR(c.name, 2)) = o.note"))
        .containsExactly("2500");
    assertThat(Sql.rows(target, "SELECT count(*) FROM customer c WHERE c.name <> 'mine'"
        + " AND c.id = 1")).containsExactly("0");
  }

  @Test
  void aCycleOfRemappedTablesAnAlwaysIdentityAndUuidKeysOnPostgres() throws IOException {
    // given: dept and emp reference each other (dept.head_id is loaded as NULL first and set
    // by a fix-up); emp's key is GENERATED ALWAYS; tag has a UUID key, one of which the target
    // already holds for a row of its own
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    for (TestDatabase db : List.of(source, target)) {
      Sql.exec(db, "CREATE TABLE dept (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
          + " head_id int, name text)", "CREATE TABLE emp (id int GENERATED ALWAYS AS IDENTITY"
          + " PRIMARY KEY, dept_id int NOT NULL REFERENCES dept (id), name text)",
          "ALTER TABLE dept ADD FOREIGN KEY (head_id) REFERENCES emp (id)",
          "CREATE TABLE tag (id uuid PRIMARY KEY, emp_id int REFERENCES emp (id), label text)");
    }
    String shared = "00000000-0000-0000-0000-000000000001";
    Sql.exec(source, "INSERT INTO dept (name) VALUES ('ops'), ('dev')",
        "INSERT INTO emp (dept_id, name) VALUES (1, 'ann'), (2, 'bob'), (2, 'cy')",
        "UPDATE dept SET head_id = 2 WHERE id = 1", "UPDATE dept SET head_id = 3 WHERE id = 2",
        "INSERT INTO tag VALUES ('" + shared + "', 1, 't1'),"
            + " ('00000000-0000-0000-0000-000000000002', 3, 't2')");
    Sql.exec(target, "INSERT INTO dept (name) VALUES ('hr')",
        "INSERT INTO emp (dept_id, name) VALUES (1, 'zoe')",
        "INSERT INTO tag VALUES ('" + shared + "', 1, 'mine')");
    String to = ForeignKeySetAsideIT.ownerOf(target);

    // when
    Cli.Run run = copy(source.url(), to, "--keys", "remap");
    Cli.Run again = copy(source.url(), to, "--keys", "remap");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT d.name, h.name FROM dept d LEFT JOIN emp h"
        + " ON h.id = d.head_id ORDER BY d.name")).containsExactly("dev|cy", "hr|null", "ops|bob");
    assertThat(Sql.rows(target, "SELECT e.name, d.name FROM emp e JOIN dept d"
        + " ON d.id = e.dept_id ORDER BY e.name"))
        .containsExactly("ann|ops", "bob|dev", "cy|dev", "zoe|hr");
    assertThat(Sql.rows(target, "SELECT t.label, e.name, t.id = '" + shared + "' FROM tag t"
        + " JOIN emp e ON e.id = t.emp_id ORDER BY t.label"))
        .containsExactly("mine|zoe|t", "t1|ann|f", "t2|cy|f");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(Sql.count(target, "tag")).isEqualTo(3);
    assertThat(Sql.count(target, "emp")).isEqualTo(4);
    assertThat(mapRows("postgres", target)).hasSize(7);
  }

  @Test
  void aKeyTheTargetCannotGenerateIsRefusedBeforeAnythingIsWritten() {
    // given: a text key and a composite key
    TestDatabase source = TestDatabases.freshSqlite();
    TestDatabase target = TestDatabases.freshSqlite();
    for (TestDatabase db : List.of(source, target)) {
      Sql.exec(db, "CREATE TABLE code (id text PRIMARY KEY, label text)",
          "CREATE TABLE line (a int, b int, PRIMARY KEY (a, b))");
    }
    Sql.exec(source, "INSERT INTO code VALUES ('x', 'y')", "INSERT INTO line VALUES (1, 2)");

    // when
    Cli.Run run = copy(source.url(), target.url(), "--keys", "remap");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.out() + run.err()).contains("keys remap for code: the target cannot generate"
        + " its key id", "keys remap for line: its key [a, b] has several columns");
    assertThat(Sql.rows(target, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'ferry%'"))
        .containsExactly("0");
  }

  @Test
  void aCycleOfRemappedTablesLoadedAsItIsIsRefusedBeforeAnythingIsWritten() {
    // given: dept and emp reference each other; a superuser's copy into PostgreSQL loads both
    // with foreign-key checks off and their columns as they are, so neither load can wait for
    // the other's new keys
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    for (TestDatabase db : List.of(source, target)) {
      Sql.exec(db, "CREATE TABLE dept (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
          + " head_id int)", "CREATE TABLE emp (id int GENERATED BY DEFAULT AS IDENTITY"
          + " PRIMARY KEY, dept_id int REFERENCES dept (id))",
          "ALTER TABLE dept ADD FOREIGN KEY (head_id) REFERENCES emp (id)");
    }
    Sql.exec(source, "INSERT INTO dept VALUES (1, NULL)", "INSERT INTO emp VALUES (5, 1)");

    // when
    Cli.Run run = copy(source.url(), target.url(), "--keys", "remap");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.out() + run.err()).contains("keys remap: public.dept, public.emp reference"
        + " each other");
    assertThat(Sql.count(target, "dept")).isZero();
    assertThat(Sql.rows(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'ferry'"))
        .containsExactly("0");
  }

  @Test
  void aRemappedTableReferencedByATableTheCopyLeavesOutIsRefused() {
    // given
    TestDatabase source = TestDatabases.freshSqlite();
    TestDatabase target = TestDatabases.freshSqlite();
    shopTables("sqlite", source);
    shopTables("sqlite", target);
    Sql.exec(source, "INSERT INTO customer (id, name) VALUES (1, 'ann')");

    // when
    Cli.Run run = copy(source.url(), target.url(), "--keys", "remap", "--exclude", "invoice");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.out() + run.err()).contains("keys remap for customer: invoice references it",
        "this copy does not carry it, so its references could not be rewritten");
    assertThat(Sql.count(target, "customer")).isZero();
  }

  @Test
  void anUnknownPolicyIsRefusedWithItsLineOrItsOption() throws IOException {
    // given
    TestDatabase source = TestDatabases.freshSqlite();
    TestDatabase target = TestDatabases.freshSqlite();
    shopTables("sqlite", source);
    shopTables("sqlite", target);
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  customer:\n    keys: remix\n");

    // when
    Cli.Run inFile = copy(source.url(), target.url(), "--config", config.toString());
    Cli.Run inOption = copy(source.url(), target.url(), "--keys", "renumber");

    // then
    assertThat(inFile.exitCode()).as(inFile.toString()).isEqualTo(2);
    assertThat(inFile.err()).contains(config + ":3: tables.customer.keys must be one of"
        + " preserve, remap, match, not 'remix'");
    assertThat(inOption.exitCode()).as(inOption.toString()).isEqualTo(2);
    assertThat(inOption.err())
        .contains("--keys must be one of preserve, remap, match, not 'renumber'");
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

  /**
   * The id map's rows: table, source key, target key, as key texts; the pairs of two integers,
   * which the map keeps as numbers in its second table, written as texts too.
   */
  static List<String> mapRows(String engine, TestDatabase target) {
    String q = engine.equals("h2") ? "\"" : "";
    String table = switch (engine) {
      case "postgres" -> "ferry.id_map";
      case "h2" -> "FERRY.ID_MAP";
      default -> "ferry_id_map";
    };
    String select = "SELECT " + q + "table_name" + q + ", " + q + "source_key" + q + ", " + q
        + "target_key" + q + " FROM ";
    List<String> rows = new ArrayList<>(Sql.rows(target, select + table));
    for (String row : Sql.rows(target, select + table + (engine.equals("h2") ? "_INT" : "_int"))) {
      String[] f = row.split("\\|");
      rows.add(f[0] + "|[\"" + f[1] + "\"]|[\"" + f[2] + "\"]");
    }
    rows.sort(java.util.Comparator.comparing((String r) -> r.substring(0, r.lastIndexOf('|'))));
    return rows;
  }

  /** customer and orders with keys the engine generates; invoice with keys of its own. */
  static void shopTables(String engine, TestDatabase db) {
    String key = switch (engine) {
      case "postgres", "h2" -> "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
      case "mariadb" -> "bigint AUTO_INCREMENT PRIMARY KEY";
      default -> "INTEGER PRIMARY KEY";
    };
    Sql.exec(db, "CREATE TABLE customer (id " + key + ", name varchar(40))",
        "CREATE TABLE orders (id " + key + ", customer_id bigint NOT NULL REFERENCES"
            + " customer (id), parent_id bigint REFERENCES orders (id), note varchar(40))",
        "CREATE TABLE invoice (id int PRIMARY KEY, customer_id bigint REFERENCES customer (id))");
  }

  private JsonNode report(Cli.Run run) throws IOException {
    return Json.mapper().readTree(Files.readString(reports.get(run).resolve("run-report.json")));
  }

  private JsonNode fates(Cli.Run run, String table) throws IOException {
    return table(run, table).path("merge");
  }

  private JsonNode table(Cli.Run run, String table) throws IOException {
    for (JsonNode t : report(run).path("tables")) {
      if (t.path("target").asText().toLowerCase(Locale.ROOT).endsWith(table)) {
        return t;
      }
    }
    throw new AssertionError("no table " + table + " in the report\n" + run);
  }
}
