package dev.ferry.cli;

import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerificationReport.Cell;
import dev.ferry.api.VerificationReport.Difference;
import dev.ferry.api.VerificationReport.Failure;
import dev.ferry.api.VerificationReport.Rule;
import dev.ferry.api.VerificationReport.TableResult;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The readable summary of a {@link VerificationReport}: verdict, rules, differences, notes. */
final class VerifySummary {

  private static final int FAILURES_SHOWN = 10;

  private VerifySummary() {}

  static void print(VerificationReport r, Path out, PrintWriter w) {
    w.println("bundle".equals(r.mode()) ? "Verified " + r.source()
        : "Verified: " + r.source() + " -> " + r.target());
    r.transformations().forEach((k, v) -> w.println("  with " + k + " " + v));
    long failed = r.rules().stream().filter(x -> !x.passed()).count();
    w.println("  " + (r.passed() ? "PASSED" : "FAILED") + ": " + (r.rules().size() - failed)
        + " of " + r.rules().size() + " rules passed");
    for (Rule rule : r.rules()) {
      w.println("  " + (rule.passed() ? "ok    " : "FAILED") + " " + rule.rule() + " ("
          + rule.checked() + " checked" + (rule.passed() ? "" : ", " + rule.failures().size()
              + " failed") + ")");
      for (Failure f : rule.failures().subList(0, Math.min(FAILURES_SHOWN,
          rule.failures().size()))) {
        w.println("           " + (f.table() == null ? "" : f.table()) + (f.column() == null
            ? "" : "." + f.column()) + ": " + f.message());
      }
      if (rule.failures().size() > FAILURES_SHOWN) {
        w.println("           ... " + (rule.failures().size() - FAILURES_SHOWN) + " more in "
            + "verification.json");
      }
    }
    for (TableResult t : r.tables()) {
      if (t.merge() != null) {
        w.println("  " + t.table() + ": merge " + t.merge().mode() + " " + (t.passed() ? "kept"
            : "NOT kept") + " its promise: " + t.merge().promise());
        w.println("    equal to the source: " + t.merge().sourceRowsEqual());
        t.merge().accepted().forEach((why, n) -> w.println("    " + why + ": " + n));
      }
      if (t.differences() == null) {
        continue;
      }
      w.println("  " + t.table() + " (" + t.method() + "): " + t.rows().source() + " rows in the"
          + " source, " + t.rows().target() + " in the target; rows differ in "
          + t.differences().rangesDiffering() + " of " + t.differences().ranges()
          + " key ranges");
      for (Difference d : t.differences().listed()) {
        StringBuilder line = new StringBuilder("    ").append(d.kind()).append(' ')
            .append(t.keyed() ? String.join(",", t.key()) + "=" : "row ").append(d.key());
        if (d.rows() != null) {
          line.append(" x").append(d.rows());
        }
        if (d.columns() != null) {
          for (Cell c : d.columns()) {
            line.append("  ").append(c.column()).append(": ").append(quote(c.source()))
                .append(" -> ").append(quote(c.target()));
          }
        }
        if (d.reason() != null) {
          line.append("  (").append(d.reason()).append(')');
        }
        w.println(line);
      }
      if (t.differences().more()) {
        w.println("    ... more differences not listed (raise --max-diffs)");
      }
    }
    r.notes().forEach(n -> w.println("  note: " + n));
    if (r.timing() != null) {
      w.println("  " + r.timing().rowsRead() + " rows hashed in " + r.timing().seconds() + " s ("
          + r.timing().rowsPerSecond() + " rows/s)");
    }
    if (out != null) {
      w.println("  report: " + out.resolve("verification.json"));
    }
  }

  private static String quote(String value) {
    return value == null ? "NULL" : "'" + value + "'";
  }
}
