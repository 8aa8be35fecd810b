package dev.ferry.copy;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ferry's persistent id map in the target's state schema (docs/merge.md, "Key policies"): for
 * each row of a table under {@code keys: remap}, its source key and the key the target gave it,
 * as {@link dev.ferry.rows.KeyCodec} text. Rows are written on the caller's transaction, the one
 * that writes the chunk and its checkpoint, so the map is never ahead of or behind the rows.
 *
 * <p>Look-ups go to the table in batches of {@link #PROBE} keys; a bounded cache of {@link
 * #CACHE} pairs (least recently used first out) spares repeated look-ups of the same parents.
 * Only committed pairs enter the cache: a rolled-back chunk leaves none behind.
 */
final class IdMap {

  /** Pairs the cache holds at most, over every table of the run. */
  static final int CACHE = 100_000;
  /** Keys looked up per query. */
  private static final int PROBE = 500;
  /** The tenant of every pair for now: consolidation (#19) will give it a value. */
  private static final String TENANT = "";

  private final Dialect dialect;
  private final TableName table;
  private final Map<String, String> cache = Collections.synchronizedMap(
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > CACHE;
        }
      });

  /** Whether the table exists: a dry run before the first remap finds none. */
  private final boolean present;

  IdMap(Dialect dialect, TableName table) {
    this(dialect, table, true);
  }

  IdMap(Dialect dialect, TableName table, boolean present) {
    this.dialect = dialect;
    this.table = table;
    this.present = present;
  }

  /** The state table of the id map on a target. */
  static TableName table(Dialect dialect, Connection c) throws SQLException {
    return dialect.stateTable(c, "id_map");
  }

  TableName table() {
    return table;
  }

  /** Creates the map's table where it does not exist yet. */
  void create(Connection c, StateStore state) throws SQLException {
    String key = dialect.stateKeyType();
    state.create(c, table, q("tenant") + " " + key + " NOT NULL, " + q("table_name") + " " + key
        + " NOT NULL, " + q("source_key") + " " + key + " NOT NULL, " + q("target_key") + " "
        + dialect.stateTextType() + " NOT NULL, " + q("run_id") + " " + key + " NOT NULL, "
        + "PRIMARY KEY (" + q("tenant") + ", " + q("table_name") + ", " + q("source_key") + ")");
  }

  /**
   * The target keys of the source keys the map holds for a table (by source key text); keys it
   * does not hold are absent.
   */
  Map<String, String> lookup(Connection c, String mapped, Collection<String> sourceKeys)
      throws SQLException {
    Map<String, String> found = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String k : sourceKeys) {
      String target = cache.get(mapped + '\u0001' + k);
      if (target != null) {
        found.put(k, target);
      } else {
        missing.add(k);
      }
    }
    pairs(c, mapped, missing, "source_key", "target_key", (source, target) -> {
      found.put(source, target);
      cache.put(mapped + '\u0001' + source, target);
    });
    return found;
  }

  /**
   * The source keys the map pairs with target keys of a table (by target key text), for {@code
   * keys: match}: a target row paired once is not paired again. The map has no index on target
   * keys: each query reads the table's pairs by the primary key's prefix.
   */
  Map<String, String> sourcesOf(Connection c, String mapped, Collection<String> targetKeys)
      throws SQLException {
    Map<String, String> found = new HashMap<>();
    pairs(c, mapped, new ArrayList<>(targetKeys), "target_key", "source_key", found::put);
    return found;
  }

  /**
   * The map's pairs of a table whose {@code by} column holds one of {@code keys}, {@link #PROBE}
   * keys a query, each handed over as ({@code by}, {@code value}); none while the map does not
   * exist.
   */
  private void pairs(Connection c, String mapped, List<String> keys, String by, String value,
      java.util.function.BiConsumer<String, String> each) throws SQLException {
    for (int from = 0; present && from < keys.size(); from += PROBE) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + PROBE));
      try (PreparedStatement ps = c.prepareStatement("SELECT " + q(by) + ", " + q(value)
          + " FROM " + dialect.qualify(table) + " WHERE " + q("tenant") + " = ? AND "
          + q("table_name") + " = ? AND " + q(by) + " IN ("
          + String.join(", ", Collections.nCopies(batch.size(), "?")) + ")")) {
        ps.setString(1, TENANT);
        ps.setString(2, mapped);
        for (int i = 0; i < batch.size(); i++) {
          ps.setString(i + 3, batch.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            each.accept(rs.getString(1), rs.getString(2));
          }
        }
      }
    }
  }

  /** Records pairs (source key text, target key text) on the caller's transaction. */
  void record(Connection c, String mapped, List<String[]> pairs, String runId)
      throws SQLException {
    if (pairs.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + dialect.qualify(table)
        + " (" + q("tenant") + ", " + q("table_name") + ", " + q("source_key") + ", "
        + q("target_key") + ", " + q("run_id") + ") VALUES (?, ?, ?, ?, ?)")) {
      for (String[] pair : pairs) {
        ps.setString(1, TENANT);
        ps.setString(2, mapped);
        ps.setString(3, pair[0]);
        ps.setString(4, pair[1]);
        ps.setString(5, runId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Puts committed pairs into the cache. */
  void remember(String mapped, List<String[]> pairs) {
    for (String[] pair : pairs) {
      cache.put(mapped + '\u0001' + pair[0], pair[1]);
    }
  }

  private String q(String identifier) {
    return dialect.quote(identifier);
  }
}
