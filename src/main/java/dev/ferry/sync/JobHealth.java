package dev.ferry.sync;

import dev.ferry.api.SyncJob;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.FerryException;
import dev.ferry.error.Redactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each job's endpoints answer: probed before every attempt of its cycle. The service is
 * ready when every job's source and target answered at its last attempt; until a job's first
 * probe it is not.
 */
final class JobHealth {

  private static final String NOT_YET = "its endpoints have not answered yet";

  private final Map<String, String> problems = new ConcurrentHashMap<>();

  JobHealth(List<SyncJob> jobs) {
    jobs.forEach(j -> problems.put(j.name(), NOT_YET));
  }

  /** Opens and closes a connection to each endpoint; the problem, or null when both answered. */
  String probe(SyncJob job) {
    String problem = null;
    for (var side : List.of(Map.entry("source", job.source()), Map.entry("target",
        job.target()))) {
      try (Connection c = Connections.open(side.getValue(),
          Dialects.forUrl(side.getValue().url()), false)) {
        c.isValid(1);
      } catch (FerryException | SQLException e) {
        problem = side.getKey() + " " + side.getValue().displayUrl() + " does not answer: "
            + Redactor.scrub(e.getMessage());
        break;
      }
    }
    problems.put(job.name(), problem == null ? "" : problem);
    return problem;
  }

  /** A job whose change stream is down, with why, until its next probe. */
  void down(SyncJob job, String problem) {
    problems.put(job.name(), problem);
  }

  /** A job whose change stream started: ready (its endpoints answered just before). */
  void up(SyncJob job) {
    problems.put(job.name(), "");
  }

  /** The jobs whose endpoints did not answer at their last attempt, with why; empty: ready. */
  Map<String, String> failing() {
    Map<String, String> failing = new TreeMap<>();
    problems.forEach((job, problem) -> {
      if (!problem.isEmpty()) {
        failing.put(job, problem);
      }
    });
    return failing;
  }
}
