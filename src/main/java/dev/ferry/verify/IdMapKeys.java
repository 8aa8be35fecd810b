package dev.ferry.verify;

import dev.ferry.api.Endpoint;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.ColumnRef;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * ferry's id map in a target, as verification applies it (docs/verification.md, "Keys through
 * the id map"): the tables a copy gave target keys ({@code keys: remap}) are those the map holds
 * pairs for; their key column and every single-column foreign key to it are compared as
 * map(source). The map is never read whole: each chunk of source rows looks up the distinct
 * values of a rewritten column in batches of {@link #PROBE} keys, and only that chunk's pairs are
 * held.
 */
final class IdMapKeys implements AutoCloseable {

  /** Keys looked up per query. */
  static final int PROBE = 500;
  private final Connection connection;
  /** The pairs' tenant: "" for a copy's, a consolidation tenant's id (docs/consolidate.md). */
  private final String tenant;
  private final Dialect dialect;
  private final TableName mapTable;
  /** The map's table of integer pairs ({@code id_map_int}), or null where it does not exist. */
  private final TableName integers;
  /** Whether {@code id_map} exists (a target a copy of this ferry mapped may hold only ints). */
  private final boolean texts;
  /** Rewritten column → the map name (source table, qualified) of the table it holds keys of. */
  private final Map<ColumnRef, String> columns;

  private IdMapKeys(Connection connection, String tenant, Dialect dialect, TableName mapTable,
      boolean texts, TableName integers, Map<ColumnRef, String> columns) {
    this.connection = connection;
    this.tenant = tenant;
    this.dialect = dialect;
    this.mapTable = mapTable;
    this.texts = texts;
    this.integers = integers;
    this.columns = columns;
  }

  /**
   * The id map of the target, with the columns of the source catalog it rewrites; null when the
   * target is no database, holds no pairs for any source table, or its map cannot be read by
   * this principal (then said in {@code notes}: such tables are compared by their keys).
   *
   * @throws FerryException {@link ErrorCode#CONNECTION} when the target cannot be reached
   */
  static IdMapKeys open(Endpoint target, Catalog source,
      List<dev.ferry.api.CopyOptions.TableMerge> tables, List<String> notes) {
    return open(target, "", source, tables, notes);
  }

  /**
   * The id map of the target as {@link #open(Endpoint, Catalog, List, List)}, its pairs of one
   * tenant: "" for a copy's, a consolidation tenant's id.
   */
  static IdMapKeys open(Endpoint target, String tenant, Catalog source,
      List<dev.ferry.api.CopyOptions.TableMerge> tables, List<String> notes) {
    if (!(target instanceof Endpoint.Database db)) {
      return null;
    }
    Dialect dialect = Dialects.forUrl(db.spec().url());
    Connection c = Connections.open(db.spec(), dialect, true);
    try {
      TableName table = dialect.stateTable(c, "id_map");
      // the tables compared, and the parents their foreign keys name that this verify leaves
      // out (--include): a reference to a remapped parent is compared through the map either way
      Set<TableName> candidates = new java.util.TreeSet<>();
      source.tables().forEach(t -> {
        candidates.add(t.name());
        t.foreignKeys().forEach(fk -> candidates.add(fk.parent()));
      });
      // pairs of two integers are in id_map_int; a map an earlier ferry wrote has them in id_map
      TableName ints = dialect.stateTable(c, "id_map_int");
      boolean texts = exists(c, dialect, table);
      TableName integers = exists(c, dialect, ints) ? ints : null;
      Set<String> mapped = new LinkedHashSet<>();
      if (texts) {
        mapped.addAll(mappedTables(c, dialect, table, tenant, candidates));
      }
      if (integers != null) {
        mapped.addAll(mappedTables(c, dialect, integers, tenant, candidates));
      }
      Map<ColumnRef, String> columns = new TreeMap<>();
      Set<TableName> compared = new java.util.HashSet<>();
      source.tables().forEach(t -> compared.add(t.name()));
      for (Table child : source.tables()) {
        for (ForeignKey fk : child.foreignKeys()) {
          if (!compared.contains(fk.parent()) && mapped.contains(fk.parent().qualified())
              && fk.columns().size() == 1) {
            columns.put(new ColumnRef(child.name(), fk.columns().get(0)),
                fk.parent().qualified());
          }
        }
      }
      for (Table t : source.tables()) {
        List<String> key = TableMatch.keyOf(t);
        if (!mapped.contains(t.name().qualified()) || key.size() != 1) {
          continue;
        }
        columns.put(new ColumnRef(t.name(), key.get(0)), t.name().qualified());
        for (Table child : source.tables()) {
          for (ForeignKey fk : child.foreignKeys()) {
            if (fk.parent().equals(t.name()) && fk.columns().size() == 1
                && fk.parentColumns().get(0).equalsIgnoreCase(key.get(0))) {
              columns.put(new ColumnRef(child.name(), fk.columns().get(0)),
                  t.name().qualified());
            }
          }
        }
        softReferences(t, source, tables).forEach(ref -> columns.put(ref, t.name().qualified()));
      }
      if (columns.isEmpty()) {
        c.close();
        return null;
      }
      return new IdMapKeys(c, tenant, dialect, table, texts, integers, columns);
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      notes.add("ferry's id map in the target could not be read (" + db.spec().redact(
          e.getMessage()) + "): tables a copy gave keys under keys: remap or match are"
          + " compared by their keys, and differ");
      return null;
    }
  }

  /**
   * The columns a table's {@code soft-references:} name (docs/merge.md, "Soft references"), as
   * the source has them; names the source lacks are left out (the copy refused them).
   */
  private static List<ColumnRef> softReferences(Table parent, Catalog source,
      List<dev.ferry.api.CopyOptions.TableMerge> tables) {
    List<ColumnRef> refs = new java.util.ArrayList<>();
    for (dev.ferry.api.CopyOptions.TableMerge entry : tables) {
      String subject = entry.table().contains(".") ? parent.name().qualified()
          : parent.name().name();
      if (!subject.equalsIgnoreCase(entry.table())) {
        continue;
      }
      for (dev.ferry.api.CopyOptions.SoftReference soft : entry.softReferences()) {
        int dot = soft.column().lastIndexOf('.');
        String tableName = soft.column().substring(0, dot);
        String column = soft.column().substring(dot + 1);
        for (Table child : source.tables()) {
          String named = tableName.contains(".") ? child.name().qualified() : child.name().name();
          if (named.equalsIgnoreCase(tableName)) {
            child.columns().stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst()
                .ifPresent(c -> refs.add(new ColumnRef(child.name(), c.name())));
          }
        }
      }
    }
    return refs;
  }

  /** The source tables compared through the map (their qualified names), sorted. */
  List<String> tables() {
    return columns.values().stream().distinct().sorted().toList();
  }

  /** The rewritten columns, sorted. */
  Set<ColumnRef> columns() {
    return columns.keySet();
  }

  /**
   * The rewrite of a source column through the map, values decoded as {@code kind}; null when
   * the column is not rewritten.
   */
  UnaryOperator<Object> rewrite(ColumnRef column, ValueKind kind) {
    String mapName = columns.get(column);
    return mapName == null ? null : new Lookup(mapName, kind);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // read-only: nothing is lost
    }
  }

  /** One column's rewrite: the pairs of the chunk last prepared. */
  private final class Lookup implements ChunkRewrite {
    private final String mapName;
    private final ValueKind kind;
    private Map<String, String> pairs = Map.of();

    Lookup(String mapName, ValueKind kind) {
      this.mapName = mapName;
      this.kind = kind == ValueKind.OTHER ? ValueKind.TEXT : kind;
    }

    @Override
    public void prepare(List<Object[]> rows, int column) {
      Set<String> wanted = new LinkedHashSet<>();
      for (Object[] row : rows) {
        if (row[column] != null) {
          wanted.add(KeyCodec.encode(new Object[] {row[column]}));
        }
      }
      pairs = lookup(mapName, new ArrayList<>(wanted));
    }

    @Override
    public Object apply(Object value) {
      if (value == null) {
        return null;
      }
      String target = pairs.get(KeyCodec.encode(new Object[] {value}));
      if (target == null) {
        return new ReferenceMap.Unmapped(value);
      }
      try {
        return KeyCodec.decode(target, List.of(kind))[0];
      } catch (RuntimeException e) {
        return target;
      }
    }
  }

  /** The target keys of source keys (as key text) of one table; keys not mapped are absent. */
  private synchronized Map<String, String> lookup(String mapName, List<String> keys) {
    Map<String, String> found = new HashMap<>();
    List<Object> numbers = new ArrayList<>();
    for (String k : keys) {
      Long n = integer(k);
      if (n != null) {
        numbers.add(n);
      }
    }
    try {
      if (texts) {
        lookup(mapTable, "varchar", mapName, new ArrayList<>(keys),
            (s, t) -> found.put((String) s, (String) t));
      }
      if (integers != null) {
        lookup(integers, "bigint", mapName, numbers, (s, t) -> found.put(
            KeyCodec.encode(new Object[] {s}), KeyCodec.encode(new Object[] {t})));
      }
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "reading ferry's id map " + mapTable
          + " failed: " + e.getMessage(), e);
    }
    return found;
  }

  private void lookup(TableName table, String arrayType, String mapName, List<Object> keys,
      java.util.function.BiConsumer<Object, Object> each) throws SQLException {
    boolean numbers = arrayType.equals("bigint");
    for (int from = 0; from < keys.size(); from += PROBE) {
      List<Object> batch = keys.subList(from, Math.min(keys.size(), from + PROBE));
      // PostgreSQL: one array parameter, one plan whatever the batch's size (an IN list of
      // 500 parameters is planned again and again, and evaluated row by row if scanned)
      boolean array = dialect.id().equals("postgres");
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + q("source_key")
          + ", " + q("target_key") + " FROM " + dialect.qualify(table) + " WHERE "
          + q("tenant") + " = ? AND " + q("table_name") + " = ? AND " + q("source_key")
          + (array ? " = ANY (?)" : " IN (" + String.join(", ",
              Collections.nCopies(batch.size(), "?")) + ")"))) {
        ps.setString(1, tenant);
        ps.setString(2, mapName);
        if (array) {
          ps.setArray(3, connection.createArrayOf(arrayType, batch.toArray()));
        } else {
          for (int i = 0; i < batch.size(); i++) {
            ps.setObject(i + 3, batch.get(i));
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            each.accept(numbers ? rs.getLong(1) : rs.getString(1),
                numbers ? rs.getLong(2) : rs.getString(2));
          }
        }
      }
    }
  }

  /** The integer a key text of one integer column holds, as the copy writes it; else null. */
  static Long integer(String text) {
    int n = text == null ? 0 : text.length();
    if (n < 5 || n > 24 || !text.startsWith("[\"") || !text.endsWith("\"]")) {
      return null;
    }
    String digits = text.substring(2, n - 2);
    try {
      long value = Long.parseLong(digits);
      return Long.toString(value).equals(digits) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean exists(Connection c, Dialect dialect, TableName table)
      throws SQLException {
    boolean catalogs = dialect.supports(Capability.SCHEMAS_ARE_CATALOGS);
    try (ResultSet rs = c.getMetaData().getTables(catalogs ? table.schema() : null,
        catalogs ? null : table.schema(), table.name(), null)) {
      return rs.next();
    }
  }

  /**
   * The tables of the catalog the map holds pairs for: one look-up of the primary key's prefix
   * per table, stopped at the first pair.
   */
  private static Set<String> mappedTables(Connection c, Dialect dialect, TableName table,
      String tenant, java.util.Collection<TableName> candidates) throws SQLException {
    Set<String> names = new LinkedHashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + dialect.quote("source_key")
        + " FROM " + dialect.qualify(table) + " WHERE " + dialect.quote("tenant") + " = ? AND "
        + dialect.quote("table_name") + " = ?")) {
      ps.setMaxRows(1);
      for (TableName t : candidates) {
        ps.setString(1, tenant);
        ps.setString(2, t.qualified());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            names.add(t.qualified());
          }
        }
      }
    }
    return names;
  }

  private String q(String identifier) {
    return dialect.quote(identifier);
  }
}
