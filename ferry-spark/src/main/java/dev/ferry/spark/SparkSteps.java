package dev.ferry.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.api.LoadSteps;
import dev.ferry.api.RunReport.TableReport;
import dev.ferry.api.StepScheduler;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.Redactor;
import dev.ferry.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs a copy's load steps as Spark tasks (docs/spark.md): each step a Spark job of one task,
 * submitted as soon as every step it waits for is complete (a cycle's group alone, as the local
 * runner runs it), so Spark runs as many at once as it has slots and the driver proves a step's
 * foreign keys as it completes. Each task runs {@link RunStep} on an executor, which opens its
 * own connections and writes its units from their checkpoints in the target: a task Spark
 * retries continues where its failed attempt's last committed chunk left off. After a failure no
 * step starts; those running finish, then the failure is raised.
 */
final class SparkSteps implements StepScheduler {

  /** How a task's failure travels back: the error code's name, then the message. */
  static final Pattern FAILURE = Pattern.compile("ferry-step-failed\\[([A-Z_]+)\\]: (.*)");

  private final JavaSparkContext spark;
  private final String[] args;

  /**
   * @param args the arguments of the copy, from {@code copy} on: every executor reads its
   *     request from them, as the driver did
   */
  SparkSteps(JavaSparkContext spark, String[] args) {
    this.spark = spark;
    this.args = args.clone();
  }

  @Override
  public List<TableReport> run(LoadSteps load) {
    Map<Integer, LoadSteps.Step> pending = new LinkedHashMap<>();
    load.steps().forEach(s -> pending.put(s.id(), s));
    Set<Integer> groups = new HashSet<>();
    load.steps().stream().filter(LoadSteps.Step::group).forEach(s -> groups.add(s.id()));
    Set<Integer> complete = new HashSet<>();
    Map<Integer, JavaFutureAction<List<String>>> running = new LinkedHashMap<>();
    List<TableReport> reports = new ArrayList<>();
    RunStep step = new RunStep(args, load.runId(), load.plan());
    FerryException failure = null;
    while (!running.isEmpty() || (failure == null && !pending.isEmpty())) {
      boolean groupRunning = running.keySet().stream().anyMatch(groups::contains);
      for (var it = pending.values().iterator(); failure == null && !groupRunning
          && it.hasNext(); ) {
        LoadSteps.Step next = it.next();
        if (!complete.containsAll(next.waitsFor())) {
          continue;
        }
        if (next.group() && !running.isEmpty()) {
          break;
        }
        it.remove();
        spark.setJobDescription("ferry run " + load.runId() + ": " + String.join(", ",
            next.units()));
        // a job of one task per step, started as soon as the steps it waits for are complete
        running.put(next.id(), spark.parallelize(List.of(next.id()), 1).map(step)
            .collectAsync());
        groupRunning = next.group();
      }
      if (running.isEmpty()) {
        throw new FerryException(ErrorCode.UNEXPECTED, "no step can start: the plan's steps"
            + " wait for each other in a cycle");
      }
      int done = awaitAny(running);
      try {
        for (String json : running.remove(done).get()) {
          reports.addAll(Json.mapper().readValue(json, new TypeReference<List<TableReport>>() {}));
        }
        complete.add(done);
        load.stepDone().accept(done);
      } catch (ExecutionException | java.io.IOException e) {
        // no new step starts; those running finish (a task cannot be stopped mid-chunk here)
        failure = failure != null ? failure : failure(e instanceof ExecutionException x
            && x.getCause() instanceof RuntimeException r ? r : new RuntimeException(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FerryException(ErrorCode.UNEXPECTED, "the run was interrupted", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return reports;
  }

  /** The id of a job that is done, waiting for one. */
  private static int awaitAny(Map<Integer, JavaFutureAction<List<String>>> running) {
    while (true) {
      for (var e : running.entrySet()) {
        if (e.getValue().isDone()) {
          return e.getKey();
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FerryException(ErrorCode.UNEXPECTED, "the run was interrupted", e);
      }
    }
  }

  /** The failure of a step as ferry's: the failed step's code and message, scrubbed. */
  static FerryException failure(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      Matcher m = FAILURE.matcher(t.getMessage() == null ? "" : t.getMessage());
      if (m.find()) {
        return new FerryException(ErrorCode.valueOf(m.group(1)), Redactor.scrub(m.group(2)));
      }
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getMessage().lines().findFirst().orElse("");
    return new FerryException(ErrorCode.UNEXPECTED, "the Spark job failed: "
        + Redactor.scrub(message) + "; the run is resumable (--resume)", e);
  }
}
