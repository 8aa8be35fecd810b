package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.SyncConfig;
import dev.ferry.sync.SyncService;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code ferry sync} without {@code --once}: the service, until SIGTERM or SIGINT. A shutdown
 * hook stops it (no new cycle, the cycles in flight given {@code --shutdown-timeout}) and ends
 * the process with exit 0: the stop was asked for, so the service ended as it should.
 */
final class SyncServiceRun {

  private SyncServiceRun() {}

  static int run(SyncConfig config, String job, int port, Duration shutdownTimeout,
      PrintWriter out) throws InterruptedException {
    SyncService service = Ferry.syncService(config, job, port);
    int bound = service.start();
    out.println("ferry sync: " + (job == null ? config.jobs().size() + " jobs" : "job " + job)
        + " running; health and metrics on http://localhost:" + bound
        + "/ (/health/live, /health/ready, /metrics)");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      boolean clean = service.stop(shutdownTimeout);
      out.println("ferry sync: stopped" + (clean ? "" : " (a cycle was cut short after "
          + shutdownTimeout.toSeconds() + " s; the next cycle carries on)"));
      out.flush();
      // a signal's exit status would be 128 + its number: a stop asked for is a clean end
      Runtime.getRuntime().halt(0);
    }, "ferry-sync-stop"));
    service.awaitStopped();
    return 0;
  }
}
