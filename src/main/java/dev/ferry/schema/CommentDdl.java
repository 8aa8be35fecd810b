package dev.ferry.schema;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's and its columns' comments in a target dialect: PostgreSQL and H2 take {@code COMMENT
 * ON} statements after the {@code CREATE TABLE}; MySQL/MariaDB a {@code COMMENT '...'} clause in
 * the column and table definitions (at most 1024 and 2048 characters there: longer ones are cut,
 * with a note); SQLite and the SQL Server DDL none (a note names what is left out). The text is
 * a string literal of the dialect, so quotes, backslashes, semicolons and line breaks stay text.
 */
final class CommentDdl {

  private static final int MYSQL_COLUMN = 1024;
  private static final int MYSQL_TABLE = 2048;

  private CommentDdl() {}

  /** Whether the dialect writes comments inside {@code CREATE TABLE} (MySQL). */
  static boolean inline(TargetDialect d) {
    return d.name().equals("mysql");
  }

  /** {@code  COMMENT '...'} after a MySQL column's definition, or empty. */
  static String columnClause(Table t, Column c, TargetDialect d, List<String> notes) {
    String text = t.comments() == null ? null : t.comments().columns().get(c.name());
    if (text == null || !inline(d)) {
      return "";
    }
    return " COMMENT " + d.string(cut(text, MYSQL_COLUMN, t.name().name() + "." + c.name(),
        notes));
  }

  /** {@code  COMMENT = '...'} after a MySQL table's definition, or empty. */
  static String tableClause(Table t, TargetDialect d, List<String> notes) {
    if (t.comments() == null || t.comments().table() == null || !inline(d)) {
      return "";
    }
    return " COMMENT = " + d.string(cut(t.comments().table(), MYSQL_TABLE, t.name().name(),
        notes));
  }

  /**
   * The {@code COMMENT ON} statements of a table (PostgreSQL, H2), table first then columns in
   * column order; none (with a note) where the dialect has no comments.
   */
  static List<String> statements(Table t, TargetDialect d, Identifiers q, List<String> notes) {
    List<String> out = new ArrayList<>();
    if (t.comments() == null || inline(d)) {
      return out;
    }
    if (!d.name().equals("postgres") && !d.name().equals("h2")) {
      notes.add(t.name().name() + ": comments left out (" + d.name() + " DDL has none)");
      return out;
    }
    String table = q.quoteForFile(t.name().name());
    if (t.comments().table() != null) {
      out.add("COMMENT ON TABLE " + table + " IS " + d.string(t.comments().table()));
    }
    for (Column c : t.columns()) {
      String text = t.comments().columns().get(c.name());
      if (text != null) {
        out.add("COMMENT ON COLUMN " + table + "." + q.quoteForFile(c.name()) + " IS "
            + d.string(text));
      }
    }
    return out;
  }

  /** Runs the {@code COMMENT ON} statements of the tables just created, in order. */
  static void run(List<DdlWriter.TableDdl> comments, java.util.Collection<
      dev.ferry.catalog.TableName> created, java.sql.Statement s) throws java.sql.SQLException {
    for (DdlWriter.TableDdl comment : comments) {
      if (created.contains(comment.table())) {
        s.execute(comment.sql());
      }
    }
  }

  private static String cut(String text, int most, String where, List<String> notes) {
    if (text.codePointCount(0, text.length()) <= most) {
      return text;
    }
    notes.add(where + ": comment cut to " + most + " characters (the most MySQL keeps)");
    return text.substring(0, text.offsetByCodePoints(0, most));
  }
}
