package dev.ferry.copy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.RowDigest;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.TablePlan;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads (and transforms) the next chunk of a table on its own thread while the caller writes the
 * previous one, so that the source database, the target database and ferry work at the same
 * time instead of in turn. At most two chunks wait besides the one being written: the one queued
 * and the one being read. Errors of the reading thread surface, unchanged, from {@link #next}.
 */
public final class ReadAhead implements ChunkCursor {

  /** What the reading thread hands over: a chunk, the end, or a failure. */
  private record Item(Chunk chunk, RuntimeException failure) {}

  private static final Item END = new Item(null, null);

  private final ChunkCursor cursor;
  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(1);
  private final Thread reader;
  private volatile boolean closed;
  private boolean ended;

  /**
   * @param cursor the table's cursor; from now on only the reading thread uses it
   * @param transformer applied to every row on the reading thread
   */
  ReadAhead(ChunkCursor cursor, TablePlan table, RowTransformer transformer) {
    this.cursor = cursor;
    this.reader = new Thread(() -> read(table, transformer), "ferry-read-" + table.unit());
    reader.setDaemon(true);
    reader.start();
  }

  private void read(TablePlan table, RowTransformer transformer) {
    Item last = END;
    try {
      for (Chunk read = cursor.next(); read != null && !closed; read = cursor.next()) {
        // digested as read, before the transformer rewrites values: a resume re-reads the
        // source and compares (ResumeCheck)
        Chunk chunk = new Chunk(read.rows(), read.lastKey(), RowDigest.of(read.rows()));
        for (int i = 0; i < chunk.rows().size(); i++) {
          chunk.rows().set(i, transformer.transform(table, chunk.rows().get(i)));
        }
        dev.ferry.rows.AfterMerge after = transformer.chunkTransformed(table, chunk.rows());
        // a row whose file costs it (files: on-mismatch: skip-row) is left out; the checkpoint
        // still passes its key
        chunk = new Chunk(chunk.rows().contains(null) ? new java.util.ArrayList<>(chunk.rows()
            .stream().filter(java.util.Objects::nonNull).toList()) : chunk.rows(),
            chunk.lastKey(), chunk.digest(), after);
        if (!offer(new Item(chunk, null))) {
          return;
        }
      }
    } catch (RuntimeException e) {
      last = new Item(null, e);
    } catch (Error e) {
      last = new Item(null, new FerryException(ErrorCode.UNEXPECTED, "reading "
          + table.unit() + " failed: " + e, e));
    }
    offer(last);
  }

  /** Waits for room in the queue; false when the caller closed the cursor meanwhile. */
  private boolean offer(Item item) {
    try {
      while (!closed) {
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public Chunk next() {
    if (ended) {
      return null;
    }
    Item item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNEXPECTED, "interrupted while reading", e);
    }
    if (item.failure() != null) {
      ended = true;
      throw item.failure();
    }
    if (item.chunk() == null) {
      ended = true;
    }
    return item.chunk();
  }

  @Override
  public void close() {
    closed = true;
    queue.clear();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cursor.close();
  }
}
