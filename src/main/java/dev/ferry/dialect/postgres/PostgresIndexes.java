package dev.ferry.dialect.postgres;

import dev.ferry.catalog.Index;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        // re-creating an index needs CREATE on its schema, which a table's owner may lack
        + " AND has_schema_privilege(i.relnamespace, 'CREATE')"
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

  /**
   * The secondary indexes of the tables from {@code pg_index}: valid ones that back no
   * constraint, with their key parts (a column, or {@code pg_get_indexdef}'s text of an
   * expression), DESC, the predicate of a partial index and the access method. A unique index on
   * plain columns without a predicate is a unique key of the catalog already and left out here.
   * Included (non-key) columns are not carried.
   */
  static Map<TableName, List<Index>> read(Connection c, PostgresDialect dialect,
      Collection<Table> tables) throws SQLException {
    Map<TableName, List<Index>> result = new TreeMap<>();
    String sql = "SELECT i.relname, x.indisunique, am.amname,"
        + " pg_get_expr(x.indpred, x.indrelid, true), k.ord, a.attname,"
        + " pg_get_indexdef(x.indexrelid, k.ord::int, true),"
        + " pg_index_column_has_property(x.indexrelid, k.ord::int, 'desc')"
        + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        + " JOIN pg_am am ON am.oid = i.relam"
        + " CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
        + " LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum"
        + "   AND k.attnum <> 0"
        + " WHERE x.indrelid = ?::regclass AND x.indisvalid AND NOT x.indisprimary"
        + " AND k.ord <= x.indnkeyatts"
        + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k2 WHERE k2.conindid = i.oid"
        + "   AND k2.contype IN ('p', 'u', 'x'))"
        + " ORDER BY i.relname, k.ord";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Table t : tables) {
        if (Table.VIEW.equals(t.kind())) {
          continue;
        }
        ps.setString(1, dialect.qualify(t.name()));
        Map<String, List<Index.Part>> parts = new LinkedHashMap<>();
        Map<String, Object[]> heads = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String name = rs.getString(1);
            heads.putIfAbsent(name, new Object[] {rs.getBoolean(2), rs.getString(3),
                rs.getString(4)});
            String column = rs.getString(6);
            parts.computeIfAbsent(name, n -> new ArrayList<>()).add(new Index.Part(column,
                column == null ? rs.getString(7) : null, rs.getBoolean(8), null));
          }
        }
        List<Index> indexes = new ArrayList<>();
        heads.forEach((name, head) -> {
          Index index = new Index(name, parts.get(name), (boolean) head[0], (String) head[2],
              "btree".equals(head[1]) ? null : (String) head[1]);
          if (!(index.unique() && index.predicate() == null && index.plainColumns())) {
            indexes.add(index);
          }
        });
        if (!indexes.isEmpty()) {
          result.put(t.name(), indexes);
        }
      }
    }
    return result;
  }
}
