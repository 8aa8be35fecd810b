package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/schema.md shows the type mapping tables exactly as the code holds them: one table per
 * source engine, rendered from {@link SourceTypes} and {@link TargetTypes}.
 */
class SchemaDocsTest {

  static final List<String> ENGINES = List.of("postgres", "mariadb", "sqlite", "h2",
      "sqlserver");
  static final List<String> DIALECTS = List.of("postgres", "mysql", "sqlite", "h2",
      "sqlserver");

  @Test
  void theDocumentedMappingIsTheCodesMapping() throws Exception {
    String docs = Files.readString(Path.of("docs", "schema.md"));
    for (String engine : ENGINES) {
      Files.writeString(Path.of("target", "schema-" + engine + ".md"), render(engine));
    }
    for (String engine : ENGINES) {
      assertThat(docs).as("docs/schema.md's table for " + engine + " (rendered to target/)")
          .contains(render(engine));
    }
  }

  /** The Markdown table of one source engine. */
  static String render(String engine) {
    StringBuilder out = new StringBuilder("| " + engine + " | " + String.join(" | ", DIALECTS)
        + " |\n|" + " --- |".repeat(DIALECTS.size() + 1) + "\n");
    SourceTypes.TABLES.get(engine).entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, PortableType> e) -> e.getValue())
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> {
          out.append("| `").append(e.getKey().isEmpty() ? "(no type)" : e.getKey()).append('`');
          DIALECTS.forEach(d -> out.append(" | ").append(cell(engine, d, e.getValue())));
          out.append(" |\n");
        });
    return out.toString();
  }

  private static String cell(String engine, String dialect, PortableType type) {
    TargetDialect d = TargetDialect.of(dialect);
    if (type == PortableType.ENUM) {
      return switch (d.enums()) {
        case "type" -> "CREATE TYPE … AS ENUM";
        case "native" -> "ENUM(…)";
        default -> (dialect.equals("sqlite") ? "TEXT" : TargetTypes.of(dialect,
            PortableType.VARCHAR).sql().replace("%1$d", "n")) + " + CHECK †";
      };
    }
    if (type == PortableType.SET && d.enums().equals("native")) {
      return "SET(…)";
    }
    TargetTypes.Spelling s = TargetTypes.of(dialect, type);
    String sql = s.sql().isEmpty() ? "(no type)" : s.sql();
    sql = sql.replace("%1$d,%2$d", "p,s").replace("%1$d", "n").replace("%2$d", "f");
    String cell = "`" + sql + "`" + (s.note() != null ? " †" : "");
    if (type == PortableType.DECIMAL) {
      cell += d.unboundedDecimal() != null ? "; unbounded: `" + d.unboundedDecimal() + "`"
          : "; unbounded: `" + ColumnDdl.spell(d, type, d.maxPrecision(),
              Math.min(d.maxScale(), d.maxPrecision() / 2)) + "` †";
    }
    return cell;
  }
}
