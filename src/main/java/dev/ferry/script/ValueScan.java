package dev.ferry.script;

import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks, before a script run writes its first file, for source values the target dialect cannot
 * hold ({@link SqlLiterals#problem}): NaN in a MySQL script, NUL in PostgreSQL text, a date out of
 * range. Reads every table that has a column of a kind the dialect may refuse, once, chunk by
 * chunk (memory: one chunk and a counter per column); reports per table, column and reason how
 * many values there are and the keys of the first ones. Skipped when the source is the dialect's
 * own engine, which by definition holds what it has.
 */
final class ValueScan {

  private static final Logger LOG = LoggerFactory.getLogger(ValueScan.class);
  private static final int FIRST_KEYS = 3;

  private ValueScan() {}

  /** What the dialect cannot hold, one line per table, column and reason; empty when none. */
  static List<String> problems(ScriptDialect dialect, String sourceEngine, List<TablePlan> tables,
      SourceReader source, int chunkSize) {
    if (dialect.engineId().equals(sourceEngine)) {
      return List.of();
    }
    SqlLiterals q = dialect.literals();
    List<String> problems = new ArrayList<>();
    for (TablePlan table : tables) {
      if (table.isFixup() || table.columns().stream().noneMatch(c -> q.mayRefuse(c.kind()))) {
        continue;
      }
      long start = System.nanoTime();
      problems.addAll(scan(q, table, source, chunkSize));
      LOG.debug("looked for values {} cannot hold in {} in {} ms", dialect.name(), table.unit(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return problems;
  }

  private static List<String> scan(SqlLiterals q, TablePlan table, SourceReader source,
      int chunkSize) {
    List<CopyColumn> columns = table.columns();
    boolean[] checked = new boolean[columns.size()];
    for (int i = 0; i < checked.length; i++) {
      checked[i] = q.mayRefuse(columns.get(i).kind());
    }
    int[] key = table.keyPositions();
    Map<String, Found> found = new LinkedHashMap<>();
    long row = 0;
    try (ChunkCursor cursor = source.read(table, null, chunkSize)) {
      for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
        for (Object[] values : chunk.rows()) {
          row++;
          for (int i = 0; i < values.length; i++) {
            if (!checked[i] || values[i] == null) {
              continue;
            }
            ValueKind kind = columns.get(i).kind();
            String problem = q.problem(values[i], kind);
            if (problem != null) {
              Found f = found.computeIfAbsent(columns.get(i).name() + "\u0000" + problem,
                  k -> new Found());
              f.count++;
              if (f.keys.size() < FIRST_KEYS) {
                f.keys.add(keyOf(table, key, values, row));
              }
            }
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    found.forEach((k, f) -> {
      String[] parts = k.split("\u0000", 2);
      out.add(table.source().qualified() + "." + parts[0] + ": " + f.count
          + (f.count == 1 ? " value " : " values ") + q.dialect() + " scripts cannot hold ("
          + parts[1] + "), " + (f.count == 1 ? "at " : "the first at ")
          + String.join(", ", f.keys) + ". Change " + (f.count == 1 ? "it" : "them")
          + " in the source, or leave the table out (--exclude), or write another dialect.");
    });
    return out;
  }

  private static String keyOf(TablePlan table, int[] key, Object[] values, long row) {
    if (key.length == 0) {
      return "row " + row;
    }
    List<String> parts = new ArrayList<>();
    for (int p : key) {
      parts.add(table.columns().get(p).name() + "=" + SqlLiterals.printable(
          String.valueOf(values[p])));
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
  }

  private static final class Found {
    long count;
    final List<String> keys = new ArrayList<>();
  }
}
