package dev.ferry.consolidate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry consolidate} (docs/consolidate.md): three tenant databases of one schema, on
 * PostgreSQL, MariaDB and SQLite, each with the same legacy keys 1, 2, 3, into one PostgreSQL
 * target whose tables its non-superuser owner loads.
 */
class ConsolidateIT {

  static final String PASSWORD = "Tenant-owner-9";
  static final String[] SOURCE_DDL = {
    "CREATE TABLE currency (code VARCHAR(3) PRIMARY KEY, name VARCHAR(30))",
    "CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)",
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,"
        + " note VARCHAR(50), currency VARCHAR(3), FOREIGN KEY (customer_id) REFERENCES"
        + " customer (id), FOREIGN KEY (currency) REFERENCES currency (code))"};

  @TempDir Path dir;

  /** The manifest's batch size: small, so that every table takes several chunks. */
  int batchSize = 2;

  @Test
  void threeTenantsWithTheSameLegacyKeysLandApartEachChildWithItsOwnTenantsParent()
      throws Exception {
    // given
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()),
        tenant("south", TestDatabases.freshMariaDb()), tenant("west", TestDatabases.freshSqlite()));
    TestDatabase target = target(true);
    Path manifest = manifest(target, sources, "");

    // when
    Cli.Result run = consolidate(manifest);
    List<String> afterFirst = everything(target);
    Cli.Result again = consolidate(manifest);

    // then: every tenant's rows, each marked, each child on its own tenant's parent
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(rows(target, "SELECT tenant_id, count(*) FROM customer GROUP BY tenant_id"
        + " ORDER BY tenant_id")).containsExactly("north|2", "south|2", "west|2");
    assertThat(rows(target, "SELECT tenant_id, count(*) FROM orders GROUP BY tenant_id"
        + " ORDER BY tenant_id")).containsExactly("north|3", "south|3", "west|3");
    assertThat(rows(target, "SELECT count(*) FROM orders o JOIN customer c ON c.id ="
        + " o.customer_id WHERE c.tenant_id <> o.tenant_id")).containsExactly("0");
    assertThat(rows(target, "SELECT o.note, c.name FROM orders o JOIN customer c ON c.id ="
        + " o.customer_id ORDER BY o.note")).containsExactly("north-o1|north-ann",
            "north-o2|north-bob", "north-o3|north-ann", "south-o1|south-ann",
            "south-o2|south-bob", "south-o3|south-ann", "west-o1|west-ann", "west-o2|west-bob",
            "west-o3|west-ann");
    assertThat(rows(target, "SELECT code, name FROM currency ORDER BY code"))
        .containsExactly("EUR|Euro", "USD|Dollar");
    assertThat(rows(target, "SELECT tenant, count(*) FROM " + ID_MAP + " GROUP BY tenant"
        + " ORDER BY tenant")).containsExactly("north|5", "south|5", "west|5");
    // the transforms: a constant, and a UUID anyone can recompute from tenant, table and key
    assertThat(rows(target, "SELECT DISTINCT origin FROM customer")).containsExactly("legacy");
    assertThat(rows(target, "SELECT legacy_uuid FROM customer WHERE name = 'south-bob'"))
        .containsExactly(Computed.uuid("south/customer/2").toString());
    assertThat(rows(target, "SELECT count(DISTINCT legacy_uuid) FROM customer"))
        .containsExactly("6");
    assertThat(run.out()).contains("tenant north: done", "tenant south: done",
        "tenant west: done").doesNotContain(PASSWORD);
    // a rerun: every tenant already complete, nothing changed
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("tenant north: already-complete",
        "tenant south: already-complete", "tenant west: already-complete");
    assertThat(everything(target)).isEqualTo(afterFirst);
  }

  @Test
  void aTenantIdOfLeadingZerosCountsTheRowsItsIntegerColumnHeldBefore() throws Exception {
    // given: integer tenant columns, a row of tenant 7 the application wrote, and tenant '007'
    TestDatabase source = tenant("north", TestDatabases.freshSqlite());
    TestDatabase target = target(true);
    exec(target, "ALTER TABLE customer ALTER COLUMN tenant_id TYPE INTEGER USING 0",
        "ALTER TABLE orders ALTER COLUMN tenant_id TYPE INTEGER USING 0",
        "INSERT INTO customer (tenant_id, name) VALUES (7, 'made-by-the-app')");
    Path manifest = manifest(target, List.of(source), "");
    Files.writeString(manifest, Files.readString(manifest).replace("id: north", "id: '007'"));
    Path reports = dir.resolve("reports");

    // when
    Cli.Result run = Cli.run("consolidate", "--manifest", manifest.toString(), "--report",
        reports.toString());

    // then: the tenant's rows are written as 7, and the row that was there is its target-only
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(rows(target, "SELECT tenant_id, count(*) FROM customer GROUP BY tenant_id"))
        .containsExactly("7|3");
    com.fasterxml.jackson.databind.JsonNode customer = null;
    for (com.fasterxml.jackson.databind.JsonNode t : new com.fasterxml.jackson.databind
        .ObjectMapper().readTree(reports.resolve("north/run-report.json").toFile())
        .path("tables")) {
      customer = t.path("target").asText().equals("public.customer") ? t : customer;
    }
    assertThat(customer).isNotNull();
    assertThat(customer.path("merge").path("inserted").asLong()).isEqualTo(2);
    assertThat(customer.path("merge").path("targetOnly").asLong()).isEqualTo(1);
  }

  /** A tenant's source: the schema, and rows whose keys every tenant shares. */
  static TestDatabase tenant(String name, TestDatabase db) {
    exec(db, SOURCE_DDL);
    exec(db, "INSERT INTO currency (code, name) VALUES ('EUR', 'Euro'), ('USD', 'Dollar')",
        "INSERT INTO customer (id, name) VALUES (1, '" + name + "-ann'), (2, '" + name
            + "-bob')",
        "INSERT INTO orders (id, customer_id, note, currency) VALUES (1, 1, '" + name
            + "-o1', 'EUR'), (2, 2, '" + name + "-o2', 'USD'), (3, 1, '" + name + "-o3', NULL)");
    return db;
  }

  /** The target: its tables carry a tenant column, owned by a non-superuser. */
  static TestDatabase target(boolean tenantColumn) {
    TestDatabase target = TestDatabases.freshPostgres();
    exec(target, "CREATE TABLE currency (code VARCHAR(3) PRIMARY KEY, name VARCHAR(30))",
        "CREATE TABLE customer (id SERIAL PRIMARY KEY"
            + (tenantColumn ? ", tenant_id VARCHAR(20) NOT NULL" : "")
            + ", name VARCHAR(50) NOT NULL, legacy_uuid UUID, origin VARCHAR(20))",
        "CREATE TABLE orders (id SERIAL PRIMARY KEY, tenant_id VARCHAR(20) NOT NULL,"
            + " customer_id INTEGER NOT NULL REFERENCES customer (id), note VARCHAR(50),"
            + " currency VARCHAR(3) REFERENCES currency (code))");
    String role = TestDatabases.createPostgresLogin(target, PASSWORD);
    exec(target, "ALTER TABLE currency OWNER TO " + role, "ALTER TABLE customer OWNER TO " + role,
        "ALTER TABLE orders OWNER TO " + role, "CREATE SCHEMA ferry AUTHORIZATION " + role);
    return new TestDatabase(target.engine(), target.bareUrl() + "?user=" + role, target.name());
  }

  /** A manifest of the target and the tenants (named by their test data), plus {@code more}. */
  Path manifest(TestDatabase target, List<TestDatabase> sources, String more) throws Exception {
    String[] names = {"north", "south", "west", "east"};
    Files.writeString(dir.resolve("owner.pw"), PASSWORD + "\n");
    StringBuilder yaml = new StringBuilder("target:\n  url: " + target.url() + "\n"
        + "  password-file: owner.pw\ntenant-column: tenant_id\nbatch-size: " + batchSize + "\n"
        + "tables:\n  currency: {tenant-column: none}\n  customer:\n    transforms:\n"
        + "      legacy_uuid: uuid-from-key\n      origin: {constant: legacy}\ntenants:\n");
    for (int i = 0; i < sources.size(); i++) {
      yaml.append("  - name: ").append(names[i]).append("\n    id: ").append(names[i])
          .append("\n    source: {url: '").append(sources.get(i).url()).append("'}\n");
    }
    Path file = dir.resolve("consolidation.yaml");
    Files.writeString(file, yaml + more);
    return file;
  }

  Cli.Result consolidate(Path manifest, String... more) {
    List<String> args = new ArrayList<>(List.of("consolidate", "--manifest",
        manifest.toString(), "--report", dir.resolve("r" + System.nanoTime()).toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Every pair of the target's id map: text pairs and integer pairs, as text. */
  static final String ID_MAP = "(SELECT tenant, table_name, source_key, target_key FROM"
      + " ferry.id_map UNION ALL SELECT tenant, table_name, CAST(source_key AS text),"
      + " CAST(target_key AS text) FROM ferry.id_map_int) m";

  /** The target's rows and id map, for "nothing changed". */
  static List<String> everything(TestDatabase target) {
    List<String> all = new ArrayList<>();
    all.addAll(rows(target, "SELECT * FROM customer ORDER BY id"));
    all.addAll(rows(target, "SELECT * FROM orders ORDER BY id"));
    all.addAll(rows(target, "SELECT * FROM currency ORDER BY code"));
    all.addAll(rows(target, "SELECT tenant, table_name, source_key, target_key FROM "
        + ID_MAP + " ORDER BY 1, 2, 3"));
    return all;
  }

  static void exec(TestDatabase db, String... statements) {
    try (Connection c = connect(db); Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> rows(TestDatabase db, String query) {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private static java.util.Properties password() {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("password", PASSWORD);
    return p;
  }

  static Connection connect(TestDatabase db) throws SQLException {
    return db.url().contains("?user=") && db.engine().equals("postgres")
        ? java.sql.DriverManager.getConnection(db.url(), password())
        : TestDatabases.connect(db);
  }
}
