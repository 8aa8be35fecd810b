package dev.ferry.verify;

import dev.ferry.api.UnitDigest;
import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerifyRequest;
import dev.ferry.api.VerifyUnit;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.jdbc.Sources;
import dev.ferry.rows.KeyRange;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.ZeroDates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code ferry verify} cut into units that another runner (a Spark job) can digest where it
 * likes and hand back, for a report equal to the one {@code ferry verify} writes with the same
 * request (everything but {@code timing}):
 *
 * <ol>
 *   <li>{@link #plan}: the units, on the driver: each compared table whole, or as the key ranges
 *       {@code ferry verify} hashes it as (a table of at least {@link VerifyRequest#splitRows}
 *       rows by the source's estimate, keyed by one integer column, cut from its smallest and
 *       largest key as {@code copy} cuts it);
 *   <li>{@link #digest}: one unit's two sides, anywhere (a task): a {@link UnitDigest} of about 2
 *       MiB, which is {@link java.io.Serializable}, as are the request and the unit;
 *   <li>{@link #report}: on the driver, every unit's digest: each table's added up (exactly the
 *       digest of one pass, since every figure is a count or a sum), compared, differing rows
 *       located by reading them back from both sides, references checked, and {@code
 *       verification.json} and {@code report.html} written as {@code ferry verify} writes them.
 * </ol>
 *
 * <p>Only a plain comparison goes through units: both endpoints databases, streamed (not {@code
 * --in-database}), without a user map, ferry's id map in the target, row filters, merges or
 * files. Any other request is refused ({@code USAGE}, exit 2) by each of the three methods, so a
 * runner never returns an answer that differs from {@code ferry verify}'s. The units of a table
 * are read in separate transactions: as for {@code ferry verify}, neither side may change while
 * they run. The report's {@code timing} is the driver's (adding up, locating, references); each
 * {@link UnitDigest#seconds} is the runner's to report.
 */
public final class VerifyUnits {

  private VerifyUnits() {}

  /**
   * The units to digest, sorted by table and range.
   *
   * @throws FerryException {@code USAGE} for a request units cannot serve; {@code CONNECTION} or
   *     {@code INPUT} when an endpoint cannot be read
   */
  public static List<VerifyUnit> plan(VerifyRequest request) {
    List<VerifyUnit> units = new ArrayList<>();
    try (Opened o = open(request)) {
      for (ComparedTable table : o.tables()) {
        String name = table.source().name().qualified();
        List<KeyRange> ranges = RangedSide.split(table, o.source(), request);
        if (ranges.isEmpty()) {
          units.add(VerifyUnit.whole(name));
        }
        String key = ranges.isEmpty() ? null : table.keyNames().get(0);
        for (KeyRange r : ranges) {
          units.add(new VerifyUnit(name, key, r.index(), r.count(), r.lower(), r.upper()));
        }
      }
    }
    return units;
  }

  /**
   * Digests one unit: its rows on both sides, at once, one connection each. Each call reads both
   * catalogs again (to line the table up as {@code ferry verify} does): a few queries, small
   * beside a range of a large table.
   *
   * @throws FerryException {@code USAGE} for a request units cannot serve; {@code INPUT} when the
   *     unit's table is not compared (any more) or is keyed otherwise than when it was planned
   */
  public static UnitDigest digest(VerifyRequest request, VerifyUnit unit) {
    long started = System.nanoTime();
    try (Opened o = open(request)) {
      ComparedTable table = o.tables().stream()
          .filter(t -> t.source().name().qualified().equals(unit.table())).findFirst()
          .orElseThrow(() -> new FerryException(ErrorCode.INPUT, "unit " + unit + ": "
              + unit.table() + " is not among the tables this request compares; plan again"));
      if (unit.ranged() && (!table.keyed() || table.key().length != 1
          || !table.keyNames().get(0).equals(unit.key()))) {
        throw new FerryException(ErrorCode.INPUT, "unit " + unit + ": " + unit.table()
            + " is no longer keyed by " + unit.key() + " alone; plan again");
      }
      KeyRange range = new KeyRange(unit.index(), unit.count(), unit.lower(), unit.upper());
      CompletableFuture<TableDigest> source = CompletableFuture.supplyAsync(() ->
          RangedSide.digest(o.source(), table.sourceSide(), range, request.batchSize()));
      TableDigest target;
      try {
        target = RangedSide.digest(o.target(), table.targetSide(), range, request.batchSize());
      } catch (RuntimeException e) {
        source.cancel(true);
        throw e;
      }
      TableDigest s;
      try {
        s = source.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
      return new UnitDigest(unit, side(s), side(target), (System.nanoTime() - started) / 1e9);
    }
  }

  /**
   * Adds up each table's unit digests, compares, locates the differing rows (read back from both
   * sides here), checks references, and writes the report to the request's out directory as
   * {@code ferry verify} does.
   *
   * @param digests every unit's digest, in any order, each unit once
   * @throws FerryException {@code USAGE} for a request units cannot serve; {@code INPUT} when a
   *     table's units are missing, repeated or do not fit together, a compared table has no
   *     digest, or a digest names a table not compared; {@code USAGE} when a digest's columns
   *     are not the table's (nothing is written then)
   */
  public static VerificationReport report(VerifyRequest request, List<UnitDigest> digests) {
    refuseUnlessPlain(request);
    Map<String, List<UnitDigest>> byTable = new TreeMap<>();
    for (UnitDigest d : digests) {
      byTable.computeIfAbsent(d.unit().table(), t -> new ArrayList<>()).add(d);
    }
    Map<String, TableDigest[]> tables = new TreeMap<>();
    byTable.forEach((table, parts) -> tables.put(table, added(table, parts)));
    return Verifier.verify(request, tables);
  }

  /** A table's units added up, after checking that they cover it once: one, or every range. */
  private static TableDigest[] added(String table, List<UnitDigest> parts) {
    parts.sort(Comparator.comparingInt(d -> d.unit().index()));
    int count = parts.get(0).unit().count();
    boolean fits = parts.size() == count;
    for (int i = 0; fits && i < parts.size(); i++) {
      VerifyUnit u = parts.get(i).unit();
      fits = u.count() == count && u.index() == i + 1 && java.util.Objects.equals(u.key(),
          parts.get(0).unit().key()) && (i == 0 || java.util.Objects.equals(u.lower(),
              parts.get(i - 1).unit().upper()));
    }
    if (!fits) {
      throw new FerryException(ErrorCode.INPUT, "the digests of " + table + " do not cover it"
          + " once: " + parts.stream().map(d -> d.unit().toString()).toList() + ". Hand in the"
          + " digest of every unit its plan gave, each once.");
    }
    TableDigest source = null;
    TableDigest target = null;
    for (UnitDigest d : parts) {
      source = add(source, d.source(), d.unit());
      target = add(target, d.target(), d.unit());
    }
    return new TableDigest[] {source, target};
  }

  private static TableDigest add(TableDigest sum, UnitDigest.Side side, VerifyUnit unit) {
    TableDigest d = digest(side, unit);
    if (sum == null) {
      return d;
    }
    if (sum.columns.length != d.columns.length) {
      throw new FerryException(ErrorCode.INPUT, "the digests of " + unit.table() + " have "
          + sum.columns.length + " and " + d.columns.length + " columns: plan and digest again");
    }
    sum.add(d);
    return sum;
  }

  /** A unit side as the digest it was made from. */
  static TableDigest digest(UnitDigest.Side side, VerifyUnit unit) {
    if (side.ranges().length != 2 * Bisection.BUCKETS) {
      throw new FerryException(ErrorCode.INPUT, "the digest of " + unit + " has "
          + side.ranges().length + " key-hash range figures, not " + 2 * Bisection.BUCKETS);
    }
    ColumnDigest[] columns = new ColumnDigest[side.nulls().length];
    for (int i = 0; i < columns.length; i++) {
      // the kind orders min and max, which a verification does not keep
      columns[i] = ColumnDigest.of(null, side.nulls()[i], side.checksums()[i]);
    }
    TableDigest d = new TableDigest(columns);
    d.rows = side.rows();
    d.checksum = side.checksum();
    System.arraycopy(side.ranges(), 0, d.ranges, 0, d.ranges.length);
    return d;
  }

  /** A digest as a unit side. */
  static UnitDigest.Side side(TableDigest d) {
    long[] nulls = new long[d.columns.length];
    long[] checksums = new long[d.columns.length];
    for (int i = 0; i < nulls.length; i++) {
      nulls[i] = d.columns[i].nulls;
      checksums[i] = d.columns[i].checksum;
    }
    return new UnitDigest.Side(d.rows, d.checksum, d.ranges.clone(), nulls, checksums);
  }

  private static void refuseUnlessPlain(VerifyRequest request) {
    String refusal = request.unitsRefusal();
    if (refusal != null) {
      throw new FerryException(ErrorCode.USAGE, "this verification cannot be cut into units"
          + " for another runner: " + refusal + ". Run ferry verify itself for it.");
    }
  }

  /** Both endpoints open, read as {@code ferry verify} reads them, and the tables compared. */
  private static Opened open(VerifyRequest request) {
    refuseUnlessPlain(request);
    List<SourceReader> readers = Sources.openPair(request.from(), request.to(),
        request.schemas(), request.filter());
    SourceReader source = readers.get(0);
    SourceReader target = readers.get(1);
    try {
      Catalog sc = source.catalog();
      Catalog tc = target.catalog();
      source.nullZeroDates(ZeroDates.columns(request.casts(), sc));
      try (IdMapKeys idMap = IdMapKeys.open(request.to(), sc, request.tableMerges(),
          new ArrayList<>())) {
        if (idMap != null) {
          throw new FerryException(ErrorCode.USAGE, "this verification cannot be cut into"
              + " units for another runner: the target holds ferry's id map for "
              + String.join(", ", idMap.tables()) + ", whose keys are compared through it."
              + " Run ferry verify itself for it.");
        }
      }
      List<ComparedTable> tables = new ArrayList<>();
      for (Table st : sc.tables()) {
        Table tt = st.holdsOwnRows() ? TableMatch.match(tc, st.name()).orElse(null) : null;
        if (tt != null) {
          tables.add(ComparedTable.of(st, sc.engine(), tt, tc.engine(), Set.of(), null));
        }
      }
      return new Opened(source, target, tables);
    } catch (RuntimeException e) {
      source.close();
      target.close();
      throw e;
    }
  }

  private record Opened(SourceReader source, SourceReader target, List<ComparedTable> tables)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        source.close();
      } finally {
        target.close();
      }
    }
  }
}
