package dev.ferry.bundle;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.TablePlan;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chunks of one data file, decoded lazily: one chunk of rows is held at a time. Rows come in
 * the file's order, which is the table's key order.
 */
final class BundleCursor implements ChunkCursor {

  private final Path file;
  private final Manifest.TableFile entry;
  private final TablePlan plan;
  private final int chunkSize;
  private final int[] fromFile;
  private final int[] keyPositions;
  private final RowReader reader;
  private Object[] afterKey;
  private boolean exhausted;

  BundleCursor(Path file, Manifest.TableFile entry, TablePlan plan, Object[] afterKey,
      int chunkSize) {
    this.file = file;
    this.entry = entry;
    this.plan = plan;
    this.chunkSize = chunkSize;
    this.afterKey = afterKey;
    this.keyPositions = plan.keyPositions();
    this.fromFile = positionsInFile(entry, plan);
    if (afterKey != null && !plan.keyed()) {
      throw new IllegalArgumentException(plan.source() + " has no key to continue after");
    }
    try {
      this.reader = new RowReader(file, entry.columns());
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** For each plan column, its position in the file's rows. */
  private static int[] positionsInFile(Manifest.TableFile entry, TablePlan plan) {
    int[] positions = new int[plan.columns().size()];
    for (int i = 0; i < positions.length; i++) {
      String name = plan.columns().get(i).name();
      positions[i] = -1;
      for (int j = 0; j < entry.columns().size(); j++) {
        if (entry.columns().get(j).name().equals(name)) {
          positions[i] = j;
        }
      }
      if (positions[i] < 0) {
        throw new FerryException(ErrorCode.INPUT, "data file " + entry.file() + " of table "
            + entry.table() + " has no column " + name + "; it holds "
            + entry.columns().stream().map(Manifest.FileColumn::name).toList()
            + ". Plan the import from the bundle's own catalog.");
      }
    }
    return positions;
  }

  @Override
  public Chunk next() {
    if (exhausted) {
      return null;
    }
    try {
      List<Object[]> rows = new ArrayList<>(Math.min(chunkSize, 4096));
      Object[] row;
      while (rows.size() < chunkSize && (row = nextRow()) != null) {
        rows.add(row);
      }
      if (rows.size() < chunkSize) {
        end();
      }
      if (rows.isEmpty()) {
        return null;
      }
      return new Chunk(rows, plan.keyed() ? keyOf(rows.get(rows.size() - 1)) : null);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The next row after the checkpoint, in plan column order; null at the end. */
  private Object[] nextRow() throws IOException {
    while (true) {
      Object[] stored = reader.next();
      if (stored == null) {
        return null;
      }
      Object[] row = new Object[fromFile.length];
      for (int i = 0; i < row.length; i++) {
        row[i] = stored[fromFile[i]];
      }
      if (afterKey == null) {
        return row;
      }
      if (sameKey(keyOf(row), afterKey)) {
        afterKey = null;
      }
    }
  }

  private void end() {
    exhausted = true;
    if (afterKey != null) {
      throw new FerryException(ErrorCode.INPUT, "table " + entry.table() + ": the checkpoint key "
          + Arrays.deepToString(afterKey) + " is not in " + file + ". The bundle is not the one"
          + " the run started from; start the import afresh.");
    }
    if (reader.rows() != entry.rows()) {
      throw BundleSource.damaged(file, entry, "it holds " + reader.rows()
          + " rows, the manifest says " + entry.rows());
    }
  }

  private Object[] keyOf(Object[] row) {
    Object[] key = new Object[keyPositions.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = row[keyPositions[i]];
    }
    return key;
  }

  /**
   * Key equality across the types a checkpoint may come back as: numbers by value (a key kept as
   * JSON may return as another integer type), bytes by content, text against its parsed form.
   */
  static boolean sameKey(Object[] a, Object[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!sameValue(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameValue(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.equals(b)) {
      return true;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (exact(a) && exact(b)) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    return (a instanceof String || b instanceof String) && a.toString().equals(b.toString());
  }

  private static boolean exact(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal;
  }

  private FerryException unreadable(IOException e) {
    return new FerryException(ErrorCode.INPUT, "cannot read data file " + file + " of table "
        + entry.table() + ": " + FileFailure.reason(e) + ". Restore the file from a copy of the bundle"
        + " or export it again; `ferry verify --bundle` lists every problem.", e);
  }

  @Override
  public void close() {
    exhausted = true;
    try {
      reader.close();
    } catch (IOException e) {
      // read-only: nothing to lose
    }
  }
}
