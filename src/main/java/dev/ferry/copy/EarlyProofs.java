package dev.ferry.copy;

import dev.ferry.api.RunReport.OrphanCheck;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Proves the foreign keys loaded without checks while the load goes on: each proof ({@link
 * PostLoad.ProofGroup}) runs on a connection of its own as soon as every step that writes the
 * tables it reads is complete, so the proofs of the tables loaded first overlap the load of the
 * last ones instead of following it. Each proof reads committed rows that no later step changes.
 * A key that {@code --create-schema} creates after the load ({@link DeferredSchema#keysBySource})
 * is proven by its creation, which checks every row as the orphan check would: its check runs
 * only when the key was not created by this attempt (a reused table's, or one created before a
 * kill), after the load.
 */
final class EarlyProofs implements AutoCloseable {

  private final JdbcTarget target;
  private final Catalog source;
  private final Catalog targetCatalog;
  private final List<Edge> edges;
  private final Map<TableName, Set<Integer>> stepsWriting = new HashMap<>();
  private final List<PostLoad.ProofGroup> waiting;
  /** The edges a key created after the load proves, by id, to the name it is created as. */
  private final Map<String, String> byCreation;
  private final List<Future<Map<String, Long>>> started = new ArrayList<>();
  private final Set<Integer> finished = new HashSet<>();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ferry-proofs");
    t.setDaemon(true);
    return t;
  });
  private volatile Connection connection;
  private boolean awaited;

  EarlyProofs(JdbcTarget target, CopyPlan plan, Catalog source, Catalog targetCatalog,
      Map<String, String> byCreation) {
    this.target = target;
    this.source = source;
    this.targetCatalog = targetCatalog;
    this.edges = plan.orphanChecks();
    this.byCreation = byCreation;
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        stepsWriting.computeIfAbsent(t.source(), k -> new HashSet<>()).add(step.id());
      }
    }
    this.waiting = new ArrayList<>(PostLoad.groups(edges.stream()
        .filter(e -> !byCreation.containsKey(e.id())).toList(), targetCatalog, source));
  }

  /** Called as each step completes: starts the proofs whose tables are now all written. */
  void stepFinished(int step) {
    finished.add(step);
    for (var it = waiting.iterator(); it.hasNext(); ) {
      PostLoad.ProofGroup group = it.next();
      boolean ready = group.tables().stream()
          .allMatch(t -> finished.containsAll(stepsWriting.getOrDefault(t, Set.of())));
      if (ready) {
        it.remove();
        started.add(thread.submit(() -> PostLoad.prove(connection(), target.dialect(), group,
            source, targetCatalog)));
      }
    }
  }

  /**
   * Runs the proofs not started yet and waits for all: the checks in the order of the edges.
   *
   * @param created the keys the after-load DDL created in this attempt ({@code table.name}): the
   *     edges they prove need no check; those of the others are checked now
   */
  List<OrphanCheck> await(Collection<String> created) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    List<Edge> unproven = new ArrayList<>();
    for (Edge e : edges) {
      String key = byCreation.get(e.id());
      if (key != null && created.contains(key)) {
        counts.put(e.id(), 0L);
      } else if (key != null) {
        unproven.add(e);
      }
    }
    waiting.addAll(PostLoad.groups(unproven, targetCatalog, source));
    for (PostLoad.ProofGroup group : waiting) {
      started.add(thread.submit(() -> PostLoad.prove(connection(), target.dialect(), group,
          source, targetCatalog)));
    }
    waiting.clear();
    for (Future<Map<String, Long>> proof : started) {
      try {
        counts.putAll(proof.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while proving foreign keys", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw e.getCause() instanceof RuntimeException r ? r
            : new IllegalStateException(e.getCause());
      }
    }
    awaited = true;
    return PostLoad.checks(edges, counts);
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = target.openReader();
    }
    return connection;
  }

  /**
   * Stops the proofs. After {@link #await} they are all done; otherwise (the load failed) a proof
   * still running is aborted with its connection rather than waited for, as a scan of a large
   * table would delay the failure's report by as long as it runs.
   */
  @Override
  public void close() {
    thread.shutdownNow();
    Connection c = connection;
    if (c != null && !awaited) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException notSupported) {
        // the close below ends it, once the query is over
      }
    }
    try {
      thread.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the proofs are over; a failing close changes nothing they found
      }
    }
  }
}
