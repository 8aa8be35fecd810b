package dev.ferry.identity;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.transfer.ValueKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which identity keys the data actually references: per reference column, rows, NULLs and
 * distinct keys; overall, each referenced key with its number of references. Written as
 * {@code users-discovery.json}.
 *
 * @param identityTable the identity table
 * @param key its key column
 * @param columns per reference column, what it holds
 * @param referenced each referenced key (canonical text) with its reference count, in key order
 * @param orphans referenced keys absent from the source inventory: reported, never mapped
 */
public record Discovery(String identityTable, String key, List<ColumnUse> columns,
    Map<String, Long> referenced, List<Orphan> orphans) {

  /**
   * @param column {@code schema.table.column}
   * @param nullable whether the column accepts NULL (the {@code null} fallback needs it)
   * @param soft true for a soft reference (no foreign key)
   * @param rows rows of the table
   * @param nulls rows holding NULL there
   * @param distinctKeys distinct keys referenced
   */
  public record ColumnUse(String column, boolean nullable, boolean soft, long rows, long nulls,
      long distinctKeys) {}

  /**
   * @param key the referenced key
   * @param references how many rows reference it
   */
  public record Orphan(String key, long references) {}

  /**
   * Counts references with one GROUP BY per reference column, in the source database.
   *
   * @param catalog the tables being copied
   * @param identity the identity table, whether copied or not
   */
  public static Discovery ofDatabase(Connection c, Dialect dialect, Catalog catalog,
      Table identity, IdentityConfig config, Inventory sourceInventory) throws SQLException {
    ValueKind kind = sourceInventory.keyKind();
    List<ColumnUse> uses = new ArrayList<>();
    Map<String, Long> referenced = new TreeMap<>(Keys.order(kind));
    for (ColumnRef ref : References.of(catalog, identity.name(), config)) {
      Table t = catalog.table(ref.table()).orElseThrow();
      String sql = "SELECT " + dialect.quote(ref.column()) + ", COUNT(*) FROM "
          + dialect.fromClause(t.name(), t.hasChildren()) + " GROUP BY "
          + dialect.quote(ref.column());
      long rows = 0;
      long nulls = 0;
      long distinct = 0;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          long count = rs.getLong(2);
          rows += count;
          String key = Keys.text(rs.getObject(1));
          if (key == null) {
            nulls += count;
            continue;
          }
          distinct++;
          String normal = Keys.typeProblem(key, kind) == null ? Keys.normalise(key, kind) : key;
          referenced.merge(normal, count, Long::sum);
        }
      }
      boolean soft = t.foreignKeys().stream().noneMatch(fk -> fk.columns().equals(
          List.of(ref.column())) && fk.parent().equals(identity.name()));
      uses.add(new ColumnUse(ref.qualified(), t.column(ref.column()).orElseThrow().nullable(),
          soft, rows, nulls, distinct));
    }
    Map<String, Identity> known = sourceInventory.byKey();
    List<Orphan> orphans = new ArrayList<>();
    referenced.forEach((key, count) -> {
      if (!known.containsKey(key)) {
        orphans.add(new Orphan(key, count));
      }
    });
    return new Discovery(identity.name().qualified(), config.key(), uses, referenced, orphans);
  }
}
