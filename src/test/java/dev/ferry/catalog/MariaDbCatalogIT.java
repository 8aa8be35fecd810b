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
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code inspect} reads from MariaDB, through jdbc:mariadb: and jdbc:mysql: URLs. */
class MariaDbCatalogIT {

  private static final String SCHEMA = """
      CREATE TABLE region (
        country CHAR(2) NOT NULL,
        code VARCHAR(10) NOT NULL,
        name VARCHAR(50),
        PRIMARY KEY (country, code)
      );
      CREATE TABLE store (
        id INT AUTO_INCREMENT PRIMARY KEY,
        region_code VARCHAR(10) NOT NULL,
        country CHAR(2) NOT NULL,
        sku_prefix VARCHAR(10) NOT NULL,
        net DECIMAL(10, 2) NOT NULL,
        gross DECIMAL(10, 2) AS (net * 1.2) VIRTUAL,
        CONSTRAINT store_sku_prefix_key UNIQUE (sku_prefix),
        CONSTRAINT store_region_fkey FOREIGN KEY (country, region_code)
          REFERENCES region (country, code)
      );
      CREATE TRIGGER store_upper BEFORE INSERT ON store
        FOR EACH ROW SET NEW.sku_prefix = UPPER(NEW.sku_prefix);
      CREATE TABLE author (id INT PRIMARY KEY, favourite_book_id INT NOT NULL);
      CREATE TABLE book (
        id INT PRIMARY KEY,
        author_id INT NOT NULL,
        CONSTRAINT book_author_fkey FOREIGN KEY (author_id) REFERENCES author (id)
      );
      ALTER TABLE author ADD CONSTRAINT author_favourite_book_fkey
        FOREIGN KEY (favourite_book_id) REFERENCES book (id);
      """;

  private static TestDatabase db;
  private static InspectResult inspected;

  @BeforeAll
  static void createSchema() {
    db = TestDatabases.freshMariaDb();
    SqlScripts.execute(db, SCHEMA);
    inspected = inspect(db.url());
  }

  @Test
  void theDatabaseIsTheSchema() {
    assertThat(inspected.catalog().engine()).isEqualTo("mariadb");
    assertThat(inspected.catalog().database()).isEqualTo(db.name());
    assertThat(inspected.catalog().schemas()).containsExactly(db.name());
    assertThat(inspected.catalog().tables()).extracting(t -> t.name().qualified())
        .containsExactly(db.name() + ".author", db.name() + ".book", db.name() + ".region",
            db.name() + ".store");
  }

  @Test
  void compositeForeignKeyPairsItsColumnsInKeyOrder() {
    ForeignKey fk = table("store").foreignKeys().get(0);

    assertThat(fk.name()).isEqualTo("store_region_fkey");
    assertThat(fk.columns()).containsExactly("country", "region_code");
    assertThat(fk.parent()).isEqualTo(new TableName(db.name(), "region"));
    assertThat(fk.parentColumns()).containsExactly("country", "code");
    assertThat(fk.deferrable()).isFalse();
  }

  @Test
  void notNullCycleIsLoadedWithForeignKeyChecksOffAndThenOrphanChecked() {
    List<Cycle> cycles = inspected.loadOrder().cycles();

    assertThat(cycles).hasSize(1);
    Cycle cycle = cycles.get(0);
    assertThat(cycle.tables()).containsExactly(
        new TableName(db.name(), "author"), new TableName(db.name(), "book"));
    assertThat(cycle.plan()).isEqualTo(Edge.RELAXED);
    assertThat(cycle.relaxation()).isEqualTo(CheckRelaxation.SESSION_FOREIGN_KEY_CHECKS_OFF);
    assertThat(cycle.orphanCheckRequired()).isTrue();
    assertThat(cycle.breaks()).hasSize(1);
    assertThat(inspected.loadOrder().status()).isEqualTo(LoadOrder.OK);
    assertThat(inspected.loadOrder().selfCheck().passed()).isTrue();
  }

  @Test
  void generatedValuesAreRecordedWithHowTheEngineMakesThem() {
    assertThat(column("store", "id").generation()).isEqualTo("auto-increment");
    assertThat(column("store", "gross").generation()).isEqualTo("computed");
    assertThat(column("store", "net").generation()).isNull();
  }

  @Test
  void uniqueKeyIsRecordedBesideThePrimaryKey() {
    assertThat(table("store").primaryKey().columns()).containsExactly("id");
    assertThat(table("store").uniqueKeys())
        .containsExactly(new UniqueKey("store_sku_prefix_key", List.of("sku_prefix"), false));
  }

  @Test
  void triggerIsListed() {
    assertThat(table("store").triggers())
        .containsExactly(
            new Trigger("store_upper", "trigger", "BEFORE", "INSERT", true, false));
  }

  @Test
  void mysqlUrlReadsTheSameCatalog(@TempDir Path out) throws Exception {
    // given
    String mysqlUrl = db.url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");

    // when
    InspectResult viaMysql = inspect(mysqlUrl);
    Cli.Result cli = Cli.run("inspect", mysqlUrl, "--out", out.toString());

    // then
    assertThat(viaMysql.catalog()).isEqualTo(inspected.catalog());
    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(Files.readString(out.resolve(Ferry.CATALOG_FILE)))
        .contains(inspected.catalog().fingerprint());
  }

  private static InspectResult inspect(String url) {
    return Ferry.inspect(new InspectRequest(new ConnectionSpec(null, url, null, null), List.of(),
        TableFilter.all(), null));
  }

  private static Table table(String name) {
    return inspected.catalog().table(new TableName(db.name(), name))
        .orElseThrow(() -> new AssertionError("no table " + name));
  }

  private static Column column(String table, String column) {
    return table(table).column(column)
        .orElseThrow(() -> new AssertionError("no column " + table + "." + column));
  }
}
