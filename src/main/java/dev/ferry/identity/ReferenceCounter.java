package dev.ferry.identity;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The counting behind a {@link Discovery}, one table at a time on one connection: each reference
 * column's rows, NULLs and distinct keys, and each key's references, from the server's COPY stream
 * where it can, else by GROUP BY (GROUPING SETS where the engine has them).
 */
final class ReferenceCounter {

  private ReferenceCounter() {}

  /** Counts the tables taken from {@code queue} until it is empty, on one connection. */
  static void countQueued(Connection c, Dialect dialect, Catalog catalog,
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
