package dev.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.Ferry;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.InspectRequest;
import dev.ferry.api.InspectResult;
import dev.ferry.catalog.LoadOrder.Cycle;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Chinook sample database, loaded from its vendor scripts into PostgreSQL (snake_case names),
 * MariaDB and SQLite (PascalCase names), must give the same catalog and the same load-order
 * constraints once names are normalised (lower case, no underscores).
 */
class ChinookCatalogIT {

  private static final Path CHINOOK = chinookDir();
  private static final Map<String, TestDatabase> DATABASES = new TreeMap<>();
  private static final Map<String, InspectResult> INSPECTED = new TreeMap<>();

  @BeforeAll
  static void loadChinookIntoEveryEngine() {
    DATABASES.put("postgres", loadChinook(TestDatabases.freshPostgres()));
    DATABASES.put("mariadb", loadChinook(TestDatabases.freshMariaDb()));
    DATABASES.put("sqlite", loadChinook(TestDatabases.freshSqlite()));
    DATABASES.forEach((engine, db) -> INSPECTED.put(engine, inspect(db)));
  }

  @Test
  void everyEngineDescribesTheSameElevenTablesKeysAndForeignKeys() {
    Shape postgres = Shape.of(INSPECTED.get("postgres").catalog());

    assertThat(postgres.tables()).hasSize(11).contains("invoiceline", "playlisttrack", "employee");
    assertThat(postgres.primaryKeys()).containsEntry("playlisttrack",
        List.of("playlistid", "trackid"));
    assertThat(postgres.foreignKeys()).hasSize(11).contains(
        "employee(reportsto) -> employee(employeeid)",
        "invoiceline(invoiceid) -> invoice(invoiceid)",
        "customer(supportrepid) -> employee(employeeid)");
    assertThat(Shape.of(INSPECTED.get("mariadb").catalog())).isEqualTo(postgres);
    assertThat(Shape.of(INSPECTED.get("sqlite").catalog())).isEqualTo(postgres);
  }

  /**
   * Ties in the order are broken by table name, and normalising names could change which tie
   * comes first, so the orders are not compared position by position: each engine's order must
   * honour the same set of parent-before-child constraints.
   */
  @Test
  void everyEngineOrdersTheSameConstraintsAndHonoursThem() {
    Set<String> constraints = orderedConstraints(INSPECTED.get("postgres").loadOrder());
    assertThat(constraints).hasSize(10).contains("invoice < invoiceline", "track < playlisttrack");

    INSPECTED.forEach((engine, result) -> {
      LoadOrder order = result.loadOrder();
      assertThat(orderedConstraints(order)).as(engine).isEqualTo(constraints);
      List<String> names = order.order().stream().map(t -> normalise(t.name())).toList();
      assertThat(names).as(engine).hasSize(11).doesNotHaveDuplicates();
      for (String constraint : constraints) {
        String[] pair = constraint.split(" < ");
        assertThat(names.indexOf(pair[0])).as(engine + ": " + constraint)
            .isLessThan(names.indexOf(pair[1]));
      }
      assertThat(order.selfCheck().passed()).as(engine).isTrue();
      assertThat(order.selfCheck().edgesChecked()).as(engine).isEqualTo(10);
      assertThat(order.status()).as(engine).isEqualTo(LoadOrder.OK);
    });
  }

  @Test
  void employeeReportsToIsPlannedAsNullThenUpdateBecauseItIsNullable() {
    INSPECTED.forEach((engine, result) -> {
      List<Cycle> cycles = result.loadOrder().cycles();
      assertThat(cycles).as(engine).hasSize(1);
      Cycle selfReference = cycles.get(0);
      assertThat(selfReference.kind()).as(engine).isEqualTo("self-reference");
      assertThat(normalise(selfReference.tables().get(0).name())).isEqualTo("employee");
      assertThat(selfReference.plan()).as(engine).isEqualTo(Edge.NULL_THEN_UPDATE);
      Edge broken = selfReference.breaks().get(0);
      assertThat(broken.columns().stream().map(ChinookCatalogIT::normalise))
          .containsExactly("reportsto");
      assertThat(broken.nullable()).isTrue();
      assertThat(broken.treatment()).isEqualTo(Edge.NULL_THEN_UPDATE);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb", "sqlite"})
  void inspectingTheSameDatabaseTwiceWritesByteIdenticalArtifacts(String engine,
      @TempDir Path dir) throws Exception {
    // given
    String url = DATABASES.get(engine).url();

    // when
    Cli.Result first = Cli.run("inspect", url, "--out", dir.resolve("first").toString());
    Cli.Result second = Cli.run("inspect", url, "--out", dir.resolve("second").toString());

    // then
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    for (String artifact : List.of(Ferry.CATALOG_FILE, Ferry.LOAD_ORDER_FILE)) {
      assertThat(Files.mismatch(dir.resolve("first").resolve(artifact),
          dir.resolve("second").resolve(artifact))).as(artifact).isEqualTo(-1L);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb", "sqlite"})
  void addingAColumnChangesTheFingerprint(String engine) throws Exception {
    // given: a copy of its own, since the column changes the database
    TestDatabase db = loadChinook(switch (engine) {
      case "postgres" -> TestDatabases.freshPostgres();
      case "mariadb" -> TestDatabases.freshMariaDb();
      default -> TestDatabases.freshSqlite();
    });
    String before = inspect(db).catalog().fingerprint();
    assertThat(inspect(db).catalog().fingerprint()).isEqualTo(before);

    // when
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE " + ("postgres".equals(engine) ? "genre" : "Genre")
          + " ADD COLUMN description VARCHAR(200)");
    }

    // then
    InspectResult after = inspect(db);
    assertThat(after.catalog().fingerprint()).startsWith("sha256:").isNotEqualTo(before);
    assertThat(after.loadOrder().catalogFingerprint()).isEqualTo(after.catalog().fingerprint());
  }

  private static TestDatabase loadChinook(TestDatabase db) {
    String script = switch (db.engine()) {
      case "postgres" -> "Chinook_PostgreSql.sql";
      case "mariadb" -> "Chinook_MySql.sql";
      default -> "Chinook_Sqlite.sql";
    };
    SqlScripts.load(db, CHINOOK.resolve(script));
    return db;
  }

  private static InspectResult inspect(TestDatabase db) {
    return Ferry.inspect(new InspectRequest(new ConnectionSpec(null, db.url(), null, null),
        List.of(), TableFilter.all(), null));
  }

  /** {@code parent < child} for every edge the order must honour, names normalised. */
  private static Set<String> orderedConstraints(LoadOrder order) {
    Set<String> constraints = new TreeSet<>();
    order.edges().stream()
        .filter(e -> Edge.ORDERED.equals(e.treatment()))
        .forEach(e -> constraints.add(normalise(e.parent().name()) + " < "
            + normalise(e.child().name())));
    return constraints;
  }

  static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "");
  }

  /**
   * The vendor scripts ship with the tests (src/test/resources/datasets/chinook, with their
   * licence and source); {@code FERRY_CHINOOK_DIR} may point at another copy.
   */
  private static Path chinookDir() {
    String configured = System.getenv("FERRY_CHINOOK_DIR");
    Path dir;
    if (configured != null && !configured.isBlank()) {
      dir = Path.of(configured);
    } else {
      java.net.URL script = ChinookCatalogIT.class.getResource(
          "/datasets/chinook/Chinook_PostgreSql.sql");
      if (script == null) {
        throw new IllegalStateException("the Chinook scripts are missing from the test classpath"
            + " (src/test/resources/datasets/chinook)");
      }
      try {
        dir = Path.of(script.toURI()).getParent();
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    if (!Files.isRegularFile(dir.resolve("Chinook_PostgreSql.sql"))) {
      throw new IllegalStateException("Chinook scripts not found in " + dir.toAbsolutePath()
          + "; set FERRY_CHINOOK_DIR");
    }
    return dir;
  }

  /**
   * A catalog with its names normalised and engine-specific details (types, constraint names,
   * schemas) left out.
   *
   * @param tables table names
   * @param columns per table, {@code column} or {@code column not null}, in ordinal order
   * @param primaryKeys per table, its key columns in key order
   * @param foreignKeys {@code child(columns) -> parent(columns)}
   */
  record Shape(Set<String> tables, Map<String, List<String>> columns,
      Map<String, List<String>> primaryKeys, Set<String> foreignKeys) {

    static Shape of(Catalog catalog) {
      Set<String> tables = new TreeSet<>();
      Map<String, List<String>> columns = new HashMap<>();
      Map<String, List<String>> keys = new HashMap<>();
      Set<String> foreignKeys = new TreeSet<>();
      for (Table table : catalog.tables()) {
        String name = normalise(table.name().name());
        tables.add(name);
        columns.put(name, table.columns().stream()
            .map(c -> normalise(c.name()) + (c.nullable() ? "" : " not null")).toList());
        keys.put(name, table.primaryKey().columns().stream().map(ChinookCatalogIT::normalise)
            .toList());
        for (ForeignKey fk : table.foreignKeys()) {
          foreignKeys.add(name + "(" + normalised(fk.columns()) + ") -> "
              + normalise(fk.parent().name()) + "(" + normalised(fk.parentColumns()) + ")");
        }
      }
      return new Shape(tables, columns, keys, foreignKeys);
    }

    private static String normalised(List<String> names) {
      return String.join(", ", names.stream().map(ChinookCatalogIT::normalise).toList());
    }
  }
}
