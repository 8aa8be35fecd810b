package dev.ferry.verify;

import dev.ferry.api.VerificationReport.OrphanResult;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.identity.ColumnRef;
import dev.ferry.jdbc.OrphanSql;
import dev.ferry.jdbc.Sources;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Proves references in a target database: for a foreign key, a declared soft reference or a
 * remapped reference, counts the rows whose non-NULL reference has no parent row (a key with a
 * NULL column is not checked, as SQL's MATCH SIMPLE does) and lists the first of them by key.
 * The same query shape as the orphan check after a copy with relaxed checks.
 */
final class Orphans {

  static final String FOREIGN_KEY = "foreign-key";
  static final String SOFT_REFERENCE = "soft-reference";
  static final String REMAPPED_REFERENCE = "remapped-reference";

  private final Connection connection;
  private final Dialect dialect;
  private final Catalog catalog;
  private final int maxKeys;

  Orphans(Connection connection, Dialect dialect, Catalog catalog, int maxKeys) {
    this.connection = connection;
    this.dialect = dialect;
    this.catalog = catalog;
    this.maxKeys = maxKeys;
  }

  /**
   * Every foreign key of every table of the catalog that holds rows. The keys of one child table
   * whose parent columns are the parent's primary or unique key are counted in one statement:
   * one scan of the child with an outer join per key (a parent key matches once at most, so no
   * row is counted twice), or an anti-join per key ({@link #scanPerKey}); any other key by a
   * query of its own.
   */
  List<OrphanResult> foreignKeys() throws SQLException {
    List<OrphanResult> results = new ArrayList<>();
    for (Table child : catalog.tables()) {
      if (!child.holdsOwnRows()) {
        continue;
      }
      List<ForeignKey> joinable = new ArrayList<>();
      for (ForeignKey fk : child.foreignKeys()) {
        Table parent = catalog.table(fk.parent()).orElse(null);
        if (parent != null && !parent.hasChildren() && parent.isKey(fk.parentColumns())) {
          joinable.add(fk);
        } else {
          results.add(check(child.name().qualified() + "." + fk.name(), FOREIGN_KEY, child,
              fk.columns(), fk.parent(), fk.parentColumns(), parent));
        }
      }
      long[] counts = joinable.isEmpty() ? new long[0] : countKeys(child, joinable);
      for (int k = 0; k < joinable.size(); k++) {
        ForeignKey fk = joinable.get(k);
        Table parent = catalog.table(fk.parent()).orElseThrow();
        results.add(result(child.name().qualified() + "." + fk.name(), FOREIGN_KEY, child,
            fk.columns(), fk.parent(), fk.parentColumns(), counts[k],
            where(child, fk.columns(), parent.name(), fk.parentColumns())));
      }
    }
    return results;
  }

  /**
   * The orphans of each key, counted in one scan of the child with an outer join per key, or
   * with a scan per key where {@link #scanPerKey} says so.
   */
  private long[] countKeys(Table child, List<ForeignKey> keys) throws SQLException {
    List<OrphanSql.Reference> refs = keys.stream().map(fk -> new OrphanSql.Reference(
        catalog.table(fk.parent()).orElseThrow().name(), fk.columns(), fk.parentColumns()))
        .toList();
    String from = dialect.fromClause(child.name(), child.hasChildren());
    long[] counts = new long[keys.size()];
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(scanPerKey(child, keys.size())
            ? OrphanSql.countEach(dialect, from, refs)
            : OrphanSql.countJoined(dialect, from, refs))) {
      rs.next();
      for (int k = 0; k < counts.length; k++) {
        counts[k] = rs.getLong(k + 1); // the outer joins' SUM of no rows is NULL: 0
      }
    }
    return counts;
  }

  /**
   * Whether the keys of a child are counted by an anti-join each, a scan of the child per key,
   * rather than in one scan with an outer join per key: for one key (one scan either way), and
   * for a child the engine rescans from memory ({@link Dialect#rescansFromMemory}: PostgreSQL,
   * at most a quarter of {@code effective_cache_size}). Anti-joins cost the server about a sixth
   * less CPU in a verify (docs/perf.md); a larger child is read once.
   */
  boolean scanPerKey(Table child, int keys) throws SQLException {
    return keys == 1 || dialect.rescansFromMemory(connection, child.name());
  }

  /**
   * References to the identity table's key: each column must hold only keys the identity table
   * has.
   *
   * @param kind {@link #SOFT_REFERENCE} or {@link #REMAPPED_REFERENCE}
   */
  List<OrphanResult> references(List<ColumnRef> columns, Table identity, String key,
      String kind) throws SQLException {
    String parentKey = columnIn(identity, key).orElse(key);
    List<OrphanResult> results = new ArrayList<>();
    for (ColumnRef ref : columns) {
      Optional<Table> child = TableMatch.match(catalog, ref.table());
      if (child.isEmpty()) {
        continue;
      }
      String column = columnIn(child.get(), ref.column()).orElse(ref.column());
      results.add(check(child.get().name().qualified() + "." + column, kind, child.get(),
          List.of(column), identity.name(), List.of(parentKey), identity));
    }
    return results;
  }

  private OrphanResult check(String constraint, String kind, Table child, List<String> columns,
      TableName parentName, List<String> parentColumns, Table parent) throws SQLException {
    String where = where(child, columns, parent == null ? parentName : parent.name(),
        parentColumns);
    long orphans;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*)" + where)) {
      rs.next();
      orphans = rs.getLong(1);
    }
    return result(constraint, kind, child, columns, parentName, parentColumns, orphans, where);
  }

  /** {@code FROM} the child {@code WHERE} its reference is set and has no parent row. */
  private String where(Table child, List<String> columns, TableName parent,
      List<String> parentColumns) {
    return OrphanSql.whereOrphan(dialect, dialect.fromClause(child.name(), child.hasChildren()),
        new OrphanSql.Reference(parent, columns, parentColumns));
  }

  private OrphanResult result(String constraint, String kind, Table child, List<String> columns,
      TableName parentName, List<String> parentColumns, long orphans, String where)
      throws SQLException {
    List<String> key = new ArrayList<>(TableMatch.keyOf(child));
    List<String> shown = new ArrayList<>(key);
    columns.stream().filter(c -> !key.contains(c)).forEach(shown::add);
    List<List<String>> keys = orphans == 0 ? List.of() : firstKeys(child, key, shown, where);
    return new OrphanResult(constraint, kind, child.name().qualified(), columns,
        parentName.qualified(), parentColumns, orphans, shown, keys, orphans == 0);
  }

  /** The first orphan rows by key: their key values, then the reference values. */
  private List<List<String>> firstKeys(Table child, List<String> key, List<String> shown,
      String where) throws SQLException {
    List<ValueKind> kinds = new ArrayList<>();
    for (String name : shown) {
      kinds.add(child.column(name).map(ValueKind::of).orElse(ValueKind.TEXT));
    }
    String select = "SELECT " + String.join(", ", shown.stream().map(c -> "c." + dialect.quote(c))
        .toList());
    String order = " ORDER BY " + String.join(", ", (key.isEmpty() ? shown : key).stream()
        .map(c -> "c." + dialect.quote(c)).toList());
    List<List<String>> keys = new ArrayList<>();
    try (Statement s = connection.createStatement()) {
      s.setMaxRows(maxKeys);
      try (ResultSet rs = s.executeQuery(select + where + order)) {
        while (rs.next() && keys.size() < maxKeys) {
          List<String> values = new ArrayList<>();
          for (int i = 0; i < shown.size(); i++) {
            Object v = Sources.readValue(rs, i + 1, kinds.get(i));
            CanonicalValue encoding = CanonicalValue.of(kinds.get(i));
            values.add(encoding.display(encoding.encode(v), LeafRow.DISPLAY));
          }
          keys.add(values);
        }
      }
    }
    return keys;
  }

  private static Optional<String> columnIn(Table table, String name) {
    return table.columns().stream().map(Column::name).filter(n -> n.equalsIgnoreCase(name))
        .findFirst();
  }
}
