package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.PrimaryKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ferry schema}'s files from hand-made catalogs: parsed, deterministic, refusing. */
class SchemaWriterTest {

  @TempDir Path dir;

  static final String HOSTILE_TABLE = "Order \"Line\" `x` [y] select é";

  /**
   * A MariaDB catalog with the quirky types and hostile names; defaults as MariaDB's catalog
   * writes them (strings quoted, backslashes escaped).
   */
  static Catalog mariadb() {
    Table parent = new Table(new TableName("app", "select"), Table.TABLE, List.of(
        col("id", "INT UNSIGNED", "INTEGER", 10, 0, false, null, "auto-increment"),
        col("flag", "BOOLEAN", "BOOLEAN", 3, 0, true, "1", null),
        col("tiny", "TINYINT UNSIGNED", "TINYINT", 3, 0, true, "NULL", null),
        col("big", "BIGINT UNSIGNED", "BIGINT", 20, 0, true, "NULL", null),
        col("price", "DECIMAL", "DECIMAL", 10, 2, false, "0.00", null),
        col("name", "VARCHAR", "VARCHAR", 40, null, false, "'it''s \\\\ a'", null),
        new Column("latin", "CHAR", "CHAR", 3, null, true, "NULL", null, "latin1"),
        col("body", "LONGTEXT", "LONGVARCHAR", Integer.MAX_VALUE, null, true, "NULL", null),
        col("bytes", "BLOB", "LONGVARBINARY", 65535, null, true, "NULL", null),
        col("born", "DATE", "DATE", 10, null, true, "curdate()", null),
        col("at", "TIME", "TIME", 17, null, true, "NULL", null),
        col("made", "DATETIME", "TIMESTAMP", 26, null, false, "current_timestamp(6)", null),
        col("seen", "TIMESTAMP", "TIMESTAMP", 19, null, false, "current_timestamp()", null),
        col("yr", "YEAR", "DATE", null, null, true, "NULL", null),
        col("mood", "ENUM", "VARCHAR", 3, null, true, "'ok'", null),
        col("tags", "SET", "VARCHAR", 3, null, true, "NULL", null),
        col("odd", "INT", "INTEGER", 10, 0, true, "(1 + 1)", null),
        col("uid", "UUID", "OTHER", null, null, true, "NULL", null)),
        new PrimaryKey("PRIMARY", List.of("id")),
        List.of(new UniqueKey("uk", List.of("name", "latin"), false)), List.of(), List.of(),
        List.of(), false);
    Table child = new Table(new TableName("app", HOSTILE_TABLE), Table.TABLE, List.of(
        col("id", "INT", "INTEGER", 10, 0, false, null, null),
        col("parent id", "INT UNSIGNED", "INTEGER", 10, 0, true, "NULL", null),
        col("Ünïcode \"col\"", "VARCHAR", "VARCHAR", 10, null, true, "NULL", null)),
        new PrimaryKey("PRIMARY", List.of("id")), List.of(),
        List.of(new ForeignKey("fk `1`", List.of("parent id"), new TableName("app", "select"),
            List.of("id"), "SET NULL", "CASCADE", ForeignKey.NOT_DEFERRABLE)),
        List.of(), List.of(), false);
    return new Catalog(1, "mariadb", "app", List.of("app"), TableFilter.all(),
        List.of(parent, child), "sha256:quirky");
  }

  static Map<TableName, Map<String, List<String>>> mariadbLabels() {
    return Map.of(new TableName("app", "select"), Map.of("mood", List.of("ok", "it's", "b c"),
        "tags", List.of("x", "y")));
  }

  private static Column col(String name, String type, String jdbc, Integer size, Integer scale,
      boolean nullable, String def, String generation) {
    return new Column(name, type, jdbc, size, scale, nullable, def, generation);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mysql", "sqlite", "h2", "sqlserver"})
  void everyFileOfEveryDialectParses(String dialect) throws Exception {
    Path out = dir.resolve(dialect);
    SchemaWriter.write(mariadb(), mariadbLabels(), TargetDialect.of(dialect), out, "test");

    assertThat(SchemaSql.parseAll(out.resolve("01-tables.sql"), dialect)).isGreaterThan(1);
    SchemaSql.parseAll(out.resolve("02-constraints.sql"), dialect);
    assertThat(Files.readString(out.resolve("01-tables.sql")))
        .contains(TargetDialect.of(dialect).name().equals("sqlite") ? "REFERENCES" : "CREATE")
        .contains("-- note: select.odd: default (1 + 1) left out");
  }

  @Test
  void mapsMariaDbTypesForPostgresAndNotesWhatItWidened() throws Exception {
    SchemaWriter.write(mariadb(), mariadbLabels(), TargetDialect.of("postgres"), dir, "test");

    String tables = Files.readString(dir.resolve("01-tables.sql"));
    assertThat(tables).contains(
        "CREATE TYPE \"select_mood\" AS ENUM ('ok', 'it''s', 'b c');",
        "\"id\" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,",
        "\"flag\" boolean DEFAULT TRUE,", "\"tiny\" smallint,", "\"big\" numeric(20),",
        "\"price\" numeric(10,2) DEFAULT 0.00 NOT NULL,",
        "\"name\" varchar(40) DEFAULT 'it''s \\ a' NOT NULL,", "\"born\" date DEFAULT"
            + " CURRENT_DATE,", "\"at\" time(6),", "\"made\" timestamp(6) DEFAULT"
            + " CURRENT_TIMESTAMP NOT NULL,", "\"mood\" \"select_mood\" DEFAULT 'ok',",
        "\"uid\" uuid", "PRIMARY KEY (\"id\")",
        "CREATE TABLE \"Order \"\"Line\"\" `x` [y] select é\" (").doesNotContain("UNIQUE");
    assertThat(Files.readString(dir.resolve("02-constraints.sql"))).containsSubsequence(
        "ALTER TABLE \"select\" ADD CONSTRAINT \"uk\" UNIQUE (\"name\", \"latin\");",
        "ALTER TABLE \"Order \"\"Line\"\" `x` [y] select é\" ADD CONSTRAINT \"fk `1`\" FOREIGN"
            + " KEY (\"parent id\") REFERENCES \"select\" (\"id\") ON DELETE SET NULL ON UPDATE"
            + " CASCADE;");
    assertThat(Files.readString(dir.resolve("schema-notes.txt"))).contains(
        "select.tiny: TINYINT UNSIGNED became smallint (widened: postgres has no unsigned",
        "select.odd: default (1 + 1) left out", "select.yr: YEAR became smallint",
        "select.seen: TIMESTAMP became timestamp(0) (a MariaDB TIMESTAMP is an instant");
  }

  @Test
  void keepsMariaDbTypesForMysqlWithTheirCharacterSets() throws Exception {
    SchemaWriter.write(mariadb(), mariadbLabels(), TargetDialect.of("mariadb"), dir, "test");

    assertThat(Files.readString(dir.resolve("01-tables.sql"))).contains(
        "`id` INT UNSIGNED AUTO_INCREMENT NOT NULL,", "`flag` BOOLEAN DEFAULT TRUE,",
        "`latin` CHAR(3) CHARACTER SET latin1,",
        "`mood` ENUM('ok', 'it''s', 'b c') CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT"
            + " 'ok',", "`name` VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT"
            + " 'it''s \\\\ a' NOT NULL", "`seen` TIMESTAMP(0) DEFAULT CURRENT_TIMESTAMP NOT"
            + " NULL", "`made` DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6) NOT NULL");
  }

  @Test
  void uniquesComeAfterTheLoadBeforeTheKeysExceptOnSqliteAndAKeylessTablesKey() throws Exception {
    // given: the parent keyed by its unique only, besides the unique uk
    Catalog catalog = mariadb();
    Table t = catalog.tables().get(0);
    Table keyless = new Table(t.name(), t.kind(), t.columns(), null, List.of(
        new UniqueKey("by_id", List.of("id"), false), new UniqueKey("uk", List.of("name",
            "latin"), false)), t.foreignKeys(), t.triggers(), t.parents(), false);
    Catalog keyed = new Catalog(1, "mariadb", "app", List.of("app"), TableFilter.all(),
        List.of(keyless, catalog.tables().get(1)), "sha256:x");

    // when
    SchemaWriter.write(keyed, mariadbLabels(), TargetDialect.of("mysql"), dir.resolve("m"),
        "test");
    SchemaWriter.write(keyed, mariadbLabels(), TargetDialect.of("sqlite"), dir.resolve("s"),
        "test");

    // then
    assertThat(Files.readString(dir.resolve("m").resolve("01-tables.sql")))
        .contains("CONSTRAINT `by_id` UNIQUE (`id`)").doesNotContain("`uk`");
    assertThat(Files.readString(dir.resolve("m").resolve("02-constraints.sql")))
        .containsSubsequence("ALTER TABLE `select` ADD CONSTRAINT `uk` UNIQUE (`name`,"
            + " `latin`);", "FOREIGN KEY").doesNotContain("by_id");
    assertThat(Files.readString(dir.resolve("s").resolve("01-tables.sql")))
        .contains("CONSTRAINT \"by_id\" UNIQUE (\"id\")", "CONSTRAINT \"uk\" UNIQUE");
    assertThat(Files.readString(dir.resolve("s").resolve("02-constraints.sql")))
        .doesNotContain("UNIQUE");
    assertThat(SchemaWriter.ddl(keyed, mariadbLabels(), TargetDialect.of("postgres"))
        .statements().uniques()).extracting(u -> u.name() + " " + u.columns())
        .containsExactly("uk [name, latin]");
  }

  @Test
  void theResumeFingerprintCoversWhereEachUniqueIsCreated() {
    TargetDialect pg = TargetDialect.of("postgres");
    String later = AfterLoadKeys.fingerprint(SchemaWriter.ddl(mariadb(), mariadbLabels(), pg));
    String kept = AfterLoadKeys.fingerprint(SchemaWriter.ddl(mariadb(), mariadbLabels(), pg,
        Casts.NONE, (t, u) -> u.name().equals("uk")));

    assertThat(kept).isNotEqualTo(later);
    assertThat(AfterLoadKeys.fingerprint(SchemaWriter.ddl(mariadb(), mariadbLabels(), pg)))
        .isEqualTo(later);
  }

  @Test
  void sameCatalogSameBytes() throws Exception {
    SchemaWriter.write(mariadb(), mariadbLabels(), TargetDialect.of("postgres"), dir.resolve("a"),
        "test");
    SchemaWriter.write(mariadb(), mariadbLabels(), TargetDialect.of("postgres"), dir.resolve("b"),
        "test");

    for (String file : SchemaWriter.FILES) {
      assertThat(Files.readAllBytes(dir.resolve("b").resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
    }
    assertThat(Files.readString(dir.resolve("a").resolve("manifest.json")))
        .contains("\"catalogFingerprint\" : \"sha256:quirky\"", "\"tableOrder\" : \"name\"",
            "\"file\" : \"01-tables.sql\"", "\"sha256\" : \"sha256:");
  }

  @Test
  void anUnknownTypeIsRefusedNamingTheColumnAndNothingIsWritten() {
    Catalog catalog = mariadb();
    Table t = catalog.tables().get(0);
    List<Column> cols = new java.util.ArrayList<>(t.columns());
    cols.add(col("shape", "GEOMETRY", "LONGVARBINARY", null, null, true, null, null));
    Catalog bad = new Catalog(1, "mariadb", "app", List.of("app"), TableFilter.all(), List.of(
        new Table(t.name(), t.kind(), cols, t.primaryKey(), t.uniqueKeys(), t.foreignKeys(),
            t.triggers(), t.parents(), false), catalog.tables().get(1)), "sha256:x");
    Path out = dir.resolve("out");

    assertThatThrownBy(() -> SchemaWriter.write(bad, mariadbLabels(), TargetDialect.of("postgres"),
        out, "test")).isInstanceOf(FerryException.class)
        .hasMessageContaining("app.select.shape (GEOMETRY)").hasMessageContaining("--exclude")
        .hasMessageContaining("Nothing was written")
        .satisfies(e -> assertThat(((FerryException) e).code().exitCode()).isEqualTo(2));
    assertThat(out).doesNotExist();
  }

  @Test
  void aDirectoryWithOtherFilesIsRefusedAndAnEarlierSchemaIsReplaced() throws Exception {
    Path foreign = Files.createDirectories(dir.resolve("foreign"));
    Files.writeString(foreign.resolve("keep.txt"), "mine");
    Path earlier = dir.resolve("earlier");
    SchemaWriter.write(mariadb(), mariadbLabels(), TargetDialect.of("h2"), earlier, "test");

    assertThatThrownBy(() -> SchemaWriter.write(mariadb(), mariadbLabels(),
        TargetDialect.of("postgres"), foreign, "test")).isInstanceOf(FerryException.class)
        .hasMessageContaining("keep.txt").hasMessageContaining("Nothing was written");
    assertThat(Files.list(foreign).toList()).hasSize(1);
    SchemaWriter.write(mariadb(), mariadbLabels(), TargetDialect.of("postgres"), earlier, "test");
    assertThat(Files.readString(earlier.resolve("manifest.json")))
        .contains("\"dialect\" : \"postgres\"");
  }

  @Test
  void anUnknownDialectIsAUsageErrorBeforeAnythingElse() {
    Path out = dir.resolve("out");

    dev.ferry.testing.Cli.Result result = dev.ferry.testing.Cli.run("schema", "--from",
        "jdbc:sqlite:" + dir.resolve("none.db"), "--dialect", "oracle", "--out", out.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("--dialect must be one of postgres, mysql, mariadb,"
        + " sqlite, h2, sqlserver, not 'oracle'");
    assertThat(out).doesNotExist();
    assertThat(dir.resolve("none.db")).doesNotExist();
  }

  @Test
  void twoTablesOfOneNameInTwoSchemasAreRefused() {
    Catalog catalog = mariadb();
    Table t = catalog.tables().get(0);
    Table twin = new Table(new TableName("other", "SELECT"), t.kind(), t.columns(),
        t.primaryKey(), List.of(), List.of(), List.of(), List.of(), false);
    Catalog two = new Catalog(1, "mariadb", null, List.of("app", "other"), TableFilter.all(),
        List.of(t, twin), "sha256:x");

    assertThatThrownBy(() -> SchemaWriter.write(two, Map.of(), TargetDialect.of("postgres"),
        dir.resolve("out"), "test")).hasMessageContaining("app.select and other.SELECT");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
