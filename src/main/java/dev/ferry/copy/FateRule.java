package dev.ferry.copy;

import dev.ferry.api.MergeMode;
import dev.ferry.api.RowFate;
import dev.ferry.copy.MergeRows.Audited;

/**
 * The rule of each merge mode for a source row whose key the target holds with some value
 * differing (docs/merge.md): which side's row is kept, and with what fate and reason.
 */
final class FateRule {

  private static final int[] NONE = {};

  private FateRule() {}

  /**
   * @param differing the positions whose values differ (at least one)
   * @param compared every position an update may write ({@code replace} writes them all)
   * @param version the {@code newer-wins} version column's position; -1 for other modes
   */
  static Audited of(MergeMode mode, Object[] row, Object[] there, int[] differing,
      int[] compared, int version) {
    return switch (mode) {
      case NEWER_WINS -> newer(row, there, differing, version);
      case SKIP -> new Audited(row, RowFate.SKIPPED, RowFate.Reason.KEY_COLLISION, NONE, there);
      case FAIL -> new Audited(row, RowFate.CONFLICT, RowFate.Reason.KEY_COLLISION, differing,
          there);
      case REPLACE -> new Audited(row, RowFate.UPDATED, null, compared);
      case UPDATE -> new Audited(row, RowFate.UPDATED, null, differing);
    };
  }

  /**
   * Under {@code newer-wins}: the source's row where its version is newer, the target's where
   * its version is newer (skipped), a conflict where they are as new (a tie keeps the target's).
   */
  private static Audited newer(Object[] row, Object[] there, int[] differing, int version) {
    int order = Versions.compare(row[version], there[version]);
    if (order > 0) {
      return new Audited(row, RowFate.UPDATED, null, differing);
    }
    return order < 0
        ? new Audited(row, RowFate.SKIPPED, RowFate.Reason.NEWER_IN_TARGET, NONE, there)
        : new Audited(row, RowFate.CONFLICT, RowFate.Reason.TIE, differing, there);
  }
}
