package dev.ferry.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The load of one started copy run, as a {@link StepScheduler} receives it.
 *
 * @param runId the run whose steps these are (recorded on the target)
 * @param plan the plan's fingerprint: a step run elsewhere refuses a plan that differs
 * @param steps every step of the plan, in plan order, done ones included (running them again
 *     finds them done and writes nothing)
 * @param stepDone to be told, on the scheduler's calling thread, each step id as it completes
 *     (the copy proves foreign keys and re-creates a ranged table's indexes then)
 */
public record LoadSteps(String runId, String plan, List<Step> steps, IntConsumer stepDone) {

  public LoadSteps {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(plan, "plan");
    steps = List.copyOf(steps);
    Objects.requireNonNull(stepDone, "stepDone");
  }

  /**
   * One step: a table, a key range of one, or a group of tables in a foreign-key cycle loaded
   * in one transaction.
   *
   * @param id the step's id in the plan
   * @param units the units it writes ({@code schema.table}, {@code schema.table#2/6} for a range)
   * @param waitsFor ids of the steps that must be complete before it starts
   * @param done whether every unit of it is recorded done already (a resumed run)
   */
  public record Step(int id, List<String> units, Set<Integer> waitsFor, boolean done) {
    public Step {
      units = List.copyOf(units);
      waitsFor = Set.copyOf(waitsFor);
    }

    /** Whether it is a cycle's group, which the local runner runs with no other step beside. */
    public boolean group() {
      return units.size() > 1;
    }
  }
}
