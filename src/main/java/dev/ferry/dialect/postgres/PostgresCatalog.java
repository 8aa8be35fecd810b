package dev.ferry.dialect.postgres;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.SqlQueries;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What PostgreSQL's system catalogs tell beyond JDBC metadata: identity, computed and
 * sequence-default columns, inheritance and partitions, and (through {@link PostgresTriggers})
 * triggers and rules; each read with one query for all schemas.
 */
final class PostgresCatalog {

  private static final String GENERATION_SQL =
      """
      SELECT n.nspname, c.relname, a.attname, a.attidentity::text, a.attgenerated::text,
             pg_get_expr(d.adbin, d.adrelid)
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
        AND n.nspname = ANY (?)
      """;

  private static final String INHERITS_SQL =
      """
      SELECT cn.nspname, c.relname, pn.nspname, p.relname
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_namespace cn ON cn.oid = c.relnamespace
      JOIN pg_class p ON p.oid = i.inhparent
      JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE cn.nspname = ANY (?) OR pn.nspname = ANY (?)
      ORDER BY i.inhseqno
      """;

  private PostgresCatalog() {}

  /** The generated columns, triggers and rules, and parents of the given tables. */
  static EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    String[] schemas = SqlQueries.schemasOf(tables).toArray(String[]::new);
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, Map<String, String>> generation = new HashMap<>();
    Map<TableName, List<Trigger>> triggers = new HashMap<>();
    Map<TableName, List<TableName>> parents = new HashMap<>();

    forEachRow(c, GENERATION_SQL, schemas, 1, rs -> {
      TableName table = new TableName(rs.getString(1), rs.getString(2));
      String kind = generationKind(rs.getString(4), rs.getString(5), rs.getString(6));
      if (kind != null && wanted.contains(table)) {
        generation.computeIfAbsent(table, k -> new HashMap<>()).put(rs.getString(3), kind);
      }
    });
    PostgresTriggers.read(c, schemas, wanted, triggers);
    forEachRow(c, INHERITS_SQL, schemas, 2, rs -> {
      TableName child = new TableName(rs.getString(1), rs.getString(2));
      append(parents, child, new TableName(rs.getString(3), rs.getString(4)));
    });
    return new EngineDetails(generation, triggers, parents, Map.of());
  }

  static String generationKind(String identity, String generated, String defaultExpr) {
    if ("a".equals(identity)) {
      return "identity-always";
    }
    if ("d".equals(identity)) {
      return "identity-by-default";
    }
    if (generated != null && !generated.isEmpty()) {
      return "computed";
    }
    if (defaultExpr != null && defaultExpr.startsWith("nextval(")) {
      return "sequence-default";
    }
    return null;
  }

  interface RowAction {
    void accept(ResultSet rs) throws SQLException;
  }

  static void forEachRow(
      Connection c, String sql, String[] schemas, int arrayParams, RowAction action)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Array array = c.createArrayOf("text", schemas);
      for (int i = 1; i <= arrayParams; i++) {
        ps.setArray(i, array);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          action.accept(rs);
        }
      }
    }
  }
  /** The labels of every enum-typed column of the given tables, in the type's sort order. */
  static Map<TableName, Map<String, List<String>>> enumLabels(Connection c,
      Collection<TableName> tables) throws SQLException {
    String[] schemas = SqlQueries.schemasOf(tables).toArray(String[]::new);
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, Map<String, List<String>>> labels = new HashMap<>();
    for (String[] row : SqlQueries.list(c, "SELECT n.nspname, c.relname, a.attname, e.enumlabel"
        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " JOIN pg_enum e ON e.enumtypid = a.atttypid"
        + " WHERE a.attnum > 0 AND NOT a.attisdropped AND n.nspname IN ("
        + SqlQueries.placeholders(schemas.length) + ")"
        + " ORDER BY n.nspname, c.relname, a.attname, e.enumsortorder",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)},
        schemas)) {
      TableName table = new TableName(row[0], row[1]);
      if (wanted.contains(table)) {
        append(labels.computeIfAbsent(table, k -> new HashMap<>()), row[2], row[3]);
      }
    }
    return labels;
  }
}
