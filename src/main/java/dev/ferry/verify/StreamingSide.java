package dev.ferry.verify;

import dev.ferry.catalog.Column;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.ServerText;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TextRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Hashes a table in ferry, from rows streamed by any {@link SourceReader} (a database in one
 * plain pass, or a bundle's file), holding one chunk at a time. Works for every engine and for
 * rewritten columns; the baseline every other method must agree with.
 */
public final class StreamingSide implements TableSide {

  static final String METHOD = "streaming";

  private final SourceReader reader;
  private final Side side;
  private final int chunkSize;
  private final int distinctLimit;
  private final boolean extremes;

  /**
   * @param distinctLimit values counted exactly per column before a sketch takes over; 0 for
   *     none (verification does not need distinct counts)
   * @param extremes whether to keep each column's min and max (fingerprints)
   */
  StreamingSide(SourceReader reader, Side side, int chunkSize, int distinctLimit,
      boolean extremes) {
    this.reader = reader;
    this.side = side;
    this.chunkSize = chunkSize;
    this.distinctLimit = distinctLimit;
    this.extremes = extremes;
  }

  @Override
  public String method() {
    return METHOD;
  }

  /**
   * Hashes the table from the server's text stream where the reader has one ({@link
   * SourceReader#copyText}) and nothing needs the values themselves; from its chunks otherwise,
   * and also when the stream meets a value in an unusual form (then the table is read again).
   */
  @Override
  public TableDigest digest() {
    TableDigest streamed = fromText(this::digest);
    if (streamed != null) {
      return streamed;
    }
    TableDigest digest = emptyDigest();
    RowHasher hasher = new RowHasher(side);
    try (ChunkCursor cursor = open()) {
      for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
        prepare(chunk.rows());
        for (Object[] row : chunk.rows()) {
          if (dropped(row)) {
            continue;
          }
          hasher.hash(row);
          add(digest, hasher);
        }
      }
    }
    return digest;
  }

  private TableDigest digest(TextRows text) {
    TableDigest digest = emptyDigest();
    RowHasher hasher = new RowHasher(side);
    while (text.next()) {
      hasher.hash(text);
      add(digest, hasher);
    }
    return digest;
  }

  /** Lets each rewrite that looks its pairs up per chunk look up this chunk's. */
  private void prepare(List<Object[]> rows) {
    for (int i = 0; i < side.columns().size(); i++) {
      if (side.rewrite(i) instanceof ChunkRewrite r) {
        r.prepare(rows, i);
      }
    }
  }

  /** Whether a rewrite drops the row, as the copy does (a file that did not arrive). */
  private boolean dropped(Object[] row) {
    for (int i = 0; i < side.columns().size(); i++) {
      if (side.rewrite(i) instanceof ChunkRewrite r && r.drops(row)) {
        return true;
      }
    }
    return false;
  }

  /** Adds the row just hashed to the digest. */
  private static void add(TableDigest digest, RowHasher hasher) {
    digest.addRow(hasher.keyHash, hasher.rowHash);
    ColumnDigest[] columns = digest.columns;
    for (int i = 0; i < columns.length; i++) {
      if (hasher.nulls[i]) {
        columns[i].addNull();
      } else {
        columns[i].add(hasher.hashes[i], hasher.values[i]);
        if (hasher.values[i] instanceof ReferenceMap.Unmapped) {
          columns[i].unmapped++;
        }
      }
    }
  }

  private TableDigest emptyDigest() {
    ColumnDigest[] columns = new ColumnDigest[side.columns().size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = new ColumnDigest(side.encodings().get(i).kind(), distinctLimit, extremes);
    }
    return new TableDigest(columns);
  }

  @Override
  public List<LeafRow> rows(BitSet ranges) {
    List<LeafRow> streamed = fromText(text -> rows(text, ranges));
    if (streamed != null) {
      return streamed;
    }
    List<LeafRow> rows = new ArrayList<>();
    RowHasher hasher = new RowHasher(side);
    try (ChunkCursor cursor = open()) {
      for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
        prepare(chunk.rows());
        for (Object[] row : chunk.rows()) {
          if (dropped(row)) {
            continue;
          }
          hasher.hash(row);
          if (ranges.get(Hashing.bucket(hasher.keyHash))) {
            rows.add(hasher.leaf());
          }
        }
      }
    }
    return rows;
  }

  /**
   * {@code use} applied to the table's text stream; null where the reader has none for it, the
   * values are needed themselves, or the stream met a value in another form (the caller then
   * reads the table through its cursor, which parses such values).
   */
  private <T> T fromText(Function<TextRows, T> use) {
    TextRows text = textOnly() ? reader.copyText(plan()) : null;
    if (text == null) {
      return null;
    }
    try (text) {
      return use.apply(text);
    } catch (ServerText.NotPlain e) {
      return null;
    }
  }

  /** The rows in the key ranges {@code ranges}, their values kept as the server's text. */
  private List<LeafRow> rows(TextRows text, BitSet ranges) {
    List<LeafRow> rows = new ArrayList<>();
    RowHasher hasher = new RowHasher(side);
    Object[] row = new Object[side.columns().size()];
    while (text.next()) {
      hasher.hash(text);
      if (ranges.get(Hashing.bucket(hasher.keyHash))) {
        byte[] b = text.bytes();
        for (int i = 0; i < row.length; i++) {
          int start = text.start(i);
          row[i] = start < 0 ? null : new ServerText(Arrays.copyOfRange(b, start, text.end(i)));
        }
        hasher.hash(row);
        rows.add(hasher.leaf());
      }
    }
    return rows;
  }

  /**
   * Whether the values may come as the server's text ({@link ServerText}), which the canonical
   * encoding reads directly: not when they are rewritten through a map or kept for min and max,
   * which need the values themselves.
   */
  private boolean textOnly() {
    boolean rewritten = side.rewrites() != null
        && side.rewrites().stream().anyMatch(r -> r != null);
    return !rewritten && !extremes;
  }

  /** The table in one pass, values as the server's text where {@link #textOnly()}. */
  private ChunkCursor open() {
    return textOnly() ? reader.readText(plan(), chunkSize) : reader.read(plan(), null, chunkSize);
  }

  /** A plan without key columns: the reader streams the table in one plain pass. */
  private TablePlan plan() {
    List<CopyColumn> columns = new ArrayList<>();
    for (int i = 0; i < side.columns().size(); i++) {
      Column c = side.columns().get(i);
      columns.add(new CopyColumn(c.name(), c.name(), side.encodings().get(i).kind(),
          c.nullable()));
    }
    return new TablePlan(side.table(), side.table(), columns, List.of(), Set.of(),
        side.ownRowsOnly(), List.of(), side.rowFilter());
  }
}
