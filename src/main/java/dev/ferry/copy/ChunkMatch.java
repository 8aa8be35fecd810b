package dev.ferry.copy;

import dev.ferry.api.RowFate;
import dev.ferry.api.MergeMode;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs a chunk's rows of a table under {@code keys: match} with the target's rows of the same
 * natural key (docs/merge.md, "match"): a row the id map does not know yet is looked up by its
 * natural key; found, it takes the target row's key and is merged into it by the table's merge
 * mode, and the pair goes into the map with the chunk. A second source row of the same natural
 * key, or a target row the map already pairs with another source row, is a conflict.
 */
final class ChunkMatch {

  /** Reasons of conflicts, as the report's vocabulary words them. */
  static final String DUPLICATE_NATURAL_KEY = "duplicate natural key";
  static final String DUPLICATE_TARGET = "duplicate target";

  /**
   * What pairing a chunk came to.
   *
   * @param pairs (source key, target key) texts of the rows paired now
   * @param conflicted rows left out: neither written nor mapped
   * @param conflictKeys their source keys with the reason, for messages
   * @param reasons the reason of each conflicted row, in its order
   */
  record Result(List<String[]> pairs, List<Object[]> conflicted, List<String> conflictKeys,
      List<RowFate.Reason> reasons) {

    static final Result NONE = new Result(List.of(), List.of(), List.of(), List.of());

    long conflicts() {
      return conflicted.size();
    }

    /** The rows without the conflicting ones. */
    List<Object[]> without(List<Object[]> rows) {
      if (conflicted.isEmpty()) {
        return rows;
      }
      Set<Object[]> out = Collections.newSetFromMap(new IdentityHashMap<>());
      out.addAll(conflicted);
      return rows.stream().filter(r -> !out.contains(r)).toList();
    }

    /** Under {@code fail}, a conflict refuses the chunk (rolled back) and the run. */
    void refuseUnderFail(TablePlan t, MergeMode mode) {
      if (mode == MergeMode.FAIL && !conflicted.isEmpty()) {
        throw new FerryException(ErrorCode.REFUSED, "keys match for " + t.target() + ": "
            + conflicted.size() + (conflicted.size() == 1 ? " source row" : " source rows")
            + " cannot be paired with a target row of its own, e.g. key "
            + String.join("; ", conflictKeys.subList(0, Math.min(5, conflictKeys.size())))
            + ". Nothing of this chunk was written. Make the natural key unique in the source,"
            + " or merge the table with skip, update or replace to count such rows as"
            + " conflicts and leave them out.");
      }
    }
  }

  private final RemapPlan.Remapped own;
  private final IdMap map;

  ChunkMatch(RemapPlan.Remapped own, IdMap map) {
    this.own = own;
    this.map = map;
  }

  /**
   * Pairs the rows the map does not know ({@code fresh}) by natural key: the paired ones move to
   * {@code mapped} with the target's key, the conflicting ones leave {@code fresh}, the rest stay
   * (they are inserted with a key the target generates). Writes nothing: the caller records
   * the pairs with the chunk (a dry run does not).
   */
  Result pair(Connection c, List<Object[]> mapped, List<Object[]> fresh) throws SQLException {
    if (fresh.isEmpty()) {
      return Result.NONE;
    }
    NaturalKeys natural = own.natural();
    int key = own.keyPosition();
    Map<String, Object> targets = natural.find(c, fresh, own.generator().keyKind());
    Set<String> targetKeys = new LinkedHashSet<>();
    targets.values().stream().filter(v -> v != NaturalKeys.AMBIGUOUS)
        .forEach(v -> targetKeys.add(text(v)));
    Map<String, String> taken = map.sourcesOf(c, own.mapName(), targetKeys);
    Set<String> seen = new HashSet<>();
    List<Object[]> unmatched = new ArrayList<>();
    List<String[]> pairs = new ArrayList<>();
    List<Object[]> conflicted = new ArrayList<>();
    List<String> conflictKeys = new ArrayList<>();
    List<RowFate.Reason> reasons = new ArrayList<>();
    for (Object[] row : fresh) {
      String source = text(row[key]);
      String nk = natural.of(row);
      Object target = nk == null ? null : targets.get(nk);
      String reason = null;
      if (nk != null && !seen.add(nk)) {
        reason = DUPLICATE_NATURAL_KEY;
      } else if (target == NaturalKeys.AMBIGUOUS) {
        reason = DUPLICATE_NATURAL_KEY + " in the target";
      } else if (target != null && taken.containsKey(text(target))) {
        reason = DUPLICATE_TARGET + " (its target row is paired with source key "
            + taken.get(text(target)) + ")";
      }
      if (reason != null) {
        conflicted.add(row);
        reasons.add(reason.startsWith(DUPLICATE_TARGET) ? RowFate.Reason.DUPLICATE_TARGET
            : RowFate.Reason.DUPLICATE_NATURAL_KEY);
        conflictKeys.add(source + " (" + reason + ")");
      } else if (target == null) {
        unmatched.add(row);
      } else {
        pairs.add(new String[] {source, text(target)});
        row[key] = target;
        mapped.add(row);
      }
    }
    fresh.clear();
    fresh.addAll(unmatched);
    return new Result(pairs, conflicted, conflictKeys, reasons);
  }

  private static String text(Object value) {
    return KeyCodec.encode(new Object[] {value});
  }
}
