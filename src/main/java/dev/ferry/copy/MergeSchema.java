package dev.ferry.copy;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.rows.TablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The schema check of a merge (docs/merge.md, "Schema check"): before the first write, the
 * source's tables that a merge mode writes into living target tables are compared with the
 * target's, and the differences that matter for the merge are refused as one diff, per table:
 * the key the rows are matched by is not a key of the target, a carried column is missing in the
 * target, a target column that is NOT NULL without a default is not carried (every inserted row
 * would fail). Differences that do not matter (column order, extra nullable or defaulted target
 * columns, lengths and types whose fit {@link TypeFit} and {@link ValueFit} judge) are not
 * reported here.
 */
final class MergeSchema {

  private MergeSchema() {}

  /** What the plan's "has no column" problem says, which the diff takes over for its tables. */
  static String missingColumn(Table target, String column) {
    return "target table " + target.name() + " has no column " + column;
  }

  /**
   * The diff, one problem for all merged tables that differ; empty when none does.
   *
   * @param modes per unit, its merge mode
   * @param planProblems the plan's problems: those about a merged table's missing columns are
   *     removed (the diff names them)
   */
  static List<String> diff(Catalog source, Catalog target, List<TablePlan> tables,
      Map<String, ?> modes, List<String> planProblems) {
    List<String> blocks = new ArrayList<>();
    for (TablePlan t : tables) {
      if (t.isFixup() || !modes.containsKey(t.unit()) || !t.keyed()) {
        continue;
      }
      Table s = source.table(t.source()).orElse(null);
      Table d = target.table(t.target()).orElse(null);
      if (s == null || d == null) {
        continue;
      }
      List<String> lines = new ArrayList<>();
      List<String> key = t.keyColumns().stream().map(c -> t.columns().get(t.indexOf(c))
          .targetName()).toList();
      if (!isKey(d, key)) {
        lines.add("key: the source's rows are matched by (" + String.join(", ", key)
            + "), which is not a primary or unique key of the target" + keys(d)
            + ": a key must say which target row a source row is");
      }
      Set<String> carried = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (Column c : s.columns()) {
        if ("computed".equals(c.generation())) {
          continue;
        }
        carried.add(c.name());
        if (d.columns().stream().noneMatch(x -> x.name().equalsIgnoreCase(c.name()))) {
          lines.add("- " + c.name() + " " + c.type() + ": missing in the target");
          planProblems.remove(missingColumn(d, c.name()));
        }
      }
      for (Column c : d.columns()) {
        if (!carried.contains(c.name()) && !c.nullable() && c.defaultValue() == null
            && c.generation() == null) {
          lines.add("+ " + c.name() + " " + c.type() + " NOT NULL: only in the target, without a"
              + " default: a row the merge inserts would fail");
        }
      }
      if (!lines.isEmpty()) {
        blocks.add("  " + t.source() + " -> " + t.target() + ":\n    "
            + String.join("\n    ", lines));
      }
    }
    if (blocks.isEmpty()) {
      return List.of();
    }
    return List.of("the schema of " + blocks.size() + (blocks.size() == 1 ? " merged table"
        : " merged tables") + " differs from the target's in ways that matter for the merge"
        + " (- the source only, + the target only):\n" + String.join("\n", blocks)
        + "\n  Align the target's schema (or the source's), or leave those tables out"
        + " (--exclude); see docs/merge.md for the differences that do not matter.");
  }

  private static boolean isKey(Table table, List<String> columns) {
    Set<String> wanted = lower(columns);
    if (table.primaryKey() != null && lower(table.primaryKey().columns()).equals(wanted)) {
      return true;
    }
    for (UniqueKey u : table.uniqueKeys()) {
      if (!u.partial() && lower(u.columns()).equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  private static String keys(Table table) {
    List<String> keys = new ArrayList<>();
    if (table.primaryKey() != null) {
      keys.add("primary key (" + String.join(", ", table.primaryKey().columns()) + ")");
    }
    table.uniqueKeys().forEach(u -> keys.add("unique (" + String.join(", ", u.columns()) + ")"));
    return keys.isEmpty() ? " (it has none)" : " (" + String.join(", ", keys) + ")";
  }

  private static Set<String> lower(List<String> columns) {
    Set<String> out = new TreeSet<>();
    columns.forEach(c -> out.add(c.toLowerCase(Locale.ROOT)));
    return out;
  }
}
