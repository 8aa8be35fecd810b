package dev.ferry.verify;

import dev.ferry.api.VerificationReport.ColumnResult;
import dev.ferry.api.VerificationReport.Difference;
import dev.ferry.api.VerificationReport.OrphanResult;
import dev.ferry.api.VerificationReport.TableResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Books what a verification measured under the rules it answers: each table's counts, checksums
 * and rows, and each reference check, as items checked and failures that say what differs.
 */
final class Verdicts {

  private Verdicts() {}

  /**
   * Books one table's result under the rules it answers.
   *
   * @param idMapped the columns rewritten through ferry's id map (not the user map)
   */
  static void table(RuleBook book, TableResult t, java.util.Set<String> idMapped) {
    String table = t.table();
    if (t.merge() != null) {
      merged(book, t, idMapped);
      return;
    }
    book.checked(RuleBook.ROW_COUNT);
    if (t.rows().source() != t.rows().target()) {
      book.fail(RuleBook.ROW_COUNT, table, null, "source " + t.rows().source() + " rows, target "
          + t.rows().target());
    }
    for (ColumnResult c : t.columns()) {
      book.checked(RuleBook.NULL_COUNT);
      if (c.nulls().source() != c.nulls().target()) {
        book.fail(RuleBook.NULL_COUNT, table, c.name(), "source " + c.nulls().source()
            + " NULLs, target " + c.nulls().target());
      }
      boolean sameSum = c.checksum().source().equals(c.checksum().target());
      if (c.remapped()) {
        book.checked(RuleBook.REMAPPED);
        if (!sameSum) {
          book.fail(RuleBook.REMAPPED, table, c.name(), "checksum of the mapped source values "
              + c.checksum().source() + ", target " + c.checksum().target());
        }
        if (c.unmapped() != null && c.unmapped() > 0) {
          book.fail(RuleBook.REMAPPED, table, c.name(), c.unmapped() + " source values are not"
              + (idMapped.contains(c.name()) ? " in the map (ferry's id map in the target)"
                  : " in the user map"));
        }
      } else {
        book.checked(RuleBook.CHECKSUM);
        if (!sameSum) {
          book.fail(RuleBook.CHECKSUM, table, c.name(), "source " + c.checksum().source()
              + ", target " + c.checksum().target());
        }
      }
    }
    book.checked(RuleBook.ROWS);
    if (t.differences() != null) {
      book.fail(RuleBook.ROWS, table, null, describe(t));
    }
  }

  /**
   * A merged table: its rows are held to the merge's promise, not its counts and checksums
   * (which differ by the rows the promise accepts); a source row the target lacks fails the row
   * count too, and source values no map knows fail as always.
   */
  private static void merged(RuleBook book, TableResult t, java.util.Set<String> idMapped) {
    String table = t.table();
    book.checked(RuleBook.ROW_COUNT);
    if (t.rows().target() < t.rows().source()) {
      book.fail(RuleBook.ROW_COUNT, table, null, "source " + t.rows().source() + " rows, target "
          + t.rows().target() + ": a merge leaves every source row in the target");
    }
    for (ColumnResult c : t.columns()) {
      if (c.remapped() && c.unmapped() != null && c.unmapped() > 0) {
        book.checked(RuleBook.REMAPPED);
        book.fail(RuleBook.REMAPPED, table, c.name(), c.unmapped() + " source values are not"
            + (idMapped.contains(c.name()) ? " in the map (ferry's id map in the target)"
                : " in the user map"));
      }
    }
    book.checked(RuleBook.ROWS);
    if (t.differences() != null) {
      book.fail(RuleBook.ROWS, table, null, "merge " + t.merge().mode() + ": " + describe(t));
    }
  }

  private static String describe(TableResult t) {
    var d = t.differences();
    Map<String, Integer> kinds = new TreeMap<>();
    d.listed().forEach(x -> kinds.merge(x.kind(), 1, Integer::sum));
    List<String> first = new ArrayList<>();
    for (Difference x : d.listed().subList(0, Math.min(5, d.listed().size()))) {
      String where = t.key() + "=" + x.key();
      first.add(x.kind() + " " + where + (x.columns() == null ? ""
          : " " + x.columns().stream().map(c -> c.column()).toList())
          + (x.reason() == null ? "" : " (" + x.reason() + ")"));
    }
    return "rows differ in " + d.rangesDiffering() + " of " + d.ranges() + " key ranges; listed "
        + kinds + (d.more() ? " (more not listed)" : "") + ": " + String.join("; ", first);
  }

  /** Sorts the reference checks and books each under its rule. */
  static List<OrphanResult> references(RuleBook book, List<OrphanResult> found) {
    List<OrphanResult> results = new ArrayList<>(found);
    results.sort(Comparator.comparing(OrphanResult::kind)
        .thenComparing(OrphanResult::constraint));
    for (OrphanResult o : results) {
      String rule = Orphans.REMAPPED_REFERENCE.equals(o.kind()) ? RuleBook.REMAPPED
          : RuleBook.ORPHANS;
      book.checked(rule);
      if (!o.passed()) {
        String name = o.constraint().startsWith(o.table() + ".")
            ? o.constraint().substring(o.table().length() + 1) : o.constraint();
        book.fail(rule, o.table(), name, o.orphans() + (o.orphans() == 1 ? " row references"
            : " rows reference") + " no row of " + o.parent() + o.parentColumns() + "; first "
            + o.listed() + ": " + o.keys());
      }
    }
    return results;
  }
}
