package dev.ferry.rows;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link SourceReader} that hands over only the rows whose key a table's allowlist lists; the
 * pages are read as before (a chunk's last key stays the last key read, for checkpoints), and a
 * page with no listed row is skipped. Tables without an allowlist pass through.
 */
public final class AllowlistReader implements SourceReader {

  private final SourceReader reader;
  private final Map<TableName, KeyAllowlist> lists;

  /** @param lists per table read (its source name), its allowlist */
  public AllowlistReader(SourceReader reader, Map<TableName, KeyAllowlist> lists) {
    this.reader = reader;
    this.lists = Map.copyOf(lists);
  }

  /** The reader itself when no table has an allowlist. */
  public static SourceReader of(SourceReader reader, Map<TableName, KeyAllowlist> lists) {
    return lists.isEmpty() ? reader : new AllowlistReader(reader, lists);
  }

  /** Per table, its allowlist. */
  public Map<TableName, KeyAllowlist> lists() {
    return lists;
  }

  @Override
  public Catalog catalog() {
    return reader.catalog();
  }

  @Override
  public ChunkCursor read(TablePlan table, Object[] afterKey, int chunkSize) {
    return filtered(table, reader.read(table, afterKey, chunkSize));
  }

  @Override
  public ChunkCursor readText(TablePlan table, int chunkSize) {
    return filtered(table, reader.readText(table, chunkSize));
  }

  /** Null for a table with an allowlist: its rows are sifted one by one. */
  @Override
  public TextRows copyText(TablePlan table) {
    return lists.containsKey(table.source()) ? null : reader.copyText(table);
  }

  @Override
  public List<String> prove(List<TablePlan> tables) {
    return reader.prove(tables);
  }

  @Override
  public List<String> readProblems(List<TablePlan> tables) {
    return reader.readProblems(tables);
  }

  @Override
  public long estimateRows(TablePlan table) {
    return reader.estimateRows(table);
  }

  @Override
  public void close() {
    reader.close();
  }

  private ChunkCursor filtered(TablePlan table, ChunkCursor cursor) {
    KeyAllowlist list = lists.get(table.source());
    if (list == null) {
      return cursor;
    }
    int[] positions = list.positions(table);
    return new ChunkCursor() {
      @Override
      public Chunk next() {
        for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
          List<Object[]> rows = new ArrayList<>(chunk.rows().size());
          Object[] key = new Object[positions.length];
          for (Object[] row : chunk.rows()) {
            for (int i = 0; i < positions.length; i++) {
              key[i] = row[positions[i]];
            }
            if (list.allows(key)) {
              rows.add(row);
            }
          }
          if (!rows.isEmpty()) {
            return new Chunk(rows, chunk.lastKey());
          }
        }
        return null;
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }
}
