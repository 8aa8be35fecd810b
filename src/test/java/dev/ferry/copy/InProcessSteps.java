package dev.ferry.copy;

import dev.ferry.Ferry;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.LoadSteps;
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
      for (List<LoadSteps.Step> stage : load.stages()) {
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
