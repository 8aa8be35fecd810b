package dev.ferry.verify;

import dev.ferry.api.Endpoint;
import dev.ferry.api.VerificationReport.OrphanResult;
import dev.ferry.api.VerifyRequest;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The proof of a target database's references ({@link Orphans}), run on a thread and a connection
 * of its own, as it is the target server's work and can go on while the tables are hashed.
 */
final class ReferenceCheck {

  private ReferenceCheck() {}

  /**
   * Starts proving the target's references (foreign keys, soft and remapped references) on a
   * connection of its own; null when the target is no database. What is left unchecked, and why,
   * is added to {@code notes}.
   */
  static Future<List<OrphanResult>> start(VerifyRequest request, Catalog tc, boolean remapped,
      ExecutorService thread, List<String> notes) {
    if (!(request.to() instanceof Endpoint.Database db)) {
      notes.add("orphans are not checked: the target is a bundle, not a database");
      return null;
    }
    Table identity = request.identity() == null ? null
        : ReferenceColumns.find(tc, request.identity().table()).orElse(null);
    if (request.identity() != null && identity == null) {
      notes.add("identity table " + request.identity().table() + " is not among the target"
          + " tables read: its references are not checked");
    }
    return thread.submit(() -> {
      Dialect dialect = Dialects.forUrl(db.spec().url());
      List<OrphanResult> results = new ArrayList<>();
      try (Connection c = Connections.open(db.spec(), dialect, true)) {
        if ("postgres".equals(dialect.id())) {
          // the check shares the cores with the hashing, which keeps them busy and takes longer:
          // parallel workers would only add their coordination to the CPU both need
          try (Statement s = c.createStatement()) {
            s.execute("SET max_parallel_workers_per_gather = 0");
          }
        }
        Orphans orphans = new Orphans(c, dialect, tc, request.maxDiffs());
        results.addAll(orphans.foreignKeys());
        if (identity != null) {
          results.addAll(orphans.references(ReferenceColumns.soft(tc, request.identity()),
              identity, request.identity().key(), Orphans.SOFT_REFERENCE));
          if (remapped) {
            results.addAll(orphans.references(ReferenceColumns.of(tc, request.identity()),
                identity, request.identity().key(), Orphans.REMAPPED_REFERENCE));
          }
        }
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.INPUT, "checking references in " + db.describe()
            + " failed: " + db.spec().redact(e.getMessage()), e);
      }
      return results;
    });
  }

  /** The check's results, once done; its failure rethrown as it was raised. */
  static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNEXPECTED, "interrupted while checking references", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new FerryException(ErrorCode.UNEXPECTED, "checking references failed: "
          + e.getCause(), e.getCause());
    }
  }
}
