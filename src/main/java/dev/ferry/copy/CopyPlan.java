package dev.ferry.copy;

import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a run will do, decided before the first write.
 *
 * @param loadOrder the load order planned against the target
 * @param steps the work in load order; each step lists the steps it waits for
 * @param sessionStatements per target table, statements its load session runs first
 * @param overrideIdentity target tables whose ALWAYS identity columns receive values
 * @param identityResets target table → columns whose identity or sequence moves past the loaded
 *     keys after the load
 * @param orphanChecks foreign keys loaded without checks, proven afterwards
 * @param setAside target foreign keys dropped (or disabled) before the load and restored after
 *     it, where the principal relaxes checks per constraint rather than per session
 * @param problems reasons to refuse the run, found while planning (missing tables or columns,
 *     unloadable cycles); preflight adds its own
 * @param notes things the report should say (one-pass tables, silenced triggers)
 * @param fingerprint {@code sha256:} over what decides the written data; a resume must match it
 */
record CopyPlan(
    LoadOrder loadOrder,
    List<Step> steps,
    Map<TableName, List<String>> sessionStatements,
    Set<TableName> overrideIdentity,
    Map<TableName, List<String>> identityResets,
    List<LoadOrder.Edge> orphanChecks,
    List<SetAside> setAside,
    List<String> problems,
    List<String> notes,
    String fingerprint) {

  /**
   * A foreign key of the target set aside for the load.
   *
   * @param edge the load order's edge ({@code child.constraint} in the source's names), whose
   *     orphan check proves it
   * @param table the target table that declares it
   * @param constraint its name in the target
   * @param parent the target table it references
   * @param how how it is set aside ({@code DROP_AND_RECREATE_CONSTRAINT}, {@code
   *     DISABLE_CONSTRAINT})
   * @param key the key as the target's catalog has it, kept in ferry's state while it is set
   *     aside, so that plans made meanwhile still see it
   */
  record SetAside(String edge, TableName table, String constraint, TableName parent,
      dev.ferry.catalog.CheckRelaxation how, dev.ferry.catalog.ForeignKey key) {}

  /**
   * One unit of work: a table load, a group of tables loaded in one transaction (deferred cycle),
   * or a cycle fix-up.
   *
   * @param id the step's position in {@link #steps()}
   * @param tables the plans (one, except for a group)
   * @param waitsFor ids of steps that must be complete first
   */
  record Step(int id, List<TablePlan> tables, Set<Integer> waitsFor) {
    boolean isGroup() {
      return tables.size() > 1;
    }

    String name() {
      return tables.size() == 1 ? tables.get(0).unit()
          : "group(" + String.join(", ", tables.stream().map(TablePlan::unit).toList()) + ")";
    }
  }
}
