package dev.ferry.copy;

import dev.ferry.Ferry;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.LoadSteps;
import dev.ferry.api.LoadSteps.Step;
import dev.ferry.api.RunReport.TableReport;
import dev.ferry.api.StepScheduler;
import dev.ferry.cli.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheduler as a cluster runs one, in this process: stage after stage, each step of a stage on
 * its own thread through {@link Ferry#copyStep} with a request read again from the arguments
 * (as a remote worker reads them), a failed step tried again up to {@code attempts} times.
 */
final class InProcessSteps implements StepScheduler {

  private final String[] workerArgs;
  private final int attempts;
  final Map<Integer, AtomicInteger> tries = new ConcurrentHashMap<>();
  final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

  InProcessSteps(String[] workerArgs, int attempts) {
    this.workerArgs = workerArgs.clone();
    this.attempts = attempts;
  }

  @Override
  public List<TableReport> run(LoadSteps load) {
    List<TableReport> reports = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (List<LoadSteps.Step> stage : stages(load)) {
        List<Future<List<TableReport>>> running = new ArrayList<>();
        for (LoadSteps.Step step : stage) {
          running.add(pool.submit(() -> attempt(load, step.id())));
        }
        for (Future<List<TableReport>> f : running) {
          try {
            reports.addAll(f.get());
          } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                : new IllegalStateException(e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
        stage.forEach(s -> load.stepDone().accept(s.id()));
      }
    } finally {
      pool.shutdownNow();
    }
    return reports;
  }

  /**
   * The steps in stages, in load order: each stage's steps wait only for steps of earlier
   * stages, so the steps of one stage may run at once. A group runs in a stage of its own, as
   * the local runner runs it alone. Within a stage, steps keep plan order.
   */
  static List<List<Step>> stages(LoadSteps load) {
    java.util.Map<Integer, Integer> stageOf = new java.util.HashMap<>();
    java.util.Map<Integer, Step> byId = new java.util.HashMap<>();
    load.steps().forEach(s -> byId.put(s.id(), s));
    java.util.TreeMap<Integer, List<Step>> stages = new java.util.TreeMap<>();
    for (Step step : load.steps()) {
      stage(step, byId, stageOf, new java.util.HashSet<>());
    }
    // a group alone: it and every later stage move one further per group before them
    int shift = 0;
    java.util.TreeMap<Integer, List<Step>> levels = new java.util.TreeMap<>();
    load.steps().forEach(s -> levels.computeIfAbsent(stageOf.get(s.id()), k -> new java.util.ArrayList<>())
        .add(s));
    for (List<Step> level : levels.values()) {
      List<Step> plain = level.stream().filter(s -> !s.group()).toList();
      if (!plain.isEmpty()) {
        stages.put(shift++, plain);
      }
      for (Step group : level) {
        if (group.group()) {
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

  private List<TableReport> attempt(LoadSteps load, int step) {
    for (int i = 1; ; i++) {
      tries.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
      try {
        CopyRequest request = Main.copyRequest(workerArgs);
        return Ferry.copyStep(request, load.runId(), load.plan(), step);
      } catch (RuntimeException e) {
        failures.add(step + ": " + e.getMessage());
        if (i >= attempts) {
          throw e;
        }
      }
    }
  }
}
