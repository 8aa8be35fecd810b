package dev.ferry.cli;

import dev.ferry.api.SyncConfig;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.io.PrintWriter;
import java.time.Duration;

/** {@code ferry sync} without {@code --once}: the service. */
final class SyncServiceRun {

  private SyncServiceRun() {}

  static int run(SyncConfig config, String job, int port, Duration shutdownTimeout,
      PrintWriter out) {
    throw new FerryException(ErrorCode.USAGE, "ferry sync runs with --once only so far");
  }
}
