package dev.ferry.schema;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The policy matrix of {@code ferry schema --tighten}: for each mode and each class of evidence,
 * what happens to a candidate NOT NULL, UNIQUE or FOREIGN KEY. It is data, one table, the same
 * as the one in docs/schema.md; {@link #classify} turns counts into a class, {@link #decide}
 * looks the cell up. Nothing else decides.
 */
final class TighteningPolicy {

  /** The modes, from the loosest to the strictest. */
  enum Mode {
    CAUTIOUS("cautious"), EVIDENCE_GATED("evidence-gated"), AGGRESSIVE("aggressive");

    final String label;

    Mode(String label) {
      this.label = label;
    }

    /**
     * The mode of that name.
     *
     * @throws FerryException {@link ErrorCode#USAGE} for another name
     */
    static Mode of(String name) {
      for (Mode m : values()) {
        if (m.label.equals(name == null ? "" : name.toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new FerryException(ErrorCode.USAGE, "--tighten must be cautious, evidence-gated or"
          + " aggressive, not '" + name + "'");
    }
  }

  /** What the data says about a candidate, from the weakest case for adding it to the strongest. */
  enum Evidence {
    /** More rows break it than a remediation can list, or more than 1 row in 100. */
    REFUTED("refuted"),
    /** A few rows break it (at most {@link #FEW_VIOLATIONS}, and at most 1 row in 100). */
    FEW_VIOLATIONS("few violations"),
    /** The table is empty: nothing to prove it with. */
    NO_ROWS("no rows"),
    /** No row breaks it, but the table holds fewer rows than the minimum. */
    PROVEN_FEW_ROWS("proven on few rows"),
    /** No row breaks it, in at least the minimum of rows. */
    PROVEN("proven"),
    /** The source declares it. */
    DECLARED("declared");

    final String label;

    Evidence(String label) {
      this.label = label;
    }
  }

  /** What happens to a candidate. */
  enum Outcome {
    KEEP("keep", true), ADD("add", true), SKIP("skip", false),
    REMEDIATE("remediation needed", false);

    final String label;
    final boolean creates;

    Outcome(String label, boolean creates) {
      this.label = label;
      this.creates = creates;
    }
  }

  /** One cell: the outcome and the reason written beside it. */
  record Cell(Outcome outcome, String rationale) {}

  /** The most violations a remediation lists in full; more refute the candidate. */
  static final int FEW_VIOLATIONS = 10;

  private static final String CAUTIOUS = "cautious adds nothing the source does not declare";
  private static final String NO_ROWS = "the table is empty: no data proves it";

  /** The matrix: rows are evidence, columns are modes (cautious, evidence-gated, aggressive). */
  static final Map<Evidence, List<Cell>> MATRIX = new EnumMap<>(Map.of(
      Evidence.DECLARED, List.of(
          cell(Outcome.KEEP, "the source declares it"),
          cell(Outcome.KEEP, "the source declares it"),
          cell(Outcome.KEEP, "the source declares it")),
      Evidence.PROVEN, List.of(
          cell(Outcome.SKIP, CAUTIOUS),
          cell(Outcome.ADD, "no row breaks it, and the table holds at least the minimum of rows"),
          cell(Outcome.ADD, "no row breaks it")),
      Evidence.PROVEN_FEW_ROWS, List.of(
          cell(Outcome.SKIP, CAUTIOUS),
          cell(Outcome.SKIP, "no row breaks it, but the table holds fewer rows than the minimum"
              + " evidence-gated needs"),
          cell(Outcome.ADD, "no row breaks it")),
      Evidence.NO_ROWS, List.of(
          cell(Outcome.SKIP, CAUTIOUS),
          cell(Outcome.SKIP, NO_ROWS),
          cell(Outcome.SKIP, NO_ROWS)),
      Evidence.FEW_VIOLATIONS, List.of(
          cell(Outcome.SKIP, CAUTIOUS),
          cell(Outcome.REMEDIATE, "a few rows break it: fix them and it holds"),
          cell(Outcome.REMEDIATE, "a few rows break it: fix them and it holds")),
      Evidence.REFUTED, List.of(
          cell(Outcome.SKIP, "the data breaks it"),
          cell(Outcome.SKIP, "the data breaks it"),
          cell(Outcome.SKIP, "the data breaks it"))));

  private TighteningPolicy() {}

  /**
   * The class of evidence.
   *
   * @param declared whether the source declares the constraint
   * @param rows the rows of the table that would hold it
   * @param violations the rows that break it (NULLs, repeated values, orphans), counted exactly
   * @param minRows the fewest rows that are evidence
   */
  static Evidence classify(boolean declared, long rows, long violations, long minRows) {
    if (declared) {
      return Evidence.DECLARED;
    }
    if (violations > 0) {
      return violations <= FEW_VIOLATIONS && violations * 100 <= rows
          ? Evidence.FEW_VIOLATIONS : Evidence.REFUTED;
    }
    if (rows == 0) {
      return Evidence.NO_ROWS;
    }
    return rows < minRows ? Evidence.PROVEN_FEW_ROWS : Evidence.PROVEN;
  }

  /** The matrix's cell. */
  static Cell decide(Mode mode, Evidence evidence) {
    return MATRIX.get(evidence).get(mode.ordinal());
  }

  private static Cell cell(Outcome outcome, String rationale) {
    return new Cell(outcome, rationale);
  }
}
