package dev.ferry.schema;

import static dev.ferry.schema.PortableType.ANY;
import static dev.ferry.schema.PortableType.ARRAY;
import static dev.ferry.schema.PortableType.BINARY;
import static dev.ferry.schema.PortableType.JSON;
import static dev.ferry.schema.PortableType.JSONB;
import static dev.ferry.schema.PortableType.TEXT;

import dev.ferry.catalog.Index;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Identifiers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One secondary index as {@code CREATE INDEX} for a target dialect, or a note saying why it is
 * left out. Columns, their order and DESC translate everywhere; what is written in the source
 * engine's own SQL (an expression, a partial index's predicate) or is the engine's own (a
 * prefix length, a method other than b-tree) is kept only into the same engine.
 */
final class IndexDdl {

  /** Types a MariaDB index holds only by a prefix of the value. */
  private static final Set<PortableType> MYSQL_PREFIXED = EnumSet.of(TEXT, BINARY, JSON, JSONB,
      ARRAY, ANY);
  /** Bytes of a MariaDB index key (InnoDB, utf8mb4 counts 4 per character). */
  private static final int MYSQL_KEY_CHARACTERS = 768;

  private IndexDdl() {}

  /** The longest name an index may have in the dialect (PostgreSQL: in bytes). */
  static int maxName(TargetDialect d) {
    return switch (d.name()) {
      case "postgres" -> 63;
      case "mysql" -> 64;
      case "sqlserver" -> 128;
      default -> 256;
    };
  }

  /** Whether the name fits the dialect's identifiers. */
  static boolean fits(String name, TargetDialect d) {
    return name.getBytes(StandardCharsets.UTF_8).length <= maxName(d);
  }

  /**
   * A derived name within the dialect's length: {@code table_col1_col2_idx}, cut with a stable
   * hash of the whole where it is too long.
   */
  static String derivedName(Table table, Index index, TargetDialect d) {
    List<String> parts = new ArrayList<>();
    index.columns().forEach(p -> parts.add(p.column() != null ? p.column() : "expr"));
    String whole = table.name().name() + "_" + String.join("_", parts) + "_idx";
    if (fits(whole, d)) {
      return whole;
    }
    String hash = Integer.toHexString(whole.hashCode() | 0x10000000);
    String cut = whole;
    while (!fits(cut + "_" + hash, d)) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "_" + hash;
  }

  /**
   * Why the index does not translate into the dialect, or null when it does.
   *
   * @param types the table's columns' source types
   */
  static String untranslatable(Index index, String sourceEngine, TargetDialect d,
      Map<String, SourceType> types) {
    boolean same = sourceEngine.equals(d.engine());
    if (index.method() != null && !same) {
      return "it is a " + index.method() + " index, which " + d.name() + " does not build";
    }
    for (Index.Part p : index.columns()) {
      if (p.expression() != null && (!same || "?".equals(p.expression()))) {
        return "its key part " + (p.expression().equals("?") ? "on an expression"
            : oneLine(p.expression())) + " is an expression in " + sourceEngine + "'s SQL";
      }
      if (p.prefix() != null && !same) {
        return "it indexes the first " + p.prefix() + " characters of " + p.column() + " only ("
            + sourceEngine + "'s prefix length)";
      }
      SourceType st = p.column() == null ? null : types.get(p.column());
      if (st != null && !same && (d.name().equals("postgres") && (st.type() == JSON
          || st.type() == ANY) || d.name().equals("sqlserver") && MYSQL_PREFIXED.contains(
              st.type()))) {
        return "its column " + p.column() + " (" + st.declared() + ") has no b-tree order in "
            + d.name();
      }
    }
    if (index.predicate() != null && !(same && Set.of("postgres", "sqlite").contains(
        d.engine()))) {
      return "it is partial (WHERE " + oneLine(index.predicate()) + ", in " + sourceEngine + "'s SQL)";
    }
    return null;
  }

  /** The {@code CREATE INDEX} of a translatable index under the name given. */
  static String create(Table table, Index index, String name, String sourceEngine,
      TargetDialect d, Identifiers q, Map<String, SourceType> types, List<String> notes) {
    String method = index.method();
    boolean mysql = d.name().equals("mysql");
    StringBuilder sql = new StringBuilder("CREATE ");
    if (index.unique()) {
      sql.append("UNIQUE ");
    }
    if (method != null && !d.name().equals("postgres")) {
      sql.append(method.toUpperCase(Locale.ROOT)).append(' ');
    }
    sql.append("INDEX ").append(q.quoteForFile(name)).append(" ON ")
        .append(q.quoteForFile(table.name().name()));
    if (method != null && d.name().equals("postgres")) {
      sql.append(" USING ").append(method);
    }
    long prefixed = mysql ? index.columns().stream().filter(p -> p.column() != null
        && p.prefix() == null && types.get(p.column()) != null
        && MYSQL_PREFIXED.contains(types.get(p.column()).type())).count() : 0;
    List<String> parts = new ArrayList<>();
    for (Index.Part p : index.columns()) {
      String part = p.column() != null ? q.quoteForFile(p.column()) : "(" + p.expression() + ")";
      if (p.prefix() != null) {
        part += "(" + p.prefix() + ")";
      } else if (prefixed > 0 && method == null && MYSQL_PREFIXED.contains(
          types.get(p.column()).type())) {
        int chars = (int) (MYSQL_KEY_CHARACTERS / prefixed);
        part += "(" + chars + ")";
        notes.add(table.name().name() + ": index " + index.name() + " holds the first " + chars
            + " characters of " + p.column() + " (mysql indexes a long value by a prefix)");
      }
      parts.add(part + (p.descending() ? " DESC" : ""));
    }
    sql.append(" (").append(String.join(", ", parts)).append(')');
    if (index.predicate() != null) {
      sql.append(" WHERE ").append(index.predicate());
    }
    return sql.toString();
  }

  /** SQL text for a note, which is one comment line. */
  private static String oneLine(String sql) {
    return sql.replaceAll("\\s+", " ");
  }
}
