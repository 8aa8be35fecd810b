package dev.ferry.copy;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
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
 * as {@link dev.ferry.rows.KeyCodec} text, or as two integers where both keys are single integers
 * ({@link IdMapTables}). Rows are written on the caller's transaction, the one that writes the
 * chunk and its checkpoint, so the map is never ahead of or behind the rows.
 *
 * <p>A table whose keys are single integers is read once into a {@link KeySpill} (a run's
 * on-disk pairs, no heap per pair) the first time the run needs it, and answered from there
 * alone. Other tables' look-ups go to the tables in batches of keys; a bounded
 * cache of {@link #CACHE} pairs (least recently used first out) spares repeated look-ups of the
 * same parents. Only committed pairs enter the spill or the cache: a rolled-back chunk leaves
 * none behind. On PostgreSQL pairs are written by COPY.
 */
final class IdMap implements AutoCloseable {

  /** Pairs the cache holds at most, over every table of the run. */
  static final int CACHE = 100_000;
  private final TableName table;
  /** The map's tables, where its pairs are written and read. */
  private final IdMapTables tables;
  private final Map<String, String> cache = Collections.synchronizedMap(
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > CACHE;
        }
      });

  /** Each table's spill, once asked for; null for a table whose keys are not integers. */
  private final Map<String, KeySpill> spills = new HashMap<>();

  /** Pairs this run wrote by COPY (PostgreSQL), whose statistics it then refreshes. */
  private final java.util.concurrent.atomic.AtomicLong copied =
      new java.util.concurrent.atomic.AtomicLong();

  /** Whether the table exists: a dry run before the first remap finds none. */
  private final boolean present;
  /**
   * Whether the table of integer pairs exists: a run creates it; a dry run looks once (an
   * earlier ferry wrote none); null until then.
   */
  private Boolean integersPresent;

  /** Whether tables of integer keys are spilled ({@link #open}): not in a dry run's look. */
  private final boolean spilling;

  /** The map a run writes. */
  IdMap(Dialect dialect, TableName table) {
    this(dialect, table, "");
  }

  /** The map a run of a tenant writes: its pairs, apart from every other tenant's. */
  IdMap(Dialect dialect, TableName table, String tenant) {
    this(dialect, table, true, true, tenant);
  }

  /** A dry run's look at a map, which may not exist yet: the cache and the table serve it. */
  IdMap(Dialect dialect, TableName table, boolean present) {
    this(dialect, table, present, false, "");
  }

  private IdMap(Dialect dialect, TableName table, boolean present, boolean spilling,
      String tenant) {
    this.table = table;
    this.tables = new IdMapTables(dialect, table, tenant == null ? "" : tenant);
    this.present = present;
    this.spilling = spilling;
    this.integersPresent = spilling ? Boolean.TRUE : null;
  }

  /** The state table of the id map on a target. */
  static TableName table(Dialect dialect, Connection c) throws SQLException {
    return dialect.stateTable(c, "id_map");
  }

  TableName table() {
    return table;
  }

  /** The map's tables: {@code id_map} and {@code id_map_int}. */
  List<TableName> tables() {
    return List.of(table, tables.integers());
  }

  /** Creates the map's tables where they do not exist yet. */
  void create(Connection c, StateStore state) throws SQLException {
    tables.create(c, state);
  }

  /** Whether the table of integer pairs exists (a dry run asks the target once). */
  private synchronized boolean integersPresent(Connection c) throws SQLException {
    if (integersPresent == null) {
      integersPresent = present && new StateStore(tables.dialect(), c).exists(c,
          tables.integers());
    }
    return integersPresent;
  }

  /**
   * The target keys of the source keys the map holds for a table (by source key text); keys it
   * does not hold are absent. A table whose keys are single integers is answered from its {@link
   * KeySpill} alone, which holds every pair of the table; others from the cache and the table.
   */
  Map<String, String> lookup(Connection c, String mapped, Collection<String> sourceKeys)
      throws SQLException {
    Map<String, String> found = new HashMap<>();
    synchronized (this) {
      KeySpill spill = open(c, mapped);
      if (spill != null) {
        for (String k : sourceKeys) {
          Long source = integer(k);
          long target = source == null ? KeySpill.NONE : spill.find(source);
          if (target != KeySpill.NONE) {
            found.put(k, text(target));
          }
        }
        return found;
      }
    }
    List<String> missing = new ArrayList<>();
    for (String k : sourceKeys) {
      String target = cache.get(mapped + '\u0001' + k);
      if (target != null) {
        found.put(k, target);
      } else {
        missing.add(k);
      }
    }
    pairs(c, mapped, missing, "source_key", (source, target) -> {
      found.put(source, target);
      cache.put(mapped + '\u0001' + source, target);
    });
    return found;
  }

  /**
   * The target keys of integer source keys ({@link KeySpill#NONE} where the map holds none),
   * from the table's spill; null where the table has none, and {@link #lookup} answers.
   */
  synchronized long[] targets(Connection c, String mapped, long[] sourceKeys)
      throws SQLException {
    KeySpill spill = open(c, mapped);
    if (spill == null) {
      return null;
    }
    long[] targets = new long[sourceKeys.length];
    for (int i = 0; i < sourceKeys.length; i++) {
      targets[i] = spill.find(sourceKeys[i]);
    }
    return targets;
  }

  /**
   * The spill of a table's pairs, read from the map the first time the run asks for the table
   * (a table's own load asks before it writes a pair, so the spill then holds every pair the
   * map holds; this run's pairs join it as their chunks commit); null where a pair is not of
   * two single integers, and the cache and the table serve the table instead.
   */
  synchronized KeySpill open(Connection c, String mapped) throws SQLException {
    if (spills.containsKey(mapped) || !spilling) {
      return spills.get(mapped);
    }
    KeySpill read = new KeySpill();
    boolean[] ok = {true};
    tables.readAll(c, mapped, present, integersPresent(c), new IdMapTables.PairReader() {
      @Override
      public boolean texts(String source, String target) {
        Long s = integer(source);
        Long t = integer(target);
        boolean both = s != null && t != null;
        return integers(both ? s : KeySpill.NONE, both ? t : KeySpill.NONE);
      }

      @Override
      public boolean integers(long source, long target) {
        ok[0] = source != KeySpill.NONE && target != KeySpill.NONE;
        if (ok[0]) {
          read.appendUnsorted(source, target);
        }
        return ok[0];
      }
    });
    KeySpill spill = read;
    if (!ok[0]) {
      read.close();
      spill = null;
    } else {
      read.sort();
    }
    spills.put(mapped, spill);
    return spill;
  }

  /**
   * The source keys the map pairs with target keys of a table (by target key text), for {@code
   * keys: match}: a target row paired once is not paired again. The map has no index on target
   * keys: each query reads the table's pairs by the primary key's prefix.
   */
  Map<String, String> sourcesOf(Connection c, String mapped, Collection<String> targetKeys)
      throws SQLException {
    Map<String, String> found = new HashMap<>();
    pairs(c, mapped, new ArrayList<>(targetKeys), "target_key", found::put);
    return found;
  }

  /**
   * The map's pairs of a table whose {@code by} column holds one of {@code keys}, each handed
   * over as ({@code by}, the other); none while the map does not exist.
   */
  private void pairs(Connection c, String mapped, List<String> keys, String by,
      java.util.function.BiConsumer<String, String> each) throws SQLException {
    if (!keys.isEmpty()) {
      tables.pairs(c, mapped, keys, by, present, integersPresent(c), each);
    }
  }

  /** Records pairs (source key text, target key text) on the caller's transaction. */
  void record(Connection c, String mapped, List<String[]> pairs, String runId)
      throws SQLException {
    if (pairs.isEmpty()) {
      return;
    }
    tables.record(c, mapped, pairs, runId);
    if (tables.dialect().supports(Capability.COPY)) {
      copied.addAndGet(pairs.size());
    }
  }

  /**
   * Keeps committed pairs: in the table's spill (on the {@link KeySpill} lane of the unit that
   * wrote them: a key range's own), which a pair not of two integers turns off for the rest of
   * the run (the map's table then answers for it), else in the cache.
   */
  synchronized void remember(String mapped, String lane, List<String[]> pairs) {
    KeySpill spill = spills.get(mapped);
    for (String[] pair : pairs) {
      if (spill != null) {
        Long source = integer(pair[0]);
        Long target = integer(pair[1]);
        if (source != null && target != null && target != KeySpill.NONE) {
          spill.append(lane, source, target);
          continue;
        }
        spill.close();
        spills.put(mapped, null);
        spill = null;
      }
      cache.put(mapped + '\u0001' + pair[0], pair[1]);
    }
  }

  /** Deletes a table's pairs of these source keys, on the caller's transaction (see IdMapTables). */
  void forget(Connection c, String mapped, List<String> sourceKeys) throws SQLException {
    tables.forget(c, mapped, sourceKeys);
    sourceKeys.forEach(k -> cache.remove(mapped + '\u0001' + k));
  }

  /** Records pairs of two integers on the caller's transaction. */
  void record(Connection c, String mapped, Numbers pairs, String runId) throws SQLException {
    if (pairs.size() == 0) {
      return;
    }
    tables.record(c, mapped, pairs, runId);
    if (tables.dialect().supports(Capability.COPY)) {
      copied.addAndGet(pairs.size());
    }
  }

  /** Keeps committed pairs of two integers, as {@link #remember(String, String, List)} does. */
  synchronized void remember(String mapped, String lane, Numbers pairs) {
    KeySpill spill = spills.get(mapped);
    for (int i = 0; i < pairs.size(); i++) {
      long source = pairs.source(i);
      long target = pairs.target(i);
      if (spill != null && target != KeySpill.NONE) {
        spill.append(lane, source, target);
        continue;
      }
      if (spill != null) {
        spill.close();
        spills.put(mapped, null);
        spill = null;
      }
      cache.put(mapped + '\u0001' + text(source), text(target));
    }
  }

  /** A chunk's pairs of two integers, as numbers: no key text written or parsed for them. */
  static final class Numbers {
    private long[] sources = new long[256];
    private long[] targets = new long[256];
    private int size;

    /** Adds a pair where both keys are integers (true), else nothing (false). */
    boolean add(Object source, Object target) {
      if (!whole(source) || !whole(target)) {
        return false;
      }
      add(((Number) source).longValue(), ((Number) target).longValue());
      return true;
    }

    private static boolean whole(Object v) {
      return v instanceof Long || v instanceof Integer || v instanceof Short;
    }

    void add(long source, long target) {
      if (size == sources.length) {
        sources = java.util.Arrays.copyOf(sources, size * 2);
        targets = java.util.Arrays.copyOf(targets, size * 2);
      }
      sources[size] = source;
      targets[size++] = target;
    }

    int size() {
      return size;
    }

    long source(int i) {
      return sources[i];
    }

    long target(int i) {
      return targets[i];
    }

    void clear() {
      size = 0;
    }
  }

  /** Deletes the spills' files. */
  @Override
  public synchronized void close() {
    spills.values().stream().filter(java.util.Objects::nonNull).forEach(KeySpill::close);
    spills.clear();
  }

  /**
   * Closes the map after a run; where this run COPied pairs in, first refreshes the tables'
   * statistics where they are missing or stale ({@link IdMapTables#analyze}). A failure is no
   * reason to fail a finished run: statistics are an optimisation, autovacuum takes them too.
   */
  void close(Connection c) {
    long written = copied.get();
    if (written > 0) {
      try {
        tables.analyze(c, tables(), written);
      } catch (SQLException e) {
        // as said above
      }
    }
    close();
  }

  /** The integer a key text of one integer column holds, written as ferry writes it; else null. */
  static Long integer(String text) {
    int n = text == null ? 0 : text.length();
    if (n < 5 || n > 24 || !text.startsWith("[\"") || !text.endsWith("\"]")) {
      return null;
    }
    String digits = text.substring(2, n - 2);
    for (int i = 0; i < digits.length(); i++) {
      char ch = digits.charAt(i);
      if ((ch < '0' || ch > '9') && !(i == 0 && ch == '-')) {
        return null;
      }
    }
    try {
      long value = Long.parseLong(digits);
      return Long.toString(value).equals(digits) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The key text of one integer, as ferry writes it. */
  static String text(long value) {
    return "[\"" + value + "\"]";
  }
}
