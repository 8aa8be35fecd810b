package dev.ferry.copy;

import dev.ferry.catalog.TableName;
import dev.ferry.rows.TablePlan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells, as steps complete, which target tables every step that writes them has completed: what
 * belongs to one table alone (its indexes, {@link DeferredSchema#tableLoaded}) may then start
 * while the other tables still load. Called from the threads that run the steps.
 */
final class TablesLoaded {

  private final Map<Integer, Set<TableName>> writtenBy = new HashMap<>();
  private final Map<TableName, Set<Integer>> waitingOn = new HashMap<>();
  private final Consumer<TableName> loaded;

  TablesLoaded(CopyPlan plan, Consumer<TableName> loaded) {
    this.loaded = loaded;
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        writtenBy.computeIfAbsent(step.id(), k -> new HashSet<>()).add(t.target());
        waitingOn.computeIfAbsent(t.target(), k -> new HashSet<>()).add(step.id());
      }
    }
  }

  /** The step completed: each table it was the last step of is loaded. */
  void stepFinished(int step) {
    Set<TableName> done = new HashSet<>();
    synchronized (this) {
      for (TableName t : writtenBy.getOrDefault(step, Set.of())) {
        Set<Integer> left = waitingOn.get(t);
        if (left != null && left.remove(step) && left.isEmpty()) {
          waitingOn.remove(t);
          done.add(t);
        }
      }
    }
    done.forEach(loaded);
  }
}
