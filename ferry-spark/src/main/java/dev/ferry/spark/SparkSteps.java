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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs a copy's load steps as Spark tasks (docs/spark.md): stage after stage in load order, one
 * Spark job per stage and one task per step, so a step starts only once every step it waits for
 * is complete. Each task runs {@link RunStep} on an executor, which opens its own connections
 * and writes its units from their checkpoints in the target: a task Spark retries continues
 * where its failed attempt's last committed chunk left off.
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
    List<TableReport> reports = new ArrayList<>();
    List<List<LoadSteps.Step>> stages = load.stages();
    for (int i = 0; i < stages.size(); i++) {
      List<Integer> ids = stages.get(i).stream().map(LoadSteps.Step::id).toList();
      spark.setJobDescription("ferry run " + load.runId() + ": stage " + (i + 1) + " of "
          + stages.size() + " (" + ids.size() + " steps)");
      List<String> results;
      try {
        // one slice per step: each step its own task, retried on its own
        results = spark.parallelize(ids, ids.size())
            .map(new RunStep(args, load.runId(), load.plan())).collect();
      } catch (RuntimeException e) {
        throw failure(e);
      }
      for (String json : results) {
        try {
          reports.addAll(Json.mapper().readValue(json, new TypeReference<List<TableReport>>() {}));
        } catch (java.io.IOException e) {
          throw new FerryException(ErrorCode.UNEXPECTED, "a step's report did not read back: "
              + e.getMessage(), e);
        }
      }
      ids.forEach(id -> load.stepDone().accept(id));
    }
    return reports;
  }

  /** The failure of a stage as ferry's: the failed step's code and message, scrubbed. */
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
