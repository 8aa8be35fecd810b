package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large table loads as key ranges over several connections at once (docs/copy.md, Load): one
 * checkpoint per range, a table referencing it waits for all of its ranges, its plain indexes
 * dropped once and re-created once, and the copy verifies.
 */
class RangesIT {

  static final int ORDERS = 40_000;

  @TempDir Path dir;

  /** customer ← orders (sparse integer keys, a plain index) ← line, checked row by row. */
  static void schema(TestDatabase db, String bigint) {
    Sql.exec(db, "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
        "CREATE TABLE orders (id " + bigint + " PRIMARY KEY, customer_id INT NOT NULL"
            + " REFERENCES customer (id), note VARCHAR(60))",
        "CREATE INDEX orders_customer ON orders (customer_id)",
        "CREATE TABLE line (id INT PRIMARY KEY, order_id " + bigint + " NOT NULL REFERENCES"
            + " orders (id), qty INT NOT NULL)");
  }

  static TestDatabase postgresSource(int orders) {
    TestDatabase source = TestDatabases.freshPostgres();
    schema(source, "BIGINT");
    Sql.exec(source, "INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 100) g",
        "INSERT INTO orders SELECT 3 * g, 1 + g % 100, 'order ' || g FROM generate_series(1, "
            + orders + ") g",
        // every line references an order of another part of the key space
        "INSERT INTO line SELECT g, 3 * (1 + (g * 7919) % " + orders + "), g % 9"
            + " FROM generate_series(1, 20000) g",
        "ANALYZE");
    return source;
  }

  static TestDatabase mariaDbSource(int orders) {
    TestDatabase source = TestDatabases.freshMariaDb();
    schema(source, "BIGINT");
    Sql.exec(source, "INSERT INTO customer SELECT seq, CONCAT('c', seq) FROM seq_1_to_100",
        "INSERT INTO orders SELECT 3 * seq, 1 + seq % 100, CONCAT('order ', seq) FROM seq_1_to_"
            + orders,
        "INSERT INTO line SELECT seq, 3 * (1 + (seq * 7919) % " + orders + "), seq % 9"
            + " FROM seq_1_to_20000",
        "ANALYZE TABLE customer, orders, line");
    return source;
  }

  private Cli.Run copy(String from, String to, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--report", dir.resolve("copy").toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private String notes() throws Exception {
    return Json.compact(Json.mapper().readTree(dir.resolve("copy/run-report.json").toFile())
        .path("notes"));
  }

  /** The login of a URL made by {@link ForeignKeySetAsideIT#ownerOf}. */
  static String role(String ownerUrl) {
    return ownerUrl.replaceFirst(".*[?&]user=([^&]+).*", "$1");
  }

  @Test
  void aLargeTableLoadsAsKeyRangesIntoPostgresAsItsOwnerAndVerifies() throws Exception {
    // given
    TestDatabase source = postgresSource(ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    schema(target, "BIGINT");
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    // the owner may re-create the indexes it drops for the load
    Sql.exec(target, "GRANT CREATE ON SCHEMA public TO " + role(owner));

    // when
    Cli.Run run = copy(source.url(), owner, "--split-rows", "10000", "--parallel", "3",
        "--batch-size", "1000");

    // then: four ranges, each its own done checkpoint; line's ranges waited for all of them
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT unit, done FROM ferry.checkpoint ORDER BY unit"))
        .containsExactly("public.customer|1", "public.line#1/2|1", "public.line#2/2|1",
            "public.orders#1/4|1",
            "public.orders#2/4|1", "public.orders#3/4|1", "public.orders#4/4|1");
    assertThat(notes()).contains("public.orders loads as 4 key ranges of id from its smallest"
        + " and largest key (3, 120000)", "#1/4 (…, 30001] #2/4 (30001, 60001]");
    assertThat(Sql.rows(target, "SELECT key_ranges FROM ferry.run"))
        .containsExactly("{\"public.line\":[10000],\"public.orders\":[30001,60001,90000]}");
    assertThat(Canonical.rows(target, "orders")).isEqualTo(Canonical.rows(source, "orders"));
    assertThat(Canonical.rows(target, "line")).isEqualTo(Canonical.rows(source, "line"));
    assertThat(Sql.rows(target, "SELECT indexname FROM pg_indexes WHERE tablename = 'orders'"
        + " ORDER BY 1")).containsExactly("orders_customer", "orders_pkey");
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.deferred_index"))
        .containsExactly("0");
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", owner, "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void aLargeTableLoadsAsKeyRangesIntoMariaDbAndVerifies() throws Exception {
    // given
    TestDatabase source = mariaDbSource(ORDERS);
    TestDatabase target = TestDatabases.freshMariaDb();
    schema(target, "BIGINT");

    // when
    Cli.Run run = copy(source.url(), target.url(), "--split-rows", "10000", "--parallel", "2",
        "--batch-size", "1000");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> units = Sql.rows(target, "SELECT unit FROM ferry_checkpoint WHERE done = 1"
        + " AND unit LIKE '%orders#%' ORDER BY unit");
    assertThat(units).hasSizeGreaterThanOrEqualTo(2);
    assertThat(notes()).contains("orders loads as " + units.size() + " key ranges of id");
    assertThat(Canonical.rows(target, "orders")).isEqualTo(Canonical.rows(source, "orders"));
    assertThat(Canonical.rows(target, "line")).isEqualTo(Canonical.rows(source, "line"));
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", target.url(), "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void tablesBelowTheThresholdOrWithoutAnIntegerKeyLoadWholeAndTheNotesSayWhy()
      throws Exception {
    // given
    TestDatabase source = postgresSource(ORDERS);
    Sql.exec(source, "CREATE TABLE tag (code VARCHAR(20) PRIMARY KEY, n INT)",
        "INSERT INTO tag SELECT 't' || g, g FROM generate_series(1, 50000) g", "ANALYZE tag");
    TestDatabase target = TestDatabases.freshPostgres();
    schema(target, "BIGINT");
    Sql.exec(target, "CREATE TABLE tag (code VARCHAR(20) PRIMARY KEY, n INT)");

    // when: orders (40,000) is below --split-rows; tag reaches it, but its key is text
    Cli.Run run = copy(source.url(), target.url(), "--split-rows", "45000");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT unit FROM ferry.checkpoint WHERE unit LIKE '%#%'"))
        .isEmpty();
    assertThat(notes()).contains("public.tag (about 50000 rows) loads as one unit: its key is"
        + " not one integer column");
    assertThat(Canonical.rows(target, "tag")).isEqualTo(Canonical.rows(source, "tag"));
  }

  @Test
  void anOwnersCopySplitsFrom200000RowsByDefaultAndARemapOnlyWhenAskedAndSaysWhy()
      throws Exception {
    // given: 210,000 orders, above the owner's default of 200,000 and below 1,000,000
    TestDatabase source = postgresSource(210_000);
    TestDatabase target = RangedRemapIT.remappedTarget();
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Sql.exec(target, "GRANT CREATE ON SCHEMA public TO " + role(owner));

    // when: a remap with the default, which loads whole, then a plain copy with the default
    Cli.Run remap = copy(source.url(), owner, "--keys", "remap");
    String remapNotes = notes();
    Sql.exec(target, "TRUNCATE line, orders, customer", "DROP SCHEMA ferry CASCADE",
        "CREATE SCHEMA ferry AUTHORIZATION " + role(owner));
    Cli.Run plain = copy(source.url(), owner);

    // then
    assertThat(remap.exitCode()).as(remap.toString()).isZero();
    assertThat(remapNotes).contains("public.orders (about 210000 rows) loads as one unit: a run"
        + " under --keys remap loads whole tables unless --split-rows is given");
    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    assertThat(notes()).contains("public.orders loads as 2 key ranges of id");
    assertThat(Canonical.rows(target, "orders")).isEqualTo(Canonical.rows(source, "orders"));
  }

  @Test
  void aFilteredTableLoadsItsSubsetAsKeyRanges() throws Exception {
    // given: orders and their lines whose order's key is even
    TestDatabase source = postgresSource(ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    schema(target, "BIGINT");
    java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("ferry.yaml"), """
        tables:
          orders: {where: "id % 2 = 0"}
          line: {where: "order_id % 2 = 0"}
        """);

    // when
    Cli.Run run = copy(source.url(), target.url(), "--config", config.toString(),
        "--split-rows", "10000", "--parallel", "3", "--batch-size", "1000");

    // then: the subset, loaded as ranges of the table's keys
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(notes()).contains("public.orders loads as 4 key ranges");
    assertThat(Sql.rows(target, "SELECT count(*), count(*) FILTER (WHERE id % 2 = 0)"
        + " FROM orders")).containsExactly("20000|20000");
    assertThat(Sql.rows(target, "SELECT id, customer_id, note FROM orders ORDER BY id"))
        .isEqualTo(Sql.rows(source, "SELECT id, customer_id, note FROM orders WHERE id % 2 = 0"
            + " ORDER BY id"));
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--config", config.toString(), "--out", dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }
}
