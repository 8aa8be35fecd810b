package dev.ferry.dialect.h2;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.DeferredConstraint;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A foreign key of H2 as the statement that re-creates it, from INFORMATION_SCHEMA: its columns
 * paired with the referenced unique key's, and its rules. H2 has no other options to lose (no
 * MATCH variants, no deferral).
 */
final class H2Constraints {

  private static final String KEY_SQL = """
      SELECT u.TABLE_SCHEMA, u.TABLE_NAME, r.UNIQUE_CONSTRAINT_SCHEMA, r.UNIQUE_CONSTRAINT_NAME,
             r.DELETE_RULE, r.UPDATE_RULE
      FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r
      JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS k ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA
        AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME
      JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS u ON u.CONSTRAINT_SCHEMA = r.UNIQUE_CONSTRAINT_SCHEMA
        AND u.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME
      WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.CONSTRAINT_NAME = ?
      """;

  private static final String COLUMNS_SQL = """
      SELECT f.COLUMN_NAME, p.COLUMN_NAME
      FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE f
      JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE p ON p.CONSTRAINT_SCHEMA = ?
        AND p.CONSTRAINT_NAME = ? AND p.ORDINAL_POSITION = f.POSITION_IN_UNIQUE_CONSTRAINT
      WHERE f.CONSTRAINT_SCHEMA = ? AND f.CONSTRAINT_NAME = ?
      ORDER BY f.ORDINAL_POSITION
      """;

  private H2Constraints() {}

  static DeferredConstraint read(Connection c, H2Dialect dialect, TableName table, String name)
      throws SQLException {
    List<String[]> key = SqlQueries.list(c, KEY_SQL, rs -> new String[] {rs.getString(1),
        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)},
        table.schema(), table.name(), name);
    if (key.isEmpty()) {
      return null;
    }
    String[] k = key.get(0);
    List<String[]> pairs = SqlQueries.list(c, COLUMNS_SQL,
        rs -> new String[] {rs.getString(1), rs.getString(2)}, k[2], k[3], table.schema(), name);
    String columns = pairs.stream().map(p -> dialect.quote(p[0]))
        .collect(Collectors.joining(", "));
    String parentColumns = pairs.stream().map(p -> dialect.quote(p[1]))
        .collect(Collectors.joining(", "));
    String add = "ALTER TABLE " + dialect.qualify(table) + " ADD CONSTRAINT "
        + dialect.quote(name) + " FOREIGN KEY (" + columns
        + ") REFERENCES " + dialect.qualify(new TableName(k[0], k[1])) + " (" + parentColumns
        + ") ON DELETE " + k[4] + " ON UPDATE " + k[5];
    return new DeferredConstraint(table, name, add, add + " NOCHECK");
  }
}
