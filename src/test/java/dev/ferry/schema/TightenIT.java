package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialects;
import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry schema --tighten} on real databases: a legacy schema that declares no NOT NULL, no
 * unique code and no foreign key is profiled on PostgreSQL (read as a table owner that is no
 * superuser), MariaDB, SQLite and H2; the DDL with the constraints its data proves runs on the
 * same engine, and the catalog read back holds them; a soft reference with 3 orphans is left out
 * with its orphans' keys and the SQL that fixes them.
 */
class TightenIT {

  static final String LEGACY = """
      CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(40), email VARCHAR(80),
        code VARCHAR(10), vip VARCHAR(10));
      CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, order_no VARCHAR(20),
        note VARCHAR(40));
      CREATE TABLE invoice (id INTEGER PRIMARY KEY, order_id INTEGER);
      CREATE TABLE shipment (id INTEGER PRIMARY KEY, ord INTEGER);
      """;

  @TempDir Path dir;

  @Test
  void postgresAsANonSuperuserGetsTheProvenConstraintsAndTheyExistAfterTheDdl() throws Exception {
    TestDatabase admin = TestDatabases.freshPostgres();
    TestDatabase owner = owner(admin);
    SqlScripts.execute(owner, LEGACY);
    fill(owner);

    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tighten:\n  references:\n    - {from: shipment.ord, to: orders.id}\n");

    Path out = tighten(owner, "postgres", "evidence-gated", "10", "--config", config.toString());
    Catalog created = read(run(out, owner(TestDatabases.freshPostgres())));

    assertTightened(created);
    assertThat(table(created, "shipment").foreignKeys()).extracting(fk -> fk.parent().name())
        .containsExactly("orders");
    assertDecisions(out, "1001, 1002, 1003", "DELETE FROM \"invoice\" WHERE \"order_id\" IN");
  }

  @Test
  void mariaDbSqliteAndH2GetTheProvenConstraintsAndTheyExistAfterTheDdl() throws Exception {
    for (String engine : List.of("mariadb", "sqlite", "h2")) {
      TestDatabase source = fresh(engine);
      SqlScripts.execute(source, LEGACY);
      fill(source);
      String dialect = engine.equals("mariadb") ? "mysql" : engine;

      Path out = tighten(source, dialect, "evidence-gated", "10");
      Catalog created = read(run(out, fresh(engine)));

      assertThat(created.tables()).as(engine).hasSize(4);
      assertTightened(created);
      assertThat(table(created, "shipment").foreignKeys()).as(engine).isEmpty();
      assertDecisions(out, "1001, 1002, 1003", "DELETE FROM");
    }
  }

  @Test
  void cautiousAddsNothingAndAggressiveBelievesATableBelowTheMinimum() throws Exception {
    TestDatabase source = TestDatabases.freshH2();
    SqlScripts.execute(source, LEGACY);
    fill(source);

    Catalog cautious = read(run(tighten(source, "h2", "cautious", "10"), TestDatabases.freshH2()));
    Catalog gated = read(run(tighten(source, "h2", "evidence-gated", "100"),
        TestDatabases.freshH2()));
    Catalog aggressive = read(run(tighten(source, "h2", "aggressive", "100"),
        TestDatabases.freshH2()));

    assertThat(facts(cautious)).isEqualTo(facts(read(source)));
    // customer has 50 rows: below 100, evidence-gated leaves it alone, aggressive does not
    assertThat(table(gated, "customer").column("NAME").orElseThrow().nullable()).isTrue();
    assertThat(table(aggressive, "customer").column("NAME").orElseThrow().nullable()).isFalse();
    assertThat(table(gated, "orders").foreignKeys()).hasSize(1);
  }

  @Test
  void twoRunsWriteTheSameBytesAndSqlServerForeignKeysAreWithCheck() throws Exception {
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, LEGACY);
    fill(source);

    Path first = tighten(source, "sqlserver", "aggressive", "10");
    Path second = tighten(source, "sqlserver", "aggressive", "10");

    for (String file : List.of("01-tables.sql", "02-constraints.sql", "schema-decisions.json",
        "manifest.json")) {
      assertThat(Files.readAllBytes(second.resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(first.resolve(file)));
    }
    String constraints = Files.readString(first.resolve("02-constraints.sql"));
    assertThat(constraints).contains("ALTER TABLE [orders] WITH CHECK ADD CONSTRAINT"
        + " [orders_customer_id_fkey] FOREIGN KEY ([customer_id]) REFERENCES [customer] ([id])");
    SchemaSql.parseAll(first.resolve("01-tables.sql"), "sqlserver");
    SchemaSql.parseAll(first.resolve("02-constraints.sql"), "sqlserver");
  }

  @Test
  void aConfiguredReferenceNamingAnUnknownColumnExitsTwoWithFileAndLine() throws Exception {
    TestDatabase source = TestDatabases.freshSqlite();
    SqlScripts.execute(source, LEGACY);
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tighten:\n  min-rows: 10\n  references:\n"
        + "    - from: shipment.ord\n      to: orders.id\n"
        + "    - from: shipment.order_ref\n      to: orders.id\n");
    Path out = dir.resolve("refused");

    Cli.Result result = Cli.run("schema", "--config", config.toString(), "--from", source.url(),
        "--dialect", "postgres", "--out", out.toString(), "--tighten", "aggressive");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains(config + ":6:", "shipment.order_ref", "no column"
        + " 'order_ref'");
    assertThat(out).doesNotExist();
  }

  // ---- helpers ----

  /** 50 customers, 400 orders (order_no repeated), 400 invoices of which 3 have no order. */
  private static void fill(TestDatabase db) throws Exception {
    try (Connection c = TestDatabases.connect(db)) {
      c.setAutoCommit(false);
      batch(c, "INSERT INTO customer VALUES (?, ?, ?, ?, NULL)", 50,
          i -> new Object[] {i, "name " + i, "c" + i + "@example.com", "C" + i});
      batch(c, "INSERT INTO orders VALUES (?, ?, ?, ?)", 400,
          i -> new Object[] {i, i % 50 + 1, "N" + i % 200, i % 2 == 0 ? null : "n"});
      batch(c, "INSERT INTO invoice VALUES (?, ?)", 400,
          i -> new Object[] {i, i <= 397 ? i : 1001 + i - 398});
      batch(c, "INSERT INTO shipment VALUES (?, ?)", 20, i -> new Object[] {i, i});
      c.commit();
    }
  }

  private static void batch(Connection c, String sql, int n,
      java.util.function.IntFunction<Object[]> row) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= n; i++) {
        Object[] values = row.apply(i);
        for (int k = 0; k < values.length; k++) {
          ps.setObject(k + 1, values[k]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void assertTightened(Catalog created) {
    Table customer = table(created, "customer");
    for (String column : List.of("name", "email", "code")) {
      assertThat(column(customer, column).nullable()).as("customer." + column).isFalse();
    }
    assertThat(column(customer, "vip").nullable()).isTrue();
    assertThat(uniques(customer)).containsExactlyInAnyOrder("code", "email");
    Table orders = table(created, "orders");
    assertThat(column(orders, "note").nullable()).isTrue();
    assertThat(uniques(orders)).isEmpty();
    assertThat(orders.foreignKeys()).extracting(fk -> lower(fk.columns().get(0) + " -> "
        + fk.parent().name() + "." + fk.parentColumns().get(0)))
        .containsExactly("customer_id -> customer.id");
    assertThat(table(created, "invoice").foreignKeys()).isEmpty();
  }

  private static void assertDecisions(Path out, String orphans, String fix) throws Exception {
    JsonNode json = Json.mapper().readTree(out.resolve("schema-decisions.json").toFile());
    assertThat(json.path("mode").asText()).isEqualTo("evidence-gated");
    JsonNode rollup = json.path("schemas").get(0);
    assertThat(lower(rollup.path("remediation").toString()))
        .contains("3 orphans block invoice.order_id -> orders.id: " + orphans);
    assertThat(lower(rollup.path("skippedConstraints").toString()))
        .contains("orders unique (order_no)", "the data breaks it");
    JsonNode fk = null;
    for (JsonNode d : json.path("decisions")) {
      if (d.path("column").asText().equalsIgnoreCase("order_id")
          && d.path("constraint").asText().equals("foreign-key")) {
        fk = d;
      }
    }
    assertThat(fk).isNotNull();
    assertThat(fk.path("violations").asLong()).isEqualTo(3);
    assertThat(fk.path("outcome").asText()).isEqualTo("remediation needed");
    assertThat(fk.path("remediationSql").asText()).contains(fix, "(" + orphans + ");");
  }

  private Path tighten(TestDatabase source, String dialect, String mode, String minRows,
      String... more) {
    Path out = dir.resolve(source.name() + "-" + dialect + "-" + mode + "-" + System.nanoTime());
    List<String> args = new java.util.ArrayList<>(List.of("schema", "--from", source.url(),
        "--dialect", dialect, "--out", out.toString(), "--tighten", mode, "--tighten-min-rows",
        minRows));
    args.addAll(List.of(more));
    Cli.Result result = Cli.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("tightened (" + mode + ")");
    return out;
  }

  /** Runs both files on the database (its tables are empty: the constraints must hold). */
  private static TestDatabase run(Path out, TestDatabase target) throws Exception {
    String dialect = target.engine().equals("mariadb") ? "mysql" : target.engine();
    try (Connection c = TestDatabases.connect(target); Statement s = c.createStatement()) {
      for (String file : List.of("01-tables.sql", "02-constraints.sql")) {
        for (String sql : SchemaSql.statements(out.resolve(file), dialect)) {
          s.execute(sql);
        }
      }
    }
    return target;
  }

  private static TestDatabase fresh(String engine) {
    return switch (engine) {
      case "mariadb" -> TestDatabases.freshMariaDb();
      case "sqlite" -> TestDatabases.freshSqlite();
      default -> TestDatabases.freshH2();
    };
  }

  private static TestDatabase owner(TestDatabase admin) {
    String role = TestDatabases.createPostgresLogin(admin, "owner-pw");
    SqlScripts.execute(admin, "GRANT CREATE ON SCHEMA public TO " + role);
    return new TestDatabase("postgres", admin.bareUrl() + "?user=" + role
        + "&password=owner-pw", admin.name());
  }

  private static Catalog read(TestDatabase db) throws Exception {
    try (Connection c = TestDatabases.connect(db)) {
      return new CatalogReader(c, Dialects.forUrl(db.url())).read(List.of(), TableFilter.all());
    }
  }

  private static Table table(Catalog catalog, String name) {
    return catalog.tables().stream().filter(t -> t.name().name().equalsIgnoreCase(name))
        .findFirst().orElseThrow();
  }

  private static Column column(Table table, String name) {
    return table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
        .orElseThrow();
  }

  private static List<String> uniques(Table table) {
    return table.uniqueKeys().stream().map(u -> lower(String.join(",", u.columns()))).toList();
  }

  private static TreeSet<String> facts(Catalog catalog) {
    TreeSet<String> facts = new TreeSet<>();
    for (Table t : catalog.tables()) {
      t.columns().forEach(c -> facts.add(lower(t.name().name() + "." + c.name() + " "
          + c.nullable())));
      t.uniqueKeys().forEach(u -> facts.add(lower(t.name().name() + " unique " + u.columns())));
      for (ForeignKey fk : t.foreignKeys()) {
        facts.add(lower(t.name().name() + " fk " + fk.columns()));
      }
    }
    return facts;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

}
