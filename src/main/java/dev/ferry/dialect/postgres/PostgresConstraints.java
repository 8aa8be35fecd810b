package dev.ferry.dialect.postgres;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.DeferredConstraint;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A foreign key as PostgreSQL itself would re-create it: {@code pg_get_constraintdef} (MATCH,
 * ON DELETE/UPDATE, DEFERRABLE as declared), its referenced table schema-qualified, and its
 * comment.
 */
final class PostgresConstraints {

  private static final String DEFINITION_SQL = """
      SELECT pg_get_constraintdef(k.oid),
             CASE WHEN d.description IS NOT NULL THEN 'COMMENT ON CONSTRAINT '
               || quote_ident(k.conname) || ' ON ' || k.conrelid::regclass::text || ' IS '
               || quote_literal(d.description) END
      FROM pg_constraint k
      LEFT JOIN pg_description d ON d.objoid = k.oid
        AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0
      WHERE k.conrelid = ?::regclass AND k.conname = ? AND k.contype = 'f'
      """;

  private PostgresConstraints() {}

  /**
   * Reads the definition with an empty search path (within a transaction of its own when the
   * connection has none), so that every name in it is schema-qualified and the statement means
   * the same whatever search path the session that runs it later has.
   */
  static DeferredConstraint read(Connection c, PostgresDialect dialect, TableName table,
      String name) throws SQLException {
    boolean auto = c.getAutoCommit();
    if (auto) {
      c.setAutoCommit(false);
    }
    List<String[]> found;
    try {
      String path = SqlQueries.scalar(c, "SELECT current_setting('search_path')");
      SqlQueries.scalar(c, "SELECT set_config('search_path', 'pg_catalog, pg_temp', true)");
      found = SqlQueries.list(c, DEFINITION_SQL,
          rs -> new String[] {rs.getString(1), rs.getString(2)}, dialect.qualify(table), name);
      SqlQueries.scalar(c, "SELECT set_config('search_path', ?, true)", path);
    } finally {
      if (auto) {
        c.commit();
        c.setAutoCommit(true);
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    // a key that was NOT VALID before is restored validated where its rows allow it: the rows
    // are then proven, which says more than before; where they do not, it is NOT VALID again
    String definition = found.get(0)[0].replaceFirst(" NOT VALID$", "");
    String comment = found.get(0)[1] == null ? "" : ";\n" + found.get(0)[1];
    String add = "ALTER TABLE " + dialect.qualify(table) + " ADD CONSTRAINT "
        + dialect.quote(name) + " ";
    return new DeferredConstraint(table, name, add + definition + comment,
        add + definition + " NOT VALID" + comment);
  }

  static boolean present(Connection c, PostgresDialect dialect, TableName table, String name)
      throws SQLException {
    return SqlQueries.scalar(c, "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?)"
        + " AND conname = ? AND contype = 'f'", dialect.qualify(table), name) != null;
  }
}
