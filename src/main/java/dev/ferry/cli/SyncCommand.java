package dev.ferry.cli;

import dev.ferry.Ferry;
import dev.ferry.api.CycleOutcome;
import dev.ferry.api.SyncConfig;
import dev.ferry.endpoint.SyncLoader;
import dev.ferry.json.Json;
import dev.ferry.sync.SyncOnce;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry sync}: jobs that keep targets in step with their sources. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Keeps target databases in step with their sources, a cycle at a time.",
      "sync.yaml (--config) names the jobs: source, target, tables, merge modes, interval",
      "or cron (UTC), retry, webhook. A cycle is a copy under the job's merge modes: rows",
      "the target already holds the same are not written again. Each cycle is recorded in",
      "the target's sync_cycles.",
      "Without --once ferry runs as a service: every job on its own schedule, with",
      "/health/live, /health/ready and /metrics (Prometheus) on --port, until SIGTERM.",
      "A job's cycles run in one process at a time: the one holding its leader lock on the",
      "target; another stands by and takes over when that one ends or dies.",
      "See docs/sync.md.",
      ""
    },
    footer = {
      "",
      "Exit codes (--once): the worst job's: 0 every cycle clean; 2 a bad sync.yaml or an",
      "  endpoint that did not answer; 3 a proof failed or conflicts were recorded; 4 a cycle",
      "  refused by preflight (nothing written), or a job another ferry sync leads (standby).",
      "  The service exits 0 on SIGTERM or SIGINT.",
      "Examples:",
      "  ferry sync --config sync.yaml --once",
      "  ferry sync --config sync.yaml --once --job orders",
      "  ferry sync --config sync.yaml --port 9090"
    })
final class SyncCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--once", description = "Run each selected job's cycle once (with its"
      + " retries) and exit with the worst job's exit code.")
  boolean once;

  @Option(names = "--job", paramLabel = "NAME",
      description = "Run only this job (default: every job).")
  String job;

  @Option(names = "--leader-wait", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "With --once: how long to wait for a job that another ferry sync leads"
          + " (default 0s: not run, status standby, exit 4).")
  java.time.Duration leaderWait;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "The service's HTTP port for health and metrics (default 8080; 0: any free"
          + " port, printed).")
  int port;

  @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long a stopping service (or --once) waits for the cycles in flight to"
          + " stop between chunks (default 60s).")
  java.time.Duration shutdownTimeout;

  @Option(names = "--log-format", paramLabel = "FORMAT",
      description = "Log lines (stderr) as json (one object a line: timestamp, level, logger,"
          + " message, job, cycle) or text. Default: text on a terminal, else json.")
  String logFormat;

  @Option(names = "--json", description = "Print the outcomes (--once) as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path file = spec.findOption("--config") == null ? null
        : spec.findOption("--config").getValue();
    if (file == null) {
      throw new ParameterException(spec.commandLine(), "ferry sync needs its jobs:"
          + " --config sync.yaml (docs/sync.md)");
    }
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 (any free port) to"
          + " 65535, not " + port);
    }
    if (leaderWait != null && !once) {
      throw new ParameterException(spec.commandLine(), "--leader-wait goes with --once: the"
          + " service itself stands by for a job another process leads, and takes it over when"
          + " that one lets go");
    }
    if (logFormat != null && !logFormat.equals("json") && !logFormat.equals("text")) {
      throw new ParameterException(spec.commandLine(), "--log-format must be json or text, not "
          + logFormat);
    }
    // a terminal is read by a person; anything else (a file, a pipe, a container's log) by tools
    LogSetup.useJson(logFormat == null ? System.console() == null : logFormat.equals("json"));
    SyncConfig config = new SyncLoader().load(file);
    PrintWriter out = spec.commandLine().getOut();
    if (!once) {
      return SyncServiceRun.run(config, job, port, shutdownTimeout, out);
    }
    // SIGTERM or SIGINT: the cycle in flight stops between chunks, is recorded and printed
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch printed = new CountDownLatch(1);
    Thread stop = new Thread(() -> {
      stopping.set(true);
      try {
        printed.await(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ferry-sync-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      return once(config, out, stopping);
    } finally {
      printed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException stopped) {
        // the process is stopping: the hook has run, and let it end once this is printed
      }
    }
  }

  /** {@code --once}: each selected job's cycle, printed; the worst job's exit code. */
  private int once(SyncConfig config, PrintWriter out, AtomicBoolean stopping) {
    List<CycleOutcome> outcomes = Ferry.syncOnce(config, job,
        leaderWait == null ? java.time.Duration.ZERO : leaderWait, stopping::get);
    if (json) {
      out.print(Json.pretty(outcomes));
    } else {
      for (CycleOutcome o : outcomes) {
        var f = o.fates();
        out.println("job " + o.job() + ": " + o.status() + " (cycle " + o.cycleId() + ": "
            + f.inserted() + " inserted, " + f.updated() + " updated, " + f.unchanged()
            + " unchanged, " + f.skipped() + " skipped, " + f.conflicts() + " conflicts"
            + (f.deleted() == null || f.deleted() == 0 ? "" : ", " + f.deleted() + " deleted")
            + ")" + (o.message() == null ? "" : ": " + o.message()));
      }
    }
    out.flush();
    return SyncOnce.exitCode(outcomes);
  }
}
