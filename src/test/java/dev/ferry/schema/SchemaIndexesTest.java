package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Index;
import dev.ferry.catalog.Table;
import dev.ferry.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secondary indexes in {@code ferry schema}'s files: written in {@code 02-constraints.sql} before
 * the foreign keys, parsed in every dialect, hostile names quoted, long names cut within the
 * dialect's length, and what does not translate noted by name.
 */
class SchemaIndexesTest {

  @TempDir Path dir;

  static final String HOSTILE = "ix; \"drop\" `table` 'x'";

  /** The quirky MariaDB catalog with indexes: hostile, DESC, a prefix, fulltext, long. */
  static Catalog withIndexes() {
    Catalog base = SchemaWriterTest.mariadb();
    List<Table> tables = new ArrayList<>();
    for (Table t : base.tables()) {
      tables.add(t.name().name().equals("select") ? t.withIndexes(List.of(
          new Index(HOSTILE, List.of(Index.Part.of("price", true), Index.Part.of("made",
              false)), false, null, null),
          new Index("body_start", List.of(new Index.Part("body", null, false, 20)), false, null,
              null),
          new Index("body_words", List.of(Index.Part.of("body", false)), false, null,
              "fulltext"),
          new Index("x".repeat(64), List.of(Index.Part.of("born", false)), false, null, null)))
          : t);
    }
    return new Catalog(1, base.engine(), base.database(), base.schemas(), base.filter(), tables,
        Json.fingerprint(tables));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mysql", "sqlite", "h2", "sqlserver"})
  void indexesAreWrittenAfterTheLoadAndParseInEveryDialect(String dialect) throws Exception {
    Path out = dir.resolve(dialect);
    SchemaWriter.write(withIndexes(), SchemaWriterTest.mariadbLabels(),
        TargetDialect.of(dialect), out, "test");

    String constraints = Files.readString(out.resolve("02-constraints.sql"));
    SchemaSql.parseAll(out.resolve("02-constraints.sql"), dialect);
    var q = dev.ferry.dialect.Dialects.byId(TargetDialect.of(dialect).engine());
    assertThat(constraints).contains("CREATE INDEX " + q.quoteForFile(HOSTILE) + " ON "
        + q.quoteForFile("select") + " (" + q.quoteForFile("price") + " DESC, "
        + q.quoteForFile("made") + ")");
    assertThat(Files.readString(out.resolve("01-tables.sql"))).doesNotContain("CREATE INDEX");
    if (!dialect.equals("sqlite")) {
      assertThat(constraints.indexOf("CREATE INDEX")).isLessThan(constraints.indexOf("FOREIGN"));
    }
    String notes = Files.readString(out.resolve("schema-notes.txt"));
    if (dialect.equals("mysql")) {
      assertThat(constraints).contains("(" + q.quoteForFile("body") + "(20))")
          .contains("CREATE FULLTEXT INDEX " + q.quoteForFile("body_words"));
    } else {
      assertThat(notes).contains("select: index body_start left out: it indexes the first 20"
          + " characters of body only").contains("select: index body_words left out: it is a"
          + " fulltext index");
    }
    int max = IndexDdl.maxName(TargetDialect.of(dialect));
    assertThat(constraints).contains(max >= 64 ? "x".repeat(64) : "select_born_idx");
  }

  @Test
  void aCatalogWithoutIndexesHashesAsBefore() {
    Catalog plain = SchemaWriterTest.mariadb();
    assertThat(Json.compact(plain.tables())).doesNotContain("indexes");
    assertThat(Json.compact(withIndexes().tables())).contains("\"indexes\"");
  }

  @Test
  void aCatalogWithoutCommentsHashesAsBefore() {
    Catalog plain = SchemaWriterTest.mariadb();
    dev.ferry.catalog.Table t = plain.tables().get(0);
    assertThat(Json.compact(plain.tables())).doesNotContain("comments");
    assertThat(Json.compact(List.of(t.withComments(new dev.ferry.catalog.Comments(null,
        java.util.Map.of()))))).isEqualTo(Json.compact(List.of(t)));
    assertThat(Json.compact(List.of(t.withComments(new dev.ferry.catalog.Comments("x",
        java.util.Map.of()))))).contains("\"comments\":{\"table\":\"x\"}");
  }
}
