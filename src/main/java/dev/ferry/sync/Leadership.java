package dev.ferry.sync;

import dev.ferry.api.SyncJob;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.dialect.LockAttempt;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.FerryException;
import dev.ferry.error.Redactor;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which jobs this process leads (docs/sync.md, "Leader lock"): a job's cycles run only in the
 * process holding its leader lock on the target ({@link Dialect#tryJobLock}), taken on a
 * connection of its own and kept across cycles while that connection answers. A process that
 * dies loses its connections, and with them its locks: the next process to try leads.
 */
final class Leadership implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private record Held(Connection session, AutoCloseable release) {}

  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final Map<String, String> others = new ConcurrentHashMap<>();
  private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

  /**
   * Whether this process leads the job now: the lock it holds, its connection still answering,
   * or else the lock taken now, without waiting.
   */
  boolean lead(SyncJob job) {
    Held h = held.get(job.name());
    if (h != null) {
      if (answers(h.session())) {
        return true;
      }
      LOG.warn("job {}: the connection holding its leader lock on the target was lost;"
          + " taking the lock again", job.name());
      release(job.name());
    }
    Dialect dialect = Dialects.forUrl(job.target().url());
    Connection session = null;
    unreachable.remove(job.name());
    try {
      session = Connections.open(job.target(), dialect, false);
      session.setAutoCommit(true);
      LockAttempt attempt = dialect.tryJobLock(session, holder(job), job.name());
      if (attempt.isTaken()) {
        held.put(job.name(), new Held(session, attempt.release()));
        others.remove(job.name());
        LOG.info("job {}: this process leads it (its leader lock on the target taken)",
            job.name());
        return true;
      }
      close(session);
      String other = attempt.refusal() != null ? attempt.refusal()
          : "another ferry sync leads it: " + attempt.heldBy();
      if (!other.equals(others.put(job.name(), other))) {
        LOG.info("job {}: standing by, {}", job.name(), other);
      }
      return false;
    } catch (SQLException | FerryException e) {
      close(session);
      unreachable.add(job.name());
      others.put(job.name(), "its leader lock could not be tried: "
          + Redactor.scrub(e.getMessage()));
      LOG.warn("job {}: {}", job.name(), others.get(job.name()));
      return false;
    }
  }

  /** Whether this process holds the job's lock (not asking whether its connection answers). */
  boolean holds(String job) {
    return held.containsKey(job);
  }

  /** Tries to lead the job until it does or {@code wait} has passed, trying every second. */
  boolean await(SyncJob job, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!lead(job)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      Thread.sleep(Math.max(1, Math.min(1_000, left / 1_000_000)));
    }
    return true;
  }

  /** Why this process does not lead the job: who does, or why the lock could not be tried. */
  String why(String job) {
    return others.getOrDefault(job, "another ferry sync leads it");
  }

  /** Whether the last try of the job's lock failed to reach the target (not held elsewhere). */
  boolean unreachable(String job) {
    return unreachable.contains(job);
  }

  /** Lets go of the job's lock, if held. */
  void release(String job) {
    Held h = held.remove(job);
    if (h == null) {
      return;
    }
    try {
      h.release().close();
    } catch (Exception e) {
      LOG.debug("job {}: releasing its leader lock: {}", job, e.getMessage());
    }
    close(h.session());
  }

  @Override
  public void close() {
    held.keySet().forEach(this::release);
  }

  private static boolean answers(Connection session) {
    try {
      return session.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void close(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing the session releases a server-side lock in any case
    }
  }

  private static String holder(SyncJob job) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "?";
    }
    return "ferry sync " + job.name() + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + " (process " + ProcessHandle.current().pid() + " on " + host + ")";
  }
}
