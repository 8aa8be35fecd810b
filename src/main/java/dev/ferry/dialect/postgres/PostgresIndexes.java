package dev.ferry.dialect.postgres;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The secondary indexes of a PostgreSQL table that a bulk load may drop first and re-create
 * after it, each with the statement ({@code pg_get_indexdef}) that re-creates it.
 */
final class PostgresIndexes {

  private PostgresIndexes() {}

  /**
   * Plain b-tree, hash, GiST, GIN, BRIN ... indexes that are valid, not unique, back no
   * constraint, have nothing depending on them, are not a partition of a partitioned index, and
   * carry nothing {@code pg_get_indexdef} leaves out (a tablespace, a comment, CLUSTER, column
   * statistics targets); on ordinary tables only.
   */
  static List<DeferrableIndex> deferrable(Connection c, PostgresDialect dialect,
      TableName table) throws SQLException {
    return SqlQueries.list(c, "SELECT i.relname, pg_get_indexdef(x.indexrelid)"
        + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        + " JOIN pg_class t ON t.oid = x.indrelid"
        + " WHERE x.indrelid = ?::regclass AND t.relkind = 'r' AND NOT t.relispartition"
        + " AND x.indisvalid AND x.indisready AND NOT x.indisunique AND NOT x.indisprimary"
        + " AND NOT x.indisexclusion AND NOT x.indisclustered AND NOT x.indisreplident"
        + " AND i.reltablespace = 0 AND obj_description(i.oid, 'pg_class') IS NULL"
        + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid)"
        + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_class'::regclass"
        + "   AND d.refobjid = i.oid)"
        + " AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.oid)"
        + " AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.oid"
        + "   AND a.attstattarget > 0)"
        + " ORDER BY i.relname",
        rs -> new DeferrableIndex(rs.getString(1), rs.getString(2)),
        dialect.qualify(table));
  }
}
