package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.CastRule;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.PrimaryKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notes the first slice left silent, and cast-rule precedence, on hand-made catalogs as the
 * readers report them.
 */
class SchemaNotesTest {

  /** SQLite: an INTEGER PRIMARY KEY without AUTOINCREMENT, a NUMERIC(10,2) (as its reader says). */
  static Catalog sqlite() {
    Table t = new Table(new TableName("main", "invoice"), Table.TABLE, List.of(
        new Column("id", "INTEGER", "INTEGER", null, null, false, null, null),
        new Column("total", "NUMERIC(10,2)", "NUMERIC", null, null, true, null, null)),
        new PrimaryKey("pk", List.of("id")), List.of(), List.of(), List.of(), List.of(), false);
    return new Catalog(1, "sqlite", "main", List.of("main"), TableFilter.all(), List.of(t),
        "sha256:sqlite");
  }

  @Test
  void sqliteRowidWithoutAutoincrementAndUnboundedNumericAreNoted() {
    for (String dialect : List.of("postgres", "mysql", "sqlite", "h2", "sqlserver")) {
      DdlWriter.Ddl ddl = SchemaWriter.ddl(sqlite(), Map.of(), TargetDialect.of(dialect));

      assertThat(ddl.notes()).as(dialect).anySatisfy(n -> assertThat(n).startsWith(
          "invoice.id: SQLite's INTEGER PRIMARY KEY numbers new rows itself"));
      assertThat(ddl.notes()).as(dialect).anySatisfy(n -> assertThat(n).startsWith(
          "invoice.total: NUMERIC(10,2) became ").contains("neither enforces nor reports"));
    }
  }

  @Test
  void theMostSpecificRuleWinsAndTheFirstAmongEquals() {
    Table t = new Table(new TableName("app", "orders"), Table.TABLE, List.of(
        new Column("made", "DATETIME", "TIMESTAMP", 19, null, true, null, null),
        new Column("created_at", "DATETIME", "TIMESTAMP", 19, null, true, null, null),
        new Column("name", "VARCHAR", "VARCHAR", 20, null, true, null, null)),
        null, List.of(), List.of(), List.of(), List.of(), false);
    Catalog catalog = new Catalog(1, "mariadb", "app", List.of("app"), TableFilter.all(),
        List.of(t), "sha256:x");
    List<CastRule> rules = List.of(
        rule("datetime", null, null, "timestamptz", 1),
        rule("datetime", null, "*_AT", "date", 2),
        rule("datetime", "orders", null, "timestamp(3)", 3),
        rule("varchar(20)", null, null, "text", 4),
        rule("varchar", null, null, "varchar(30)", 5),
        rule("varchar(20)", null, null, "varchar(40)", 6));

    String tables = SchemaWriter.ddl(catalog, Map.of(), TargetDialect.of("postgres"),
        Casts.of(rules, catalog, "postgres")).tables();

    // the table's rule beats the column's, which beats the type's
    assertThat(tables).contains("\"made\" timestamp(3)", "\"created_at\" timestamp(3)",
        "\"name\" text");
    List<CastRule> noTable = rules.stream().filter(r -> r.table() == null).toList();
    assertThat(SchemaWriter.ddl(catalog, Map.of(), TargetDialect.of("postgres"),
        Casts.of(noTable, catalog, "postgres")).tables())
        .contains("\"made\" timestamptz(0)", "\"created_at\" date");
  }

  @Test
  void aSizedTimeRuleMatchesByFractionalDigitsAsMariaDbReportsThem() {
    // MariaDB reports a DATETIME(6) with a display size of 26
    Table t = new Table(new TableName("app", "log"), Table.TABLE, List.of(
        new Column("fine", "DATETIME", "TIMESTAMP", 26, null, true, null, null),
        new Column("coarse", "DATETIME", "TIMESTAMP", 19, null, true, null, null)),
        null, List.of(), List.of(), List.of(), List.of(), false);
    Catalog catalog = new Catalog(1, "mariadb", "app", List.of("app"), TableFilter.all(),
        List.of(t), "sha256:x");

    String tables = SchemaWriter.ddl(catalog, Map.of(), TargetDialect.of("postgres"),
        Casts.of(List.of(rule("datetime(6)", null, null, "timestamptz", 1)), catalog,
            "postgres")).tables();

    assertThat(tables).contains("\"fine\" timestamptz(6)", "\"coarse\" timestamp(0)");
  }

  private static CastRule rule(String type, String table, String column, String to, int line) {
    return new CastRule(type, table, column, Map.of(CastRule.ANY_DIALECT, to), "f:" + line);
  }
}
