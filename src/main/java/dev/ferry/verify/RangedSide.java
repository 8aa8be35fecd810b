package dev.ferry.verify;

import dev.ferry.api.Endpoint;
import dev.ferry.api.VerifyRequest;
import dev.ferry.catalog.Column;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.error.FerryException;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.KeyRange;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One side of a large table hashed as key ranges, {@code parallel} at once, each range streamed
 * on a connection of its own and its digest added to the table's as it completes: the sum of
 * the ranges' digests is exactly the digest of one pass over the table ({@link
 * TableDigest#add}). Differing rows are read back in one pass over the table, as for a table
 * hashed whole. Memory: one 1 MiB digest per range in flight and the table's own.
 */
final class RangedSide implements TableSide {

  private final SourceReader reader;
  private final Side side;
  private final List<KeyRange> ranges;
  private final int batchSize;
  private final int parallel;

  RangedSide(SourceReader reader, Side side, List<KeyRange> ranges, int batchSize, int parallel) {
    this.reader = reader;
    this.side = side;
    this.ranges = List.copyOf(ranges);
    this.batchSize = batchSize;
    this.parallel = parallel;
  }

  /**
   * The key ranges a table is hashed as, cut as {@code copy} cuts them (from the source's
   * estimate and its smallest and largest key, no count); empty when it is hashed whole: below
   * {@code --split-rows}, one connection a side, a key that is not one integer column on both
   * sides, a side that rewrites values, or an endpoint that is no database.
   */
  static List<KeyRange> split(ComparedTable table, SourceReader source, VerifyRequest request) {
    if (!request.streaming() || request.splitRows() <= 0 || request.parallel() < 2
        || !(request.from() instanceof Endpoint.Database)
        || !(request.to() instanceof Endpoint.Database) || !table.keyed() || table.key().length != 1
        || rewrites(table.sourceSide()) || rewrites(table.targetSide())
        || ValueKind.of(keyColumn(table.targetSide())) != ValueKind.INTEGER) {
      return List.of();
    }
    TablePlan plan = plan(table.sourceSide());
    if (plan.columns().get(0).kind() != ValueKind.INTEGER) {
      return List.of();
    }
    long estimate = source.estimateRows(plan);
    if (estimate < request.splitRows()) {
      return List.of();
    }
    long[] ends = source.keyBounds(plan);
    List<KeyRange> ranges = ends == null ? List.of()
        : KeyRange.split(ends[0], ends[1], KeyRange.count(estimate, request.splitRows(),
            request.parallel()));
    return ranges.size() > 1 ? ranges : List.of();
  }

  /** The digest of one side's rows in {@code range} (every row for a range of one). */
  static TableDigest digest(SourceReader reader, Side side, KeyRange range, int batchSize) {
    return new StreamingSide(reader, within(side, range), batchSize, 0, false).digest();
  }

  /**
   * The side reading only the rows of {@code range}: its key compared with the bounds, which
   * are integers written as such (never text from outside); a NULL key (which only a key SQLite
   * let through can hold) falls in the first range, so that the ranges hold every row once.
   */
  static Side within(Side side, KeyRange range) {
    if (range.count() == 1) {
      return side;
    }
    Column key = keyColumn(side);
    Dialect dialect = Dialects.byId(side.engine());
    String k = dialect.quote(key.name());
    List<String> terms = new ArrayList<>();
    if (range.lower() != null) {
      terms.add(k + " > " + range.lower());
    }
    if (range.upper() != null) {
      terms.add(k + " <= " + range.upper());
    }
    String condition = String.join(" AND ", terms);
    if (range.lower() == null && key.nullable()) {
      condition = k + " IS NULL OR " + condition;
    }
    return side.withRowFilter(side.rowFilter() == null ? condition
        : "(" + side.rowFilter() + ") AND (" + condition + ")");
  }

  private static Column keyColumn(Side side) {
    return side.columns().get(side.key()[0]);
  }

  private static boolean rewrites(Side side) {
    return side.rewrites() != null && side.rewrites().stream().anyMatch(r -> r != null);
  }

  /** The key column alone, as the reader's estimate and key bounds take a table. */
  private static TablePlan plan(Side side) {
    Column key = keyColumn(side);
    ValueKind kind = side.encodings().get(side.key()[0]).kind();
    return new TablePlan(side.table(), side.table(), List.of(new CopyColumn(key.name(),
        key.name(), kind, key.nullable())), List.of(key.name()), Set.of(), side.ownRowsOnly(),
        List.of(), null);
  }

  @Override
  public String method() {
    return StreamingSide.METHOD;
  }

  @Override
  public TableDigest digest() {
    TableDigest total = null;
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, ranges.size()), r -> {
      Thread t = new Thread(r, "ferry-verify-range");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<TableDigest>> parts = new ArrayList<>();
      TableDigest[] sum = {null};
      for (KeyRange range : ranges) {
        parts.add(pool.submit(() -> {
          TableDigest part = digest(reader, side, range, batchSize);
          synchronized (sum) {
            if (sum[0] == null) {
              sum[0] = part;
            } else {
              sum[0].add(part);
            }
          }
          return null;
        }));
      }
      for (Future<TableDigest> part : parts) {
        part.get();
      }
      total = sum[0];
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing " + side.table(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FerryException fe) {
        throw fe;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return total;
  }

  @Override
  public List<LeafRow> rows(BitSet differing) {
    return new StreamingSide(reader, side, batchSize, 0, false).rows(differing);
  }
}
