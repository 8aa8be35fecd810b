package dev.ferry.identity;

import dev.ferry.api.IdentityConfig;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

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
   * Counts references in the source database: one GROUP BY per reference column, or where the
   * engine has GROUPING SETS one scan per table for all its reference columns; the tables shared
   * between {@code c} and a second connection from {@code second} (null: {@code c} alone), the
   * largest first, as the counting is the server's work and two scans run at once. The source's
   * users are asked for once the counting is done (to tell orphans), so they can be read
   * meanwhile.
   *
   * @param catalog the tables being copied
   * @param identity the identity table, whether copied or not
   */
  public static Discovery ofDatabase(Connection c, Opener second, Dialect dialect,
      Catalog catalog, Table identity, IdentityConfig config,
      Supplier<Inventory> sourceInventory) throws SQLException {
    return ofDatabase(c, second, dialect, catalog, identity, config, sourceInventory, true);
  }

  /**
   * As above; {@code copy} false counts with GROUP BY where COPY would stream (the tests hold
   * both ways to the same counts).
   */
  static Discovery ofDatabase(Connection c, Opener second, Dialect dialect, Catalog catalog,
      Table identity, IdentityConfig config, Supplier<Inventory> sourceInventory, boolean copy)
      throws SQLException {
    ValueKind kind = InventoryReader.keyKind(identity, config);
    List<ColumnRef> refs = References.of(catalog, identity.name(), config);
    Map<ColumnRef, long[]> counted = new LinkedHashMap<>();
    Map<TableName, List<ColumnRef>> byTable = new LinkedHashMap<>();
    for (ColumnRef ref : refs) {
      if (counted.put(ref, new long[3]) == null) {
        byTable.computeIfAbsent(ref.table(), t -> new ArrayList<>()).add(ref);
      }
    }
    List<TableName> tables = new ArrayList<>(byTable.keySet());
    Map<TableName, Long> size = new HashMap<>();
    for (TableName t : tables) {
      size.put(t, dialect.estimateRows(c, t));
    }
    tables.sort(Comparator.comparingLong((TableName t) -> -size.get(t)));
    ConcurrentLinkedQueue<TableName> queue = new ConcurrentLinkedQueue<>(tables);
    // counted in hash maps (one per connection), merged and sorted once at the end: the order
    // compares integer keys as numbers
    Map<Object, Long> counting = new HashMap<>();
    CompletableFuture<Map<Object, Long>> other = null;
    if (second != null && tables.size() > 1) {
      other = CompletableFuture.supplyAsync(() -> {
        try (Connection c2 = second.open()) {
          Map<Object, Long> mine = new HashMap<>();
          ReferenceCounter.countQueued(c2, dialect, catalog, byTable, queue, kind, counted, mine, copy);
          return mine;
        } catch (SQLException e) {
          throw new CompletionException(e);
        }
      });
    }
    try {
      ReferenceCounter.countQueued(c, dialect, catalog, byTable, queue, kind, counted, counting, copy);
      if (other != null) {
        other.join().forEach((k, n) -> counting.merge(k, n, Long::sum));
      }
    } catch (CompletionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw e;
    } finally {
      if (other != null && !other.isDone()) {
        queue.clear();
        other.exceptionally(t -> null).join();
      }
    }
    Map<String, Long> referenced = new TreeMap<>(Keys.order(kind));
    counting.forEach((key, n) -> referenced.merge(key.toString(), n, Long::sum));
    List<ColumnUse> uses = new ArrayList<>();
    for (ColumnRef ref : refs) {
      long[] n = counted.get(ref);
      Table t = catalog.table(ref.table()).orElseThrow();
      boolean soft = t.foreignKeys().stream().noneMatch(fk -> fk.columns().equals(
          List.of(ref.column())) && fk.parent().equals(identity.name()));
      uses.add(new ColumnUse(ref.qualified(), t.column(ref.column()).orElseThrow().nullable(),
          soft, n[0], n[1], n[2]));
    }
    Map<String, Identity> known = sourceInventory.get().byKey();
    List<Orphan> orphans = new ArrayList<>();
    referenced.forEach((key, count) -> {
      if (!known.containsKey(key)) {
        orphans.add(new Orphan(key, count));
      }
    });
    return new Discovery(identity.name().qualified(), config.key(), uses, referenced, orphans);
  }

  /** Opens another connection to the same database, for counting beside the first one. */
  @FunctionalInterface
  public interface Opener {
    Connection open() throws SQLException;
  }
}
