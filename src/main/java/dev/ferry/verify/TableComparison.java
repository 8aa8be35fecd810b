package dev.ferry.verify;

import dev.ferry.api.VerificationReport.ColumnResult;
import dev.ferry.api.VerificationReport.Counts;
import dev.ferry.api.VerificationReport.Difference;
import dev.ferry.api.VerificationReport.Differences;
import dev.ferry.api.VerificationReport.Pair;
import dev.ferry.api.VerificationReport.TableResult;
import dev.ferry.error.FerryException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Compares one table: both sides hashed at once (one thread each), then, only when the table
 * checksums differ, narrowed to the differing key ranges ({@link Bisection}) whose rows are read
 * back from both sides and compared ({@link RowDiff}).
 */
final class TableComparison {

  /**
   * One table's result and what it cost.
   *
   * @param result the comparison
   * @param rowsRead rows hashed on both sides
   * @param seconds wall time
   */
  record Outcome(TableResult result, long rowsRead, double seconds) {}

  /**
   * A merged table's promise and its evidence.
   *
   * @param audit the copy's audit; null when none was given (no table is merged with skip)
   * @param batchSize rows a side read back at a time
   */
  record Merged(MergePromises.Promise promise, KeptRows audit, int batchSize) {}

  private TableComparison() {}

  static Outcome run(ComparedTable table, TableSide source, TableSide target, int maxDiffs,
      ExecutorService pool) {
    return run(table, source, target, maxDiffs, pool, null);
  }

  /**
   * Compares a table, holding it to a merge's promise where {@code merge} is given (the rows are
   * then judged by {@link PromiseCheck} instead of listed as differences).
   */
  static Outcome run(ComparedTable table, TableSide source, TableSide target, int maxDiffs,
      ExecutorService pool, Merged merge) {
    long started = System.nanoTime();
    List<TableDigest> digests = both(pool, source::digest, target::digest);
    TableDigest s = digests.get(0);
    TableDigest t = digests.get(1);
    List<ColumnResult> columns = new ArrayList<>();
    boolean columnsPass = true;
    for (int i = 0; i < table.names().size(); i++) {
      ColumnDigest sc = s.columns[i];
      ColumnDigest tc = t.columns[i];
      boolean remapped = table.remapped().get(i);
      boolean pass = sc.nulls == tc.nulls && sc.checksum == tc.checksum && sc.unmapped == 0;
      columnsPass &= pass;
      columns.add(new ColumnResult(table.names().get(i), table.kinds().get(i).name(), remapped,
          new Counts(sc.nulls, tc.nulls), new Pair(Hashing.hex(sc.checksum),
              Hashing.hex(tc.checksum)), remapped ? sc.unmapped : null, pass));
    }
    boolean same = s.rows == t.rows && s.checksum == t.checksum;
    PromiseCheck.Result promised = merge == null ? null : PromiseCheck.check(table,
        merge.promise(), merge.audit(), source, target, s, t, maxDiffs, merge.batchSize(), pool);
    Differences differences = promised != null ? promised.differences()
        : same ? null : locate(table, source, target, s, t, maxDiffs, pool);
    String method = source.method().equals(target.method()) ? source.method()
        : source.method() + "/" + target.method();
    TableResult result = new TableResult(table.source().name().qualified(),
        table.target().name().qualified(), method, table.keyNames(), table.keyed(),
        new Counts(s.rows, t.rows), new Pair(Hashing.hex(s.checksum), Hashing.hex(t.checksum)),
        promised != null ? differences == null : same && columnsPass, columns, differences,
        promised == null ? null : promised.merge());
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Outcome(result, s.rows + t.rows, seconds);
  }

  private static Differences locate(ComparedTable table, TableSide source, TableSide target,
      TableDigest s, TableDigest t, int maxDiffs, ExecutorService pool) {
    Bisection.Result narrowed = Bisection.compare(s, t, maxDiffs);
    List<List<LeafRow>> rows = both(pool, () -> source.rows(narrowed.differing()),
        () -> target.rows(narrowed.differing()));
    List<Difference> all = RowDiff.compare(rows.get(0), rows.get(1), table.names(), table.key(),
        table.keyed());
    boolean more = all.size() > maxDiffs
        || narrowed.differingTotal() > narrowed.differing().cardinality();
    List<Difference> listed = all.size() > maxDiffs ? all.subList(0, maxDiffs) : all;
    return new Differences(Bisection.BUCKETS, narrowed.rangesCompared(),
        narrowed.differingTotal(), rows.get(0).size() + rows.get(1).size(), listed, more);
  }

  /** Runs both on the pool at once; a failure of either is rethrown as it was. */
  static <T> List<T> both(ExecutorService pool, Supplier<T> a, Supplier<T> b) {
    Future<T> fa = pool.submit(a::get);
    Future<T> fb = pool.submit(b::get);
    List<T> results = new ArrayList<>(2);
    try {
      results.add(fa.get());
      results.add(fb.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      fa.cancel(true);
      fb.cancel(true);
      if (e.getCause() instanceof FerryException fe) {
        throw fe;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
    return results;
  }
}
