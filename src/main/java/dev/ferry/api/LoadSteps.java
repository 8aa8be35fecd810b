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
   * The steps in stages, in load order: each stage's steps wait only for steps of earlier
   * stages, so the steps of one stage may run at once. A group runs in a stage of its own, as
   * the local runner runs it alone. Within a stage, steps keep plan order.
   */
  public List<List<Step>> stages() {
    java.util.Map<Integer, Integer> stageOf = new java.util.HashMap<>();
    java.util.Map<Integer, Step> byId = new java.util.HashMap<>();
    steps.forEach(s -> byId.put(s.id(), s));
    java.util.TreeMap<Integer, List<Step>> stages = new java.util.TreeMap<>();
    for (Step step : steps) {
      stage(step, byId, stageOf, new java.util.HashSet<>());
    }
    // a group alone: it and every later stage move one further per group before them
    int shift = 0;
    java.util.TreeMap<Integer, List<Step>> levels = new java.util.TreeMap<>();
    steps.forEach(s -> levels.computeIfAbsent(stageOf.get(s.id()), k -> new java.util.ArrayList<>())
        .add(s));
    for (List<Step> level : levels.values()) {
      List<Step> plain = level.stream().filter(s -> s.units().size() == 1).toList();
      if (!plain.isEmpty()) {
        stages.put(shift++, plain);
      }
      for (Step group : level) {
        if (group.units().size() > 1) {
          stages.put(shift++, List.of(group));
        }
      }
    }
    return List.copyOf(stages.values());
  }

  private static int stage(Step step, java.util.Map<Integer, Step> byId,
      java.util.Map<Integer, Integer> stageOf, java.util.Set<Integer> visiting) {
    Integer known = stageOf.get(step.id());
    if (known != null) {
      return known;
    }
    if (!visiting.add(step.id())) {
      throw new IllegalStateException("the plan's steps wait for each other in a cycle");
    }
    int stage = 0;
    for (int id : step.waitsFor()) {
      stage = Math.max(stage, 1 + stage(byId.get(id), byId, stageOf, visiting));
    }
    stageOf.put(step.id(), stage);
    return stage;
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
  }
}
