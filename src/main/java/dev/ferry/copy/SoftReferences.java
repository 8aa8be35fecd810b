package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.KeyPolicy;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.TablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code soft-references:} of remapped tables (docs/merge.md, "Soft references"): columns
 * that hold a remapped table's keys without a foreign key, rewritten through the id map as its
 * foreign keys are, their loads waiting for its keys.
 */
final class SoftReferences {

  private SoftReferences() {}

  /**
   * Adds each soft reference of a remapped table to {@code references}, and what is wrong with
   * one to {@code problems}: a table or column the source does not have, a table not remapped.
   * A referencing table this copy does not carry is not rewritten: it writes no rows.
   */
  static void add(CopyOptions options, PlanStage.Planned planned, List<TablePlan> all,
      Map<TableName, RemapPlan.Remapped> remapped,
      Map<String, List<RemapPlan.Reference>> references, List<String> problems) {
    for (CopyOptions.TableMerge entry : options.tableMerges()) {
      if (entry.softReferences().isEmpty()) {
        continue;
      }
      Optional<RemapPlan.Remapped> parent = remapped.values().stream()
          .filter(r -> names(entry.table(), r.load().source())).findFirst();
      if (parent.isEmpty()) {
        problems.add(entry.where() + ": tables." + entry.table() + ".soft-references rewrites"
            + " references to new keys, but " + entry.table() + " keeps its keys (keys: "
            + KeyPolicy.PRESERVE.label() + "); give it keys: remap or match, or remove the"
            + " soft references.");
        continue;
      }
      for (CopyOptions.SoftReference soft : entry.softReferences()) {
        int dot = soft.column().lastIndexOf('.');
        String tableName = soft.column().substring(0, dot);
        String column = soft.column().substring(dot + 1);
        Optional<Table> table = planned.source().tables().stream()
            .filter(t -> names(tableName, t.name())).findFirst();
        if (table.isEmpty()) {
          problems.add(soft.where() + ": soft reference " + soft.column() + ": the source has"
              + " no table " + tableName + "; name a table of the source.");
          continue;
        }
        Optional<String> actual = table.get().columns().stream().map(c -> c.name())
            .filter(n -> n.equalsIgnoreCase(column)).findFirst();
        if (actual.isEmpty()) {
          problems.add(soft.where() + ": soft reference " + soft.column() + ": "
              + table.get().name() + " has no column " + column + "; name one of its columns.");
          continue;
        }
        for (TablePlan t : all) {
          int position = t.indexOf(actual.get());
          if (t.source().equals(table.get().name()) && !t.isFixup() && position >= 0) {
            RemapPlan.Reference ref = new RemapPlan.Reference(position, parent.get());
            List<RemapPlan.Reference> refs = references.computeIfAbsent(t.unit(),
                u -> new ArrayList<>());
            if (refs.stream().noneMatch(r -> r.position() == position)) {
              refs.add(ref);
            }
          }
        }
      }
    }
  }

  /** Whether a name as ferry.yaml gives it (qualified or not, any case) names the table. */
  private static boolean names(String given, TableName table) {
    String subject = given.contains(".") ? table.qualified() : table.name();
    return subject.toLowerCase(Locale.ROOT).equals(given.toLowerCase(Locale.ROOT));
  }
}
