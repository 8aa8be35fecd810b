package dev.ferry.identity;

import dev.ferry.api.IdentityConfig;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.PostgresCopyRows;
import dev.ferry.rows.ServerText;
import dev.ferry.rows.TextRows;
import dev.ferry.rows.ValueKind;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
          countQueued(c2, dialect, catalog, byTable, queue, kind, counted, mine, copy);
          return mine;
        } catch (SQLException e) {
          throw new CompletionException(e);
        }
      });
    }
    try {
      countQueued(c, dialect, catalog, byTable, queue, kind, counted, counting, copy);
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

  /** Counts the tables taken from {@code queue} until it is empty, on one connection. */
  private static void countQueued(Connection c, Dialect dialect, Catalog catalog,
      Map<TableName, List<ColumnRef>> byTable, ConcurrentLinkedQueue<TableName> queue,
      ValueKind kind, Map<ColumnRef, long[]> counted, Map<Object, Long> counting, boolean copy)
      throws SQLException {
    for (TableName name = queue.poll(); name != null; name = queue.poll()) {
      Table t = catalog.table(name).orElseThrow();
      List<ColumnRef> columns = byTable.get(name);
      ValueKind[] copied = copy ? copyKinds(dialect, t, columns, kind) : null;
      if (copied != null && countedFromCopy(c, dialect, t, columns, copied, kind, counted,
          counting)) {
        continue;
      }
      if (columns.size() > 1 && dialect.supports(Capability.GROUPING_SETS)) {
        count(c, dialect, t, columns, kind, counted, counting);
      } else {
        for (ColumnRef ref : columns) {
          count(c, dialect, t, List.of(ref), kind, counted, counting);
        }
      }
    }
  }

  /**
   * The kinds of a table's reference columns where they are counted from the server's COPY
   * stream (PostgreSQL), else null: the server only scans and prints the columns, about a third
   * of the CPU of grouping them, and ferry counts. For integer, UUID and text keys in as many as
   * 64 columns, whose text is their value.
   */
  private static ValueKind[] copyKinds(Dialect dialect, Table t, List<ColumnRef> refs,
      ValueKind kind) {
    if (!dialect.supports(Capability.COPY) || refs.size() > 64 || !textKey(kind)) {
      return null;
    }
    ValueKind[] kinds = new ValueKind[refs.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = ValueKind.of(t.column(refs.get(i).column()).orElseThrow());
      if (!textKey(kinds[i])) {
        return null;
      }
    }
    return kinds;
  }

  private static boolean textKey(ValueKind kind) {
    return kind == ValueKind.INTEGER || kind == ValueKind.UUID || kind == ValueKind.TEXT;
  }

  /**
   * Counts as {@link #count} does, from {@code COPY (SELECT columns FROM t) TO STDOUT} (the
   * columns of {@code kinds}, from {@link #copyKinds}), or returns false having counted nothing
   * when a value is not in its kind's plain form: each
   * value the column holds (a {@code Long} for an integer column, else its text) with its
   * references and the columns it is in, held for one table at a time (as many entries as the
   * table references distinct users), then merged as the grouped counts would be.
   */
  private static boolean countedFromCopy(Connection c, Dialect dialect, Table t,
      List<ColumnRef> refs, ValueKind[] kinds, ValueKind kind, Map<ColumnRef, long[]> counted,
      Map<Object, Long> referenced) throws SQLException {
    int n = refs.size();
    List<String> columns = refs.stream().map(r -> dialect.quote(r.column())).toList();
    String sql = "COPY (SELECT " + String.join(", ", columns) + " FROM "
        + dialect.fromClause(t.name(), t.hasChildren()) + ") TO STDOUT";
    long rows = 0;
    long[] nulls = new long[n];
    // integer values in a table of their own (no object per value), any other by its text
    LongCounts integers = new LongCounts();
    Map<Object, long[]> others = new HashMap<>();
    try (TextRows text = PostgresCopyRows.open(c, sql, kinds, t.name().qualified())) {
      while (text.next()) {
        rows++;
        byte[] b = text.bytes();
        for (int i = 0; i < n; i++) {
          int start = text.start(i);
          int end = text.end(i);
          if (start < 0) {
            nulls[i]++;
          } else if (kinds[i] == ValueKind.INTEGER && end - start <= 18) {
            // PostgreSQL prints integers plainly: -?[1-9][0-9]* or 0
            boolean negative = b[start] == '-';
            long v = 0;
            for (int j = negative ? start + 1 : start; j < end; j++) {
              v = v * 10 + (b[j] - '0');
            }
            integers.add(negative ? -v : v, i);
          } else {
            long[] seen = others.computeIfAbsent(new String(b, start, end - start,
                StandardCharsets.UTF_8), v -> new long[2]);
            seen[0]++;
            seen[1] |= 1L << i;
          }
        }
      }
    } catch (ServerText.NotPlain e) {
      // a value in an unusual form: nothing is merged yet, the table is grouped instead
      return false;
    }
    for (int i = 0; i < n; i++) {
      long[] into = counted.get(refs.get(i));
      into[0] += rows;
      into[1] += nulls[i];
    }
    integers.forEach((value, references, columnBits) ->
        merge(value, references, columnBits, kind, refs, counted, referenced));
    others.forEach((value, seen) ->
        merge(value, seen[0], seen[1], kind, refs, counted, referenced));
    return true;
  }

  private static void merge(Object value, long references, long columnBits, ValueKind kind,
      List<ColumnRef> refs, Map<ColumnRef, long[]> counted, Map<Object, Long> referenced) {
    referenced.merge(key(value, kind), references, Long::sum);
    for (int i = 0; i < refs.size(); i++) {
      if ((columnBits & 1L << i) != 0) {
        counted.get(refs.get(i))[2]++;
      }
    }
  }

  /**
   * Counts per {@code long} value in open addressing: the value, its count, and a bit per column
   * it was seen in, in three arrays that double when half full.
   */
  static final class LongCounts {
    private long[] values = new long[1024];
    private long[] counts = new long[1024];
    private long[] columns = new long[1024];
    private int size;

    void add(long value, int column) {
      int mask = values.length - 1;
      int at = (int) (mix(value) & mask);
      while (counts[at] != 0 && values[at] != value) {
        at = (at + 1) & mask;
      }
      if (counts[at] == 0) {
        values[at] = value;
        if (++size * 2 > values.length) {
          counts[at] = 1;
          columns[at] = 1L << column;
          grow();
          return;
        }
      }
      counts[at]++;
      columns[at] |= 1L << column;
    }

    private static long mix(long v) {
      long h = v * 0x9E3779B97F4A7C15L;
      return h ^ (h >>> 29);
    }

    private void grow() {
      long[] oldValues = values;
      long[] oldCounts = counts;
      long[] oldColumns = columns;
      values = new long[oldValues.length * 2];
      counts = new long[values.length];
      columns = new long[values.length];
      int mask = values.length - 1;
      for (int i = 0; i < oldValues.length; i++) {
        if (oldCounts[i] != 0) {
          int at = (int) (mix(oldValues[i]) & mask);
          while (counts[at] != 0) {
            at = (at + 1) & mask;
          }
          values[at] = oldValues[i];
          counts[at] = oldCounts[i];
          columns[at] = oldColumns[i];
        }
      }
    }

    interface Visitor {
      void visit(long value, long count, long columnBits);
    }

    void forEach(Visitor visitor) {
      for (int i = 0; i < values.length; i++) {
        if (counts[i] != 0) {
          visitor.visit(values[i], counts[i], columns[i]);
        }
      }
    }
  }

  /**
   * A referenced key while counting: an integer as a {@code Long} (its text is made once per key,
   * when the counting is done), anything else as its canonical text.
   */
  private static Object key(Object raw, ValueKind kind) {
    if (raw instanceof Long) {
      return raw;
    }
    if (raw instanceof Integer || raw instanceof Short) {
      return ((Number) raw).longValue();
    }
    String key = Keys.text(raw);
    return Keys.typeProblem(key, kind) == null ? Keys.normalise(key, kind) : key;
  }

  /**
   * Counts the references of some columns of one table: rows, NULLs and distinct keys into
   * {@code counted}, each key's references into {@code referenced}. Several columns are grouped
   * in one scan with GROUPING SETS; {@code GROUPING(column)} is 0 on the rows of its own set.
   */
  private static void count(Connection c, Dialect dialect, Table t, List<ColumnRef> refs,
      ValueKind kind, Map<ColumnRef, long[]> counted, Map<Object, Long> referenced)
      throws SQLException {
    List<String> columns = refs.stream().map(r -> dialect.quote(r.column())).toList();
    String from = dialect.fromClause(t.name(), t.hasChildren());
    String sql;
    if (refs.size() == 1) {
      sql = "SELECT " + columns.get(0) + ", COUNT(*) FROM " + from + " GROUP BY " + columns.get(0);
    } else {
      sql = "SELECT " + String.join(", ", columns) + ", " + String.join(", ", columns.stream()
          .map(q -> "GROUPING(" + q + ")").toList()) + ", COUNT(*) FROM " + from
          + " GROUP BY GROUPING SETS (" + String.join(", ", columns.stream()
          .map(q -> "(" + q + ")").toList()) + ")";
    }
    int n = refs.size();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        int set = 0;
        if (n > 1) {
          while (set < n && rs.getInt(n + set + 1) != 0) {
            set++;
          }
        }
        long count = rs.getLong(n == 1 ? 2 : 2 * n + 1);
        long[] into = counted.get(refs.get(set));
        into[0] += count;
        Object raw = rs.getObject(set + 1);
        if (raw == null) {
          into[1] += count;
          continue;
        }
        into[2]++;
        referenced.merge(key(raw, kind), count, Long::sum);
      }
    }
  }
}
