package dev.ferry.schema;

import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a table's primary key, unique constraints and indexes (PostgreSQL, {@code
 * --create-schema}) as soon as the copy has loaded it, on one connection of its own, while the
 * other tables still load: pgcopydb's order, so that the builds of the tables loaded first do
 * not wait for the last one. Only for ferry's own tables; each statement commits by itself, and
 * what a killed attempt built (by name; the key by its presence) is not built again. A statement
 * that fails stops that table's builds and is left to the after-load phase ({@link
 * AfterLoadKeys#buildOutside}), which builds whatever is missing and names what the rows break.
 */
public final class EarlyBuilds {

  private static final Logger LOG = LoggerFactory.getLogger(EarlyBuilds.class);

  private final DdlWriter.Ddl ddl;
  private final List<DdlWriter.TableDdl> waiting;
  private final Set<String> tables;
  private final IndexBuilds.Opener opener;
  private final List<Future<?>> started = new ArrayList<>();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ferry-early-index");
    t.setDaemon(true);
    return t;
  });
  private Connection connection;

  /**
   * @param waiting the tables created without their primary keys
   * @param tables the names of the tables to build for: ferry's own (a reused table may hold a
   *     unique key under another name, which the after-load phase recognises by its columns)
   */
  EarlyBuilds(DdlWriter.Ddl ddl, List<DdlWriter.TableDdl> waiting, Set<String> tables,
      IndexBuilds.Opener opener) {
    this.ddl = ddl;
    this.waiting = waiting;
    this.tables = tables;
    this.opener = opener;
  }

  /** Starts the builds of a table of {@code tables} (by its name as created). */
  public synchronized void tableLoaded(TableName table) {
    if (thread.isShutdown() || !tables.contains(table.name())) {
      return;
    }
    DdlWriter.TableDdl key = waiting.stream().filter(t -> t.table().name().equals(table.name()))
        .findFirst().orElse(null);
    List<DdlWriter.ForeignKeyDdl> indexes = new ArrayList<>();
    ddl.statements().uniques().stream().filter(u -> u.table().name().equals(table.name()))
        .forEach(u -> indexes.add(u.statement()));
    ddl.statements().indexes().stream().filter(i -> i.table().name().equals(table.name()))
        .forEach(indexes::add);
    if (key != null || !indexes.isEmpty()) {
      started.add(thread.submit(() -> build(table, key, indexes)));
    }
  }

  /** Builds what the table lacks of its key (when it waits) and its uniques and indexes. */
  private void build(TableName table, DdlWriter.TableDdl key,
      List<DdlWriter.ForeignKeyDdl> indexes) {
    long start = System.nanoTime();
    int built = 0;
    try {
      if (connection == null) {
        connection = opener.open();
        connection.setAutoCommit(true);
      }
      Set<String> present = indexes.isEmpty() ? Set.of()
          : IndexBuilds.present(indexes, connection);
      try (Statement s = connection.createStatement()) {
        if (key != null && !hasPrimaryKey(table.name())) {
          s.execute(key.addKey());
          built++;
        }
        for (DdlWriter.ForeignKeyDdl index : indexes) {
          if (!present.contains(IndexBuilds.key(index.table().name(), index.name()))) {
            s.execute(index.sql());
            built++;
          }
        }
      }
      LOG.debug("built {} keys and indexes of {} after its load in {} ms", built, table.name(),
          (System.nanoTime() - start) / 1_000_000);
    } catch (SQLException e) {
      LOG.debug("building the keys and indexes of {} early stopped ({}): the after-load phase"
          + " builds the rest", table.name(), e.getMessage());
    }
  }

  private boolean hasPrimaryKey(String table) throws SQLException {
    try (ResultSet rs = connection.getMetaData().getPrimaryKeys(connection.getCatalog(),
        connection.getSchema(), table)) {
      return rs.next();
    }
  }

  /** Waits for the builds started, then closes their connection; starts no more. */
  public synchronized void await() {
    if (thread.isShutdown()) {
      return;
    }
    if (started.isEmpty()) {
      thread.shutdown();
      return;
    }
    started.add(thread.submit(() -> {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // closing only
        }
      }
    }));
    thread.shutdown();
    for (Future<?> f : started) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        LOG.debug("an early build failed: {}", e.getCause().toString());
      }
    }
    started.clear();
  }
}
