package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Check;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.PrimaryKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Check constraints in {@code ferry schema}'s DDL: parsed from the source engine's SQL,
 * written again for the target from the parsed tree (quoted per dialect, literals as the
 * target's), or left out with a note naming the constraint; never the source's text as it is.
 */
class SchemaChecksTest {

  @TempDir Path dir;

  /** Quotes, a semicolon and a comment inside a string literal: text, never SQL. */
  static final String HOSTILE = "a'; DROP TABLE x; -- /* b";

  static Catalog catalog(String engine, List<Check> checks) {
    String integer = engine.equals("postgres") ? "int4" : "INT";
    String varchar = engine.equals("postgres") ? "varchar" : "VARCHAR";
    Table t = new Table(new TableName("app", "Pri\"ce `list`"), Table.TABLE, List.of(
        new Column("id", integer, "INTEGER", 10, 0, false, null, null),
        new Column("Qty", integer, "INTEGER", 10, 0, true, null, null),
        new Column("no te", varchar, "VARCHAR", 40, null, true, null, null)),
        new PrimaryKey("PRIMARY", List.of("id")), List.of(), List.of(), List.of(), List.of(),
        false).withChecks(checks);
    return new Catalog(1, engine, "app", List.of("app"), TableFilter.all(), List.of(t),
        "sha256:checks");
  }

  private String write(Catalog catalog, String dialect) throws Exception {
    Path out = dir.resolve(catalog.engine() + "-" + dialect + "-" + System.nanoTime());
    SchemaWriter.write(catalog, Map.of(), TargetDialect.of(dialect), out, "test");
    SchemaSql.parseAll(out.resolve("01-tables.sql"), dialect);
    SchemaSql.parseAll(out.resolve("02-constraints.sql"), dialect);
    return Files.readString(out.resolve("01-tables.sql"))
        + Files.readString(out.resolve("02-constraints.sql"))
        + Files.readString(out.resolve("schema-notes.txt"));
  }

  @Test
  void postgresConstraintDefinitionsBecomePortableConditionsInEveryDialect() throws Exception {
    Catalog pg = catalog("postgres", List.of(
        new Check("qty_range", "(((\"Qty\" >= 0) AND (\"Qty\" <= 100)))"),
        new Check("note_kind", "(((\"no te\")::text = ANY ((ARRAY['a'::character varying,"
            + " 'it''s'::character varying])::text[])))"),
        new Check("note_len", "((char_length((\"no te\")::text) > (2)::numeric))")));

    assertThat(write(pg, "postgres")).contains(
        "ALTER TABLE \"Pri\"\"ce `list`\" ADD CONSTRAINT \"qty_range\" CHECK ((\"Qty\" >= 0)"
            + " AND (\"Qty\" <= 100));",
        "ADD CONSTRAINT \"note_kind\" CHECK (\"no te\" IN ('a', 'it''s'));",
        "ADD CONSTRAINT \"note_len\" CHECK (CHAR_LENGTH(\"no te\") > 2);");
    assertThat(write(pg, "mysql")).contains("ALTER TABLE `Pri\"ce ``list```"
        + " ADD CONSTRAINT `qty_range` CHECK ((`Qty` >= 0) AND (`Qty` <= 100));");
    assertThat(write(pg, "sqlite")).contains("CONSTRAINT \"note_len\" CHECK (length(\"no te\")"
        + " > 2)").doesNotContain("ALTER TABLE");
    assertThat(write(pg, "sqlserver")).contains("ALTER TABLE [Pri\"ce `list`] WITH CHECK ADD"
        + " CONSTRAINT [qty_range] CHECK").contains("check note_len left out: sqlserver's LEN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mysql", "sqlite", "h2", "sqlserver"})
  void aHostileStringLiteralStaysOneLiteral(String dialect) throws Exception {
    String mariadbLiteral = "'" + HOSTILE.replace("'", "\\'") + "'";
    Catalog mariadb = catalog("mariadb", List.of(new Check("nasty", "`no te` <> "
        + mariadbLiteral)));

    String ddl = write(mariadb, dialect);

    assertThat(ddl).contains("<> " + TargetDialect.of(dialect).string(HOSTILE) + ")")
        .doesNotContain("\\'");
  }

  @Test
  void whatDoesNotTranslateIsNotedByNameAndNeverWritten() throws Exception {
    Catalog pg = catalog("postgres", List.of(
        new Check("regex", "(((\"no te\")::text ~ '^[a-z]'::text))"),
        new Check("other_table", "((other.\"Qty\" > 0))"),
        new Check("unknown_column", "((qty2 > 0))"),
        new Check("divides", "(((\"Qty\" / 2) > 1))"),
        new Check("injected", "(\"Qty\" > 0); DROP TABLE x; --"),
        new Check("subquery", "((\"Qty\" IN (SELECT 1)))"),
        new Check("a_cast", "(((\"no te\")::regclass IS NOT NULL))")));

    for (String dialect : List.of("postgres", "mysql", "sqlite", "h2")) {
      String ddl = write(pg, dialect);

      assertThat(ddl).doesNotContain("CHECK").doesNotContain("DROP").contains(
          "check regex left out", "check other_table left out", "check unknown_column left out",
          "check divides left out", "check injected left out: its condition does not parse",
          "check subquery left out", "check a_cast left out: it casts to regclass");
    }
  }

  @Test
  void likeIsKeptOnlyBetweenEnginesThatCompareCaseAlike() throws Exception {
    Catalog pg = catalog("postgres", List.of(new Check("starts", "((\"no te\")::text ~~"
        + " 'a%'::text)"), new Check("like", "(\"no te\" LIKE 'a%')"), new Check("regex",
        "((\"no te\")::text ~ 'a'::text)")));

    assertThat(write(pg, "h2")).contains("CONSTRAINT \"like\" CHECK (\"no te\" LIKE 'a%')",
        "CONSTRAINT \"starts\" CHECK (\"no te\" LIKE 'a%')");
    assertThat(write(pg, "mysql")).contains("check like left out", "check starts left out",
        "check regex left out").doesNotContain("LIKE 'a%'");
  }

  @Test
  void theResumeFingerprintCoversTheChecks() {
    String none = AfterLoadKeys.fingerprint(SchemaWriter.ddl(catalog("postgres", List.of()),
        Map.of(), TargetDialect.of("postgres")));
    String one = AfterLoadKeys.fingerprint(SchemaWriter.ddl(catalog("postgres", List.of(
        new Check("c", "(\"Qty\" > 0)"))), Map.of(), TargetDialect.of("postgres")));
    String other = AfterLoadKeys.fingerprint(SchemaWriter.ddl(catalog("postgres", List.of(
        new Check("c", "(\"Qty\" > 1)"))), Map.of(), TargetDialect.of("postgres")));

    assertThat(List.of(none, one, other)).doesNotHaveDuplicates();
  }

  @Test
  void aTableWithoutChecksHasTheCatalogJsonAndFingerprintItHadBefore() {
    Table plain = catalog("postgres", List.of()).tables().get(0);

    assertThat(Json.compact(plain)).doesNotContain("checks");
    assertThat(Json.fingerprint(List.of(plain))).isEqualTo(Json.fingerprint(List.of(
        plain.withChecks(null))));
    assertThat(Json.compact(plain.withChecks(List.of(new Check("c", "a > 0")))))
        .contains("\"checks\"");
  }
}
