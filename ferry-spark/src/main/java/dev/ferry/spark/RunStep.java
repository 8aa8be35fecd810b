package dev.ferry.spark;

import dev.ferry.Ferry;
import dev.ferry.api.CopyRequest;
import dev.ferry.cli.Main;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import org.apache.spark.api.java.function.Function;

/**
 * One step of a copy run on an executor: the request read from the copy's arguments, as on the
 * driver, then {@link Ferry#copyStep}. Returns the step's unit reports as JSON. A failure leaves
 * as an exception whose message carries ferry's error code and message (no stack trace, no
 * cause: the drivers' messages in causes are not scrubbed), which Spark may retry.
 */
final class RunStep implements Function<Integer, String> {

  private static final long serialVersionUID = 1L;

  private final String[] args;
  private final String runId;
  private final String plan;

  RunStep(String[] args, String runId, String plan) {
    this.args = args.clone();
    this.runId = runId;
    this.plan = plan;
  }

  @Override
  public String call(Integer step) {
    try {
      CopyRequest request = Main.copyRequest(args);
      return Json.compact(Ferry.copyStep(request, runId, plan, step));
    } catch (RuntimeException e) {
      throw StepFailed.of(e, "step " + step);
    }
  }

  /** A task's failure, as Spark reports it to the driver ({@link SparkSteps#failure}). */
  static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private StepFailed(String message) {
      super(dev.ferry.error.Redactor.scrub(message), null, false, false);
    }

    /** ferry's code and message of {@code e}; another failure as unexpected, naming {@code what}. */
    static StepFailed of(RuntimeException e, String what) {
      return new StepFailed(e instanceof FerryException fe
          ? "ferry-step-failed[" + fe.code().name() + "]: " + fe.getMessage()
          : "ferry-step-failed[UNEXPECTED]: " + what + " failed: " + e);
    }
  }
}
