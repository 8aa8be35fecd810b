package dev.ferry.schema;

import dev.ferry.catalog.Catalog;
import dev.ferry.schema.TighteningCandidates.Kind;
import dev.ferry.schema.TighteningDecisions.Decision;
import dev.ferry.schema.TighteningPolicy.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code schema-decisions.json}: every decision with its evidence and reason, and per schema the
 * roll-up a reader starts from: constraints added, constraints skipped and why, and the ones a
 * few rows block, with those rows' values and the SQL for them. No time, run id or URL: the same
 * source gives the same bytes.
 *
 * @param formatVersion 1
 * @param kind {@code schema-decisions}
 * @param mode the tightening mode
 * @param minRows the fewest rows that are evidence for {@code evidence-gated}
 * @param dialect the target dialect
 * @param sourceEngine the source's engine
 * @param catalogFingerprint the source catalog's fingerprint (as in {@code manifest.json})
 * @param schemas the roll-ups, by schema name
 * @param decisions every decision, by table, kind and column
 */
record TighteningReport(int formatVersion, String kind, String mode, long minRows,
    String dialect, String sourceEngine, String catalogFingerprint, List<Rollup> schemas,
    List<Entry> decisions) {

  /** The file's name in the schema directory. */
  static final String FILE = "schema-decisions.json";

  /**
   * One schema's summary.
   *
   * @param schema the source schema ({@code ""} where the engine has none)
   * @param added constraints added from evidence
   * @param skipped candidates left out
   * @param tightened each added constraint
   * @param skippedConstraints each candidate left out, with why
   * @param remediation each constraint a few rows block: how many, their values
   */
  record Rollup(String schema, int added, int skipped, List<String> tightened,
      List<String> skippedConstraints, List<String> remediation) {}

  /**
   * One decision.
   *
   * @param table the table (qualified)
   * @param constraint {@code not-null}, {@code unique} or {@code foreign-key}
   * @param column the column
   * @param references the referenced {@code table.column} of a foreign key, else null
   * @param origin why it was a candidate
   * @param rows rows of the table
   * @param violations rows that break it, counted exactly
   * @param nulls NULLs in the column (not counted for foreign keys)
   * @param evidence the class of evidence (the matrix's row)
   * @param outcome {@code add}, {@code skip} or {@code remediation needed}
   * @param rationale the matrix's reason
   * @param offendingValues the first repeated values or orphaned keys, as target literals
   * @param remediationSql the SQL for the offending rows, when remediation is needed
   */
  record Entry(String table, String constraint, String column, String references,
      String origin, long rows, long violations, Long nulls, String evidence, String outcome,
      String rationale, List<String> offendingValues, String remediationSql) {}

  static TighteningReport of(TighteningPolicy.Mode mode, long minRows, TargetDialect target,
      Catalog catalog, List<Decision> decisions) {
    Map<String, List<Decision>> bySchema = new TreeMap<>();
    decisions.forEach(d -> bySchema.computeIfAbsent(d.candidate().table().schema() == null ? ""
        : d.candidate().table().schema(), s -> new ArrayList<>()).add(d));
    List<Rollup> rollups = new ArrayList<>();
    bySchema.forEach((schema, list) -> {
      List<String> added = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      List<String> remediation = new ArrayList<>();
      for (Decision d : list) {
        if (d.outcome().creates) {
          added.add(d.describe());
        } else {
          skipped.add(d.describe() + ": " + d.rationale() + " (" + d.evidence().label + ", "
              + d.counts().violations() + " of " + d.counts().rows() + " rows break it)");
        }
        if (d.outcome() == Outcome.REMEDIATE) {
          remediation.add(remediationLine(d));
        }
      }
      rollups.add(new Rollup(schema, added.size(), skipped.size(), added, skipped,
          remediation));
    });
    List<Entry> entries = decisions.stream().map(d -> new Entry(d.candidate().table()
        .toString(), d.candidate().kind().label, d.candidate().column(),
        d.candidate().parent() == null ? null : d.candidate().parent() + "."
            + d.candidate().parentColumn(), d.candidate().origin(), d.counts().rows(),
        d.counts().violations(), d.candidate().kind() == Kind.FOREIGN_KEY ? null
            : d.counts().nulls(), d.evidence().label, d.outcome().label, d.rationale(),
        d.values(), d.remediation())).toList();
    return new TighteningReport(1, "schema-decisions", mode.label, minRows, target.name(),
        catalog.engine(), catalog.fingerprint(), rollups, entries);
  }

  /** {@code 3 orphans block orders.customer_id -> customer.id: 7, 8, 9}. */
  static String remediationLine(Decision d) {
    long n = d.counts().violations();
    String what = switch (d.candidate().kind()) {
      case NOT_NULL -> n == 1 ? "NULL blocks " : "NULLs block ";
      case UNIQUE -> n == 1 ? "repeated row blocks " : "repeated rows block ";
      case FOREIGN_KEY -> n == 1 ? "orphan blocks " : "orphans block ";
    };
    return n + " " + what + d.describe() + (d.values().isEmpty() ? ""
        : ": " + String.join(", ", d.values()));
  }

  /** How many decisions of a kind added a constraint. */
  long added(Kind kind, List<Decision> decisions) {
    return decisions.stream().filter(d -> d.candidate().kind() == kind
        && d.outcome() == Outcome.ADD).count();
  }
}
