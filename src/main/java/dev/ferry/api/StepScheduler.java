package dev.ferry.api;

import java.util.List;

/**
 * Where a copy's load steps run. The copy itself plans, refuses, starts the run, and after the
 * load finishes it (fix-ups, proofs, report) in the calling process; a scheduler only decides
 * where and when each step runs. The default runs them on this process's threads
 * ({@code --parallel}); {@code ferry-spark} runs each as a Spark task (docs/spark.md).
 *
 * <p>A step runs elsewhere through {@code Ferry.copyStep}, given the same {@link CopyRequest},
 * the run id and the plan's fingerprint: it plans again, refuses when its plan differs, and
 * writes its units from their checkpoints, so a step run twice (a retried task) continues
 * where the first attempt's last committed chunk left off.
 */
public interface StepScheduler {

  /**
   * Runs every step of {@code load} to completion, each only after every step it waits for is
   * complete, telling {@link LoadSteps#stepDone} of each as it completes, on the calling thread.
   *
   * @return the reports of the steps' units, in any order
   * @throws dev.ferry.error.FerryException when a step failed (after running steps stopped)
   */
  List<RunReport.TableReport> run(LoadSteps load);
}
