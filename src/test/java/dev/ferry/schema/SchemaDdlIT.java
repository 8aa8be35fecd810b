package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Index;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialects;
import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry schema} against real databases: the DDL of a quirky PostgreSQL and a quirky
 * MariaDB schema (hostile names included) runs on PostgreSQL (as a table owner that is no
 * superuser), MariaDB, SQLite and H2, and the catalog read back holds every table, column
 * (nullability, a compatible type), key and reference of the source; round trips PostgreSQL →
 * MariaDB → PostgreSQL keep them; and {@code ferry copy} then {@code ferry verify} succeed in the
 * created schema.
 */
class SchemaDdlIT {

  static final String PG_QUIRKY = """
      CREATE TYPE mood AS ENUM ('sad', 'o''k', 'b c');
      CREATE TABLE "Order ""Line"" x" (id serial PRIMARY KEY, "select" smallint NOT NULL DEFAULT 7,
        "naïve col" bigint, amount numeric(10,2) DEFAULT 0.50, loose numeric, r real,
        d double precision, ok boolean NOT NULL DEFAULT true, note text DEFAULT 'it''s',
        code varchar(20) NOT NULL, tag char(3), raw bytea, born date DEFAULT CURRENT_DATE,
        at time(3), made timestamp DEFAULT now(), seen timestamptz DEFAULT CURRENT_TIMESTAMP,
        uid uuid, feel mood DEFAULT 'sad', nums int[], doc json, docb jsonb,
        odd integer DEFAULT (1 + 1), UNIQUE (code, tag));
      CREATE TABLE item (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        line_id integer NOT NULL REFERENCES "Order ""Line"" x" (id) ON DELETE CASCADE
          DEFERRABLE INITIALLY DEFERRED,
        parent_id bigint REFERENCES item (id) ON UPDATE SET NULL, label varchar(30) UNIQUE);
      CREATE INDEX "ix; ""odd"" 'name'" ON "Order ""Line"" x" ("naïve col" DESC, made);
      CREATE INDEX item_line ON item (line_id, id DESC);
      CREATE INDEX item_lower_label ON item (lower(label));
      CREATE UNIQUE INDEX item_one_root ON item (line_id) WHERE parent_id IS NULL;
      """;

  static final String MARIADB_QUIRKY = """
      CREATE TABLE `se``lect` (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, t TINYINT,
        tu TINYINT UNSIGNED NOT NULL DEFAULT 3, flag TINYINT(1) DEFAULT 1, s SMALLINT,
        bu BIGINT UNSIGNED, price DECIMAL(12,3) NOT NULL DEFAULT 1.500, f FLOAT, d DOUBLE,
        name VARCHAR(40) CHARACTER SET latin1 NOT NULL DEFAULT 'it''s',
        code CHAR(5) NOT NULL, bs VARCHAR(10) DEFAULT 'a\\\\b''c', body TEXT, mid MEDIUMTEXT, big LONGTEXT, bin LONGBLOB,
        born DATE, at TIME(6), made DATETIME DEFAULT CURRENT_TIMESTAMP, fine DATETIME(6),
        seen TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, yr YEAR,
        feel ENUM('sad','o''k','b c') DEFAULT 'sad', tags SET('x','y'), doc JSON, uid UUID,
        UNIQUE KEY uk_name_code (name, code), KEY `k;ey ``q`` 'x'` (code, name DESC),
        KEY body_start (body(20)), KEY made_ix (made));
      CREATE TABLE big_parent (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY);
      CREATE TABLE `naïve child` (id INT PRIMARY KEY, `parent id` INT UNSIGNED,
        big_id BIGINT UNSIGNED REFERENCES big_parent (id),
        CONSTRAINT fk_parent FOREIGN KEY (`parent id`) REFERENCES `se``lect` (id)
          ON DELETE SET NULL ON UPDATE CASCADE);
      """;

  static final String MARIADB_ROWS = """
      INSERT INTO `se``lect` (t, tu, flag, s, bu, price, f, d, name, code, body, mid, big, bin,
        born, at, made, fine, seen, yr, feel, tags, doc, uid) VALUES
        (-5, 250, 1, -300, 18446744073709551615, 12.345, 1.5, 2.25, 'ça', 'ab', 'text',
         'mid', 'big', X'00FF', '2024-02-29', '12:34:56.123456', '2024-01-01 10:00:00',
         '2024-01-01 10:00:00.654321', '2024-01-02 03:04:05', 2024, 'o''k', 'x,y',
         '{"a": 1}', '123e4567-e89b-12d3-a456-426614174000'),
        (NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 'b', 'c', NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, '2024-01-02 03:04:05', NULL, NULL, NULL, NULL, NULL);
      INSERT INTO big_parent VALUES (9223372036854775807);
      INSERT INTO `naïve child` VALUES (1, 1, 9223372036854775807), (2, NULL, NULL);
      """;

  @TempDir Path dir;

  @Test
  void quirkyPostgresDdlRunsOnEveryEngineAndKeepsEveryColumnAndKey() throws Exception {
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, PG_QUIRKY);
    Shape expected = Shape.of(read(source));

    for (String dialect : List.of("postgres", "mysql", "sqlite", "h2", "sqlserver")) {
      Path out = schema(source, dialect);
      SchemaSql.parseAll(out.resolve("01-tables.sql"), dialect);
      SchemaSql.parseAll(out.resolve("02-constraints.sql"), dialect);
      if (!dialect.equals("sqlserver")) {
        TestDatabase target = run(dialect, out);
        Catalog created = read(target);
        assertThat(Shape.of(created)).as(dialect).isEqualTo(expected);
        Table line = created.tables().stream().filter(t -> t.name().name().startsWith("Order"))
            .findFirst().orElseThrow();
        for (String translated : List.of("select", "note", "ok", "born", "seen", "amount")) {
          assertThat(line.column(translated).orElseThrow().defaultValue()).as(dialect + " "
              + translated).isNotNull().isNotEqualToIgnoringCase("NULL");
        }
        assertThat(line.column("odd").orElseThrow().defaultValue()).as(dialect)
            .isIn(null, "NULL");
        assertThat(Shape.of(created).tables().values().stream().flatMap(List::stream)
            .filter(f -> f.startsWith("index ")).count()).as(dialect).isEqualTo(2);
        if (dialect.equals("postgres")) {
          assertThat(indexes(created, "item")).isEqualTo(indexes(read(source), "item"));
        }
      }
    }
  }

  @Test
  void quirkyMariaDbDdlRunsOnEveryEngineAndKeepsEveryColumnAndKey() throws Exception {
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, MARIADB_QUIRKY);
    Shape expected = Shape.of(read(source));

    for (String dialect : List.of("postgres", "mysql", "sqlite", "h2", "sqlserver")) {
      Path out = schema(source, dialect);
      SchemaSql.parseAll(out.resolve("01-tables.sql"), dialect);
      SchemaSql.parseAll(out.resolve("02-constraints.sql"), dialect);
      if (!dialect.equals("sqlserver")) {
        TestDatabase target = run(dialect, out);
        assertThat(Shape.of(read(target))).as(dialect).isEqualTo(expected);
        Table select = read(target).tables().stream().filter(t -> t.name().name()
            .equalsIgnoreCase("se`lect")).findFirst().orElseThrow();
        assertThat(select.column("bs").orElseThrow().defaultValue()).as(dialect)
            .startsWith(dialect.equals("mysql") ? "'a\\\\b''c'" : "'a\\b''c'");
        if (dialect.equals("postgres") || dialect.equals("mysql")) {
          assertThat(labels(target).get("feel")).as(dialect).isEqualTo(List.of("sad", "o'k",
              "b c")).isEqualTo(labels(source).get("feel"));
        }
      }
    }
  }

  static final String H2_QUIRKY = """
      CREATE TABLE "Parent Table" (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        t TINYINT, n NUMERIC(12,4) DEFAULT 1.5, f DOUBLE PRECISION, ok BOOLEAN DEFAULT TRUE,
        name VARCHAR(30) NOT NULL, c CLOB, b VARBINARY(8), bl BLOB, dt DATE,
        at TIME(3), ts TIMESTAMP(9), tz TIMESTAMP WITH TIME ZONE, u UUID, j JSON,
        e ENUM('a', 'b''c'), CONSTRAINT uq_name UNIQUE (name));
      CREATE TABLE child (id BIGINT PRIMARY KEY, pid INTEGER NOT NULL,
        CONSTRAINT child_parent FOREIGN KEY (pid) REFERENCES "Parent Table" (id)
          ON DELETE CASCADE);
      CREATE INDEX "Parent; idx" ON "Parent Table" (dt DESC, name);
      CREATE INDEX child_pid ON child (pid);
      """;

  @Test
  void sqliteAndH2SourcesRunOnPostgresAndMariaDb() throws Exception {
    TestDatabase sqlite = TestDatabases.freshSqlite();
    SqlScripts.load(sqlite, Path.of(SchemaDdlIT.class
        .getResource("/datasets/chinook/Chinook_Sqlite.sql").toURI()));
    TestDatabase h2 = TestDatabases.freshH2();
    SqlScripts.execute(h2, H2_QUIRKY);

    for (TestDatabase source : List.of(sqlite, h2)) {
      Shape expected = Shape.of(read(source));
      for (String dialect : List.of("postgres", "mysql", "sqlite", "h2", "sqlserver")) {
        Path out = schema(source, dialect);
        SchemaSql.parseAll(out.resolve("01-tables.sql"), dialect);
        SchemaSql.parseAll(out.resolve("02-constraints.sql"), dialect);
        if (!dialect.equals("sqlserver")) {
          assertThat(Shape.of(read(run(dialect, out)))).as(source.engine() + " to " + dialect)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void postgresToMariaDbToPostgresKeepsEveryColumnKeyAndReference() throws Exception {
    for (String script : List.of(PG_QUIRKY, chinook())) {
      TestDatabase source = TestDatabases.freshPostgres();
      SqlScripts.execute(source, script);
      TestDatabase mariadb = run("mysql", schema(source, "mysql"));
      TestDatabase back = run("postgres", schema(mariadb, "postgres"));

      assertThat(Shape.of(read(back))).isEqualTo(Shape.of(read(source)));
      assertThat(Shape.of(read(back)).tables()).hasSizeGreaterThan(1);
    }
  }

  @Test
  void twoRunsWriteTheSameBytes() throws Exception {
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, PG_QUIRKY);
    Path first = schema(source, "mysql");
    Path second = schema(source, "mysql");

    for (String file : SchemaWriter.FILES) {
      assertThat(Files.readAllBytes(second.resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(first.resolve(file)));
    }
  }

  @Test
  void anUnknownTypeIsRefusedWithExitTwoAndNothingWritten() {
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, "CREATE TABLE doc (id int PRIMARY KEY, words tsvector)");
    Path out = dir.resolve("refused");

    Cli.Result result = Cli.run("schema", "--from", source.url(), "--dialect", "mysql", "--out",
        out.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("public.doc.words (tsvector)", "--exclude");
    assertThat(out).doesNotExist();
  }

  @Test
  void copyAndVerifySucceedInTheCreatedSchemaFromMariaDbToPostgres() throws Exception {
    for (String script : List.of(MARIADB_QUIRKY + MARIADB_ROWS, chinookMariaDb())) {
      TestDatabase source = TestDatabases.freshMariaDb();
      SqlScripts.execute(source, script);
      TestDatabase target = run("postgres", schema(source, "postgres"));

      Cli.Result copy = Cli.run("copy", "--from", source.url(), "--to", target.url(),
          "--report", dir.resolve("run-" + source.name()).toString());
      assertThat(copy.exitCode()).as(copy.toString()).isZero();
      Cli.Result verify = Cli.run("verify", "--from", source.url(), "--to", target.url(),
          "--out", dir.resolve("verify-" + source.name()).toString());
      assertThat(verify.exitCode()).as(verify.toString()).isZero();
    }
  }

  /** Quotes, a backslash, semicolons, a line break and a dash-dash: text, never SQL. */
  static final String HOSTILE_COMMENT = "it's a \\ back; slash\n-- DROP TABLE x; \"q\" end";

  @Test
  void hostileCommentsOfTablesAndColumnsArriveOnPostgresMariaDbAndH2() throws Exception {
    String plain = "'" + HOSTILE_COMMENT.replace("'", "''") + "'";
    String mysql = "'" + HOSTILE_COMMENT.replace("\\", "\\\\").replace("'", "''") + "'";
    TestDatabase pg = TestDatabases.freshPostgres();
    SqlScripts.execute(pg, "CREATE TABLE \"Note; t\" (id int PRIMARY KEY, \"wo'rd\" text);"
        + "COMMENT ON TABLE \"Note; t\" IS " + plain + ";"
        + "COMMENT ON COLUMN \"Note; t\".\"wo'rd\" IS " + plain + ";");
    TestDatabase maria = TestDatabases.freshMariaDb();
    SqlScripts.execute(maria, "CREATE TABLE `Note; t` (id int PRIMARY KEY, `wo'rd` text COMMENT "
        + mysql + ") COMMENT = " + mysql + ";");
    TestDatabase h2 = TestDatabases.freshH2();
    SqlScripts.execute(h2, "CREATE TABLE \"Note; t\" (id int PRIMARY KEY, \"wo'rd\" CLOB);"
        + "COMMENT ON TABLE \"Note; t\" IS " + plain + ";"
        + "COMMENT ON COLUMN \"Note; t\".\"wo'rd\" IS " + plain + ";");
    dev.ferry.catalog.Comments expected = new dev.ferry.catalog.Comments(HOSTILE_COMMENT,
        Map.of("wo'rd", HOSTILE_COMMENT));

    for (TestDatabase source : List.of(pg, maria, h2)) {
      assertThat(comments(read(source))).as(source.engine()).isEqualTo(expected);
      for (String dialect : List.of("postgres", "mysql", "h2", "sqlite")) {
        Path out = schema(source, dialect);
        SchemaSql.parseAll(out.resolve("01-tables.sql"), dialect);
        TestDatabase target = run(dialect, out);
        if (dialect.equals("sqlite")) {
          assertThat(Files.readString(out.resolve("schema-notes.txt")))
              .contains("Note; t: comments left out");
        } else {
          assertThat(comments(read(target))).as(source.engine() + " to " + dialect)
              .isEqualTo(expected);
        }
      }
    }
  }

  /** Check constraints, named and not, on a table and a column with hostile names. */
  static final String PG_CHECKS = """
      CREATE TABLE "Pri""ce list" (id int PRIMARY KEY, qty int CHECK (qty >= 0),
        "no te" varchar(40), CONSTRAINT "range; 'q'" CHECK (qty <= 1000 AND qty IS NOT NULL),
        CONSTRAINT note_kind CHECK ("no te" IN ('a', 'it''s; --', 'b')),
        CONSTRAINT note_len CHECK (char_length("no te") > 0),
        CONSTRAINT regex CHECK ("no te" ~ '^[a-z]'));
      """;
  static final String MARIADB_CHECKS = """
      CREATE TABLE `Pri"ce list` (id INT PRIMARY KEY, qty INT CHECK (qty >= 0),
        `no te` VARCHAR(40), doc JSON,
        CONSTRAINT `range; 'q'` CHECK (qty <= 1000 AND qty IS NOT NULL),
        CONSTRAINT note_kind CHECK (`no te` IN ('a', 'it\\'s; --', 'b')),
        CONSTRAINT note_len CHECK (char_length(`no te`) > 0));
      """;
  static final String H2_CHECKS = """
      CREATE TABLE "Pri""ce list" (id INT PRIMARY KEY, qty INT CHECK (qty >= 0),
        "no te" VARCHAR(40), CONSTRAINT "range; 'q'" CHECK (qty <= 1000 AND qty IS NOT NULL),
        CONSTRAINT note_kind CHECK ("no te" IN ('a', 'it''s; --', 'b')),
        CONSTRAINT note_len CHECK (CHAR_LENGTH("no te") > 0));
      """;
  static final String SQLITE_CHECKS = """
      CREATE TABLE "Pri""ce list" (id INTEGER PRIMARY KEY, qty INT CHECK (qty >= 0),
        [no te] VARCHAR(40), CONSTRAINT "range; 'q'" CHECK (qty <= 1000 AND qty IS NOT NULL),
        CONSTRAINT note_kind CHECK ("no te" IN ('a', 'it''s; --', 'b')),
        CONSTRAINT note_len CHECK (length("no te") > 0));
      """;

  @Test
  void checkConstraintsOfEveryEngineRunOnEveryEngineAndRefuseTheRowsTheyRefused()
      throws Exception {
    TestDatabase pg = TestDatabases.freshPostgres();
    SqlScripts.execute(pg, PG_CHECKS);
    TestDatabase maria = TestDatabases.freshMariaDb();
    SqlScripts.execute(maria, MARIADB_CHECKS);
    TestDatabase h2 = TestDatabases.freshH2();
    SqlScripts.execute(h2, H2_CHECKS);
    TestDatabase sqlite = TestDatabases.freshSqlite();
    SqlScripts.execute(sqlite, SQLITE_CHECKS);

    for (TestDatabase source : List.of(pg, maria, h2, sqlite)) {
      List<dev.ferry.catalog.Check> declared = checks(read(source));
      assertThat(declared).as(source.engine()).hasSize(source == pg ? 5 : 4);
      for (String dialect : List.of("postgres", "mysql", "sqlite", "h2", "sqlserver")) {
        Path out = schema(source, dialect);
        SchemaSql.parseAll(out.resolve("01-tables.sql"), dialect);
        SchemaSql.parseAll(out.resolve("02-constraints.sql"), dialect);
        if (source == pg) {
          assertThat(Files.readString(out.resolve("schema-notes.txt")))
              .contains("check regex left out");
        }
        if (dialect.equals("sqlserver")) {
          continue;
        }
        TestDatabase target = run(dialect, out);
        String as = source.engine() + " to " + dialect;
        List<String> names = checks(read(target)).stream().map(c -> c.name().equals("range;"
            + " 'q'") ? c.name() : c.name().toLowerCase(Locale.ROOT)).toList();
        assertThat(names).as(as).hasSize(4).contains("range; 'q'", "note_kind", "note_len");
        assertThat(refuses(target, 1, "-1", "'a'")).as(as + ": qty >= 0").isTrue();
        assertThat(refuses(target, 2, "1001", "'a'")).as(as + ": range").isTrue();
        assertThat(refuses(target, 3, "1", "'c'")).as(as + ": note_kind").isTrue();
        assertThat(refuses(target, 4, "5", "'it''s; --'")).as(as + ": a row it takes")
            .isFalse();
      }
    }
    TestDatabase back = run("postgres", schema(run("mysql", schema(pg, "mysql")), "postgres"));
    assertThat(checks(read(back)).stream().map(c -> c.name()).toList())
        .as("PostgreSQL to MariaDB to PostgreSQL").containsExactlyInAnyOrderElementsOf(
            checks(read(pg)).stream().map(c -> c.name()).filter(n -> !n.equals("regex"))
                .toList());
  }

  private static List<dev.ferry.catalog.Check> checks(Catalog catalog) {
    return catalog.tables().stream().filter(t -> t.name().name().equalsIgnoreCase(
        "Pri\"ce list")).findFirst().orElseThrow().checks();
  }

  /** Whether the target refuses a row (id, qty, "no te"). */
  private static boolean refuses(TestDatabase db, int id, String qty, String note)
      throws Exception {
    var d = Dialects.forUrl(db.url());
    Table t = read(db).tables().stream().filter(x -> x.name().name().equalsIgnoreCase(
        "Pri\"ce list")).findFirst().orElseThrow();
    String columns = t.columns().stream().map(Column::name).filter(n -> !n.equalsIgnoreCase(
        "doc")).map(d::quote).collect(java.util.stream.Collectors.joining(", "));
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      s.execute("INSERT INTO " + d.quote(t.name().name()) + " (" + columns + ") VALUES (" + id
          + ", " + qty + ", " + note + ")");
      return false;
    } catch (java.sql.SQLException e) {
      return true;
    }
  }

  private static dev.ferry.catalog.Comments comments(Catalog catalog) {
    return catalog.tables().stream().filter(t -> t.name().name().equals("Note; t"))
        .findFirst().orElseThrow().comments();
  }

  // ---- helpers ----

  private Path schema(TestDatabase source, String dialect) {
    Path out = dir.resolve(source.name() + "-" + dialect + "-" + System.nanoTime());
    Cli.Result result = Cli.run("schema", "--from", source.url(), "--dialect", dialect, "--out",
        out.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return out;
  }

  /** Runs both files on a fresh database; PostgreSQL as a table owner that is no superuser. */
  private static TestDatabase run(String dialect, Path out) throws Exception {
    TestDatabase target = switch (dialect) {
      case "postgres" -> owner(TestDatabases.freshPostgres());
      case "mysql" -> TestDatabases.freshMariaDb();
      case "sqlite" -> TestDatabases.freshSqlite();
      default -> TestDatabases.freshH2();
    };
    try (Connection c = TestDatabases.connect(target); Statement s = c.createStatement()) {
      for (String file : List.of("01-tables.sql", "02-constraints.sql")) {
        for (String sql : SchemaSql.statements(out.resolve(file), dialect)) {
          try {
            s.execute(sql);
          } catch (java.sql.SQLException e) {
            throw new AssertionError(file + " failed on " + dialect + ": " + sql + "\n  "
                + e.getMessage(), e);
          }
        }
      }
    }
    return target;
  }

  static TestDatabase owner(TestDatabase admin) {
    String role = TestDatabases.createPostgresLogin(admin, "owner-pw");
    // CREATE on the database too: ferry copy keeps its checkpoints in a schema of its own
    SqlScripts.execute(admin, "GRANT CREATE ON SCHEMA public TO " + role + ";"
        + " GRANT CREATE ON DATABASE " + admin.name() + " TO " + role);
    return new TestDatabase("postgres", admin.bareUrl() + "?user=" + role
        + "&password=owner-pw", admin.name());
  }

  /** A table's secondary indexes, as read by ferry. */
  static List<Index> indexes(Catalog catalog, String table) {
    return catalog.tables().stream().filter(t -> t.name().name().equals(table)).findFirst()
        .orElseThrow().indexes();
  }

  /** Every enum (and SET) column's labels, by column name. */
  private static Map<String, List<String>> labels(TestDatabase db) throws Exception {
    Catalog catalog = read(db);
    Map<String, List<String>> out = new TreeMap<>();
    try (Connection c = TestDatabases.connect(db)) {
      Dialects.forUrl(db.url()).enumLabels(c, catalog.tables().stream().map(Table::name)
          .toList()).forEach((table, columns) -> out.putAll(columns));
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  static Catalog read(TestDatabase db) throws Exception {
    try (Connection c = TestDatabases.connect(db)) {
      CatalogReader reader = new CatalogReader(c, Dialects.forUrl(db.url()));
      return reader.withIndexes(reader.read(List.of(), TableFilter.all()));
    }
  }

  static String chinook() throws Exception {
    String script = Files.readString(Path.of(SchemaDdlIT.class
        .getResource("/datasets/chinook/Chinook_PostgreSql.sql").toURI()));
    // the database statements at its top are the harness's job
    return script.substring(script.indexOf("CREATE TABLE"));
  }

  static String chinookMariaDb() throws Exception {
    String script = Files.readString(Path.of(SchemaDdlIT.class
        .getResource("/datasets/chinook/Chinook_MySql.sql").toURI()));
    return script.substring(script.indexOf("CREATE TABLE"));
  }

  /**
   * What a schema keeps, engine-independently: per table (names lower-cased, as engines fold
   * them differently) its columns with nullability and type family, primary key, unique keys
   * and foreign keys with their rules.
   */
  record Shape(Map<String, List<String>> tables) {

    static Shape of(Catalog catalog) {
      Map<String, List<String>> tables = new TreeMap<>();
      for (Table t : catalog.tables()) {
        List<String> facts = new ArrayList<>();
        for (Column c : t.columns()) {
          facts.add("column " + lower(c.name()) + (c.nullable() ? " null " : " not null ")
              + family(catalog.engine(), t, c));
        }
        if (t.primaryKey() != null) {
          facts.add("pk " + lower(String.join(",", t.primaryKey().columns())));
        }
        Set<String> uniques = new TreeSet<>();
        t.uniqueKeys().stream().filter(u -> !u.partial()).forEach(u -> uniques.add("unique "
            + lower(String.join(",", u.columns()))));
        facts.addAll(uniques);
        Set<String> fks = new TreeSet<>();
        for (ForeignKey fk : t.foreignKeys()) {
          fks.add("fk " + lower(String.join(",", fk.columns()) + " -> " + fk.parent().name()
              + "(" + String.join(",", fk.parentColumns()) + ") " + rule(catalog, fk.onDelete())
              + "/" + rule(catalog, fk.onUpdate())));
        }
        facts.addAll(fks);
        Set<String> indexes = new TreeSet<>();
        for (Index i : t.indexes()) {
          if (i.plainColumns() && i.predicate() == null && i.method() == null) {
            indexes.add("index " + lower(i.name()) + " (" + i.columns().stream()
                .map(p -> lower(p.column()) + (p.descending() ? " desc" : ""))
                .collect(java.util.stream.Collectors.joining(",")) + ")");
          }
        }
        facts.addAll(indexes);
        tables.put(lower(t.name().name()), facts);
      }
      return new Shape(tables);
    }

    /** MariaDB reports NO ACTION as RESTRICT, its synonym there. */
    private static String rule(Catalog catalog, String rule) {
      return catalog.engine().equals("mariadb") && "RESTRICT".equals(rule) ? "NO ACTION" : rule;
    }

    private static String lower(String s) {
      return s.toLowerCase(Locale.ROOT);
    }

    /** A type's family: what values it holds, whatever the engine calls it. */
    private static String family(String engine, Table t, Column c) {
      SourceType st = SourceTypes.resolve(engine, c, List.of());
      // a PostgreSQL enum's type is its own name; the driver reports its values as VARCHAR
      String name = st != null ? st.type().name() : "VARCHAR".equals(c.jdbcType()) ? "ENUM"
          : c.type();
      return switch (name) {
        case "TINYINT", "SMALLINT", "MEDIUMINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
            "UMEDIUMINT", "UINTEGER", "UBIGINT", "YEAR" -> "integer";
        case "DECIMAL" -> c.size() != null && c.size() > 0 && (c.scale() == null
            || c.scale() == 0) && !engine.equals("sqlite") ? "integer" : "decimal";
        case "REAL", "DOUBLE" -> "float";
        case "TEXT", "VARCHAR", "CHAR", "ENUM", "SET", "ARRAY", "INTERVAL", "ANY", "JSON",
            "JSONB", "UUID" -> "text";
        case "BINARY", "VARBINARY" -> "binary";
        case "TIMESTAMP", "MARIADB_TIMESTAMP", "TIMESTAMPTZ" -> "timestamp";
        default -> name.toLowerCase(Locale.ROOT);
      };
    }
  }
}
