package dev.ferry.verify;

import dev.ferry.api.MergeMode;
import dev.ferry.api.VerificationReport.Difference;
import dev.ferry.api.VerificationReport.Differences;
import dev.ferry.api.VerificationReport.MergePromise;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Holds a merged table to what its merge mode promises (docs/verification.md, "Merged tables"),
 * row by row: every differing key range is read back from both sides, a group of ranges at a
 * time (at most {@code --batch-size} rows a side in memory), and each row that differs judged.
 * A source row the target lacks always fails (every mode inserts it); a target row the source
 * lacks is accepted (no mode writes it); a row whose values differ is accepted only where the
 * mode kept the target's row: under {@code newer-wins} when the target's version is newer or as
 * new, under {@code skip} when the audit recorded the target row the run kept with exactly this
 * fingerprint. Every kept row the audit records must be found so, or it fails too.
 */
final class PromiseCheck {

  static final String KEPT_NEWER = "kept target (newer)";
  static final String KEPT_TIE = "kept target (tie, recorded as a conflict)";
  static final String KEPT_SKIP = "kept target (skip, unchanged since the run)";
  static final String TARGET_ONLY = "target only (not written by the run)";

  private final ComparedTable table;
  private final MergePromises.Promise promise;
  private final KeptRows audit;
  private final int maxDiffs;
  private final int version;
  private final Map<String, Long> accepted = new LinkedHashMap<>();
  private final List<Difference> failed = new ArrayList<>();
  private long failures;
  private long changedOrMissing;
  private long fetched;
  /** Keys (as the audit prints them) of the changed rows failed under skip, for the audit's. */
  private final java.util.Set<String> listedKeys = new java.util.HashSet<>();
  private static final int LISTED_KEYS = 10_000;

  private PromiseCheck(ComparedTable table, MergePromises.Promise promise, KeptRows audit,
      int maxDiffs) {
    this.table = table;
    this.promise = promise;
    this.audit = audit;
    this.maxDiffs = maxDiffs;
    this.version = promise.newerBy() == null ? -1 : indexOf(table.names(), promise.newerBy());
  }

  /**
   * What the promise accepted, and the differences it does not (null when none).
   *
   * @param merge the promise and what it accepted
   * @param differences the rows that break it; null when none does
   */
  record Result(MergePromise merge, Differences differences) {}

  /** Judges the table, whose digests are {@code s} and {@code t}. */
  static Result check(ComparedTable table, MergePromises.Promise promise, KeptRows audit,
      TableSide source, TableSide target, TableDigest s, TableDigest t, int maxDiffs,
      int batchSize, ExecutorService pool) {
    PromiseCheck check = new PromiseCheck(table, promise, audit, maxDiffs);
    Bisection.Result narrowed = s.rows == t.rows && s.checksum == t.checksum
        ? new Bisection.Result(new BitSet(), 0, 1) : Bisection.compare(s, t, Bisection.BUCKETS);
    BitSet group = new BitSet(Bisection.BUCKETS);
    long rows = 0;
    BitSet all = narrowed.differing();
    for (int i = all.nextSetBit(0); i >= 0; i = all.nextSetBit(i + 1)) {
      long here = Math.max(s.ranges[2 * i], t.ranges[2 * i]);
      if (!group.isEmpty() && rows + here > batchSize) {
        check.judge(source, target, group, pool);
        group.clear();
        rows = 0;
      }
      group.set(i);
      rows += here;
    }
    if (!group.isEmpty()) {
      check.judge(source, target, group, pool);
    }
    if (promise.mode() == MergeMode.SKIP && audit != null) {
      check.lost();
    }
    check.failed.sort(RowDiff.ORDER);
    Differences differences = check.failures == 0 ? null : new Differences(Bisection.BUCKETS,
        narrowed.rangesCompared(), narrowed.differingTotal(), check.fetched,
        check.failed.subList(0, Math.min(maxDiffs, check.failed.size())),
        check.failures > maxDiffs);
    return new Result(new MergePromise(promise.mode().label(), promise(promise),
        check.accepted, s.rows - check.changedOrMissing), differences);
  }

  /** The promise in words, as the report gives it. */
  static String promise(MergePromises.Promise p) {
    String rest = "; target rows the source lacks are left alone";
    return switch (p.mode()) {
      case SKIP -> "every source row is in the target, equal, or, where the run kept the"
          + " target's row, that row exactly as the run left it (fingerprint in the audit)" + rest;
      case NEWER_WINS -> "every source row is in the target, equal, or with a version ("
          + p.newerBy() + ") newer than the source's or as new (a tie keeps the target's row)"
          + rest;
      default -> "every source row is in the target and equal on every carried column" + rest;
    };
  }

  /** Reads back one group of differing ranges and judges its rows. */
  private void judge(TableSide source, TableSide target, BitSet ranges, ExecutorService pool) {
    List<List<LeafRow>> both = TableComparison.both(pool, () -> source.rows(ranges),
        () -> target.rows(ranges));
    fetched += both.get(0).size() + both.get(1).size();
    Map<Long, LeafRow> targetRows = new HashMap<>();
    both.get(1).forEach(r -> targetRows.put(r.keyHash(), r));
    Map<String, Difference> pending = new HashMap<>();
    for (LeafRow s : both.get(0)) {
      LeafRow t = targetRows.remove(s.keyHash());
      if (t != null && t.rowHash() == s.rowHash()) {
        continue;
      }
      changedOrMissing++;
      if (t == null) {
        fail(new Difference(RowDiff.MISSING, RowDiff.keyOf(s, table.key()), null, null,
            "the target has no row with this key: every merge mode inserts it"));
        continue;
      }
      Difference changed = RowDiff.changed(s, t, table.names(), table.key());
      switch (promise.mode()) {
        case NEWER_WINS -> newer(s, t, changed);
        case SKIP -> pending.put(t.fingerprint(), changed);
        default -> fail(with(changed, "merge " + promise.mode().label() + " leaves no target"
            + " row other than the source's"));
      }
    }
    if (!targetRows.isEmpty()) {
      accept(TARGET_ONLY, targetRows.size());
    }
    if (!pending.isEmpty()) {
      java.util.Set<String> kept = audit == null ? java.util.Set.of()
          : audit.kept(table.target().name().qualified(), pending.keySet());
      pending.forEach((fingerprint, d) -> {
        if (kept.contains(fingerprint)) {
          accept(KEPT_SKIP, 1);
        } else {
          fail(with(d, "the run did not keep this target row: it is neither the source's nor"
              + " a row the audit recorded as kept (changed since the run?)"));
          if (listedKeys.size() < LISTED_KEYS) {
            listedKeys.add(d.key().size() == 1 ? d.key().get(0) : d.key().toString());
          }
        }
      });
    }
  }

  /** Under {@code newer-wins}: the target's row stands where its version is newer or as new. */
  private void newer(LeafRow s, LeafRow t, Difference changed) {
    int order = VersionOrder.compare(s.display()[version], t.display()[version],
        table.kinds().get(version));
    if (order < 0) {
      accept(KEPT_NEWER, 1);
    } else if (order == 0) {
      accept(KEPT_TIE, 1);
    } else {
      fail(with(changed, "the target's row differs and its version (" + promise.newerBy()
          + " " + t.display()[version] + ") is older than the source's ("
          + s.display()[version] + "): newer-wins would have written the source's"));
    }
  }

  /** Under {@code skip}: kept rows of the audit that were not found as the run left them. */
  private void lost() {
    KeptRows.Lost lost = audit.lost(table.target().name().qualified(), maxDiffs);
    for (String key : lost.keys()) {
      // a kept row changed to other values is listed already, as changed
      if (!listedKeys.contains(key)) {
        fail(new Difference("kept-altered", List.of(key), null, null, "the run kept the"
            + " target's row with this key (audit), but the target no longer holds it as the"
            + " run left it"));
      }
    }
    // beyond those listed, only that there are more matters
    failures += lost.count() - lost.keys().size();
  }

  private void accept(String why, long rows) {
    accepted.merge(why, rows, Long::sum);
  }

  private void fail(Difference d) {
    failures++;
    failed.add(d);
    if (failed.size() > 2 * maxDiffs) {
      failed.sort(RowDiff.ORDER);
      failed.subList(maxDiffs, failed.size()).clear();
    }
  }

  private static Difference with(Difference d, String reason) {
    return new Difference(d.kind(), d.key(), d.rows(), d.columns(), reason);
  }

  private static int indexOf(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }
}
