package dev.ferry.schema;

import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds the secondary indexes {@code --create-schema} creates after the load, each one that the
 * target does not have yet (by table and name, ignoring case). Each {@code CREATE INDEX} commits
 * by itself, so a kill keeps the indexes built and a resume builds only the others. The indexes
 * of different tables are built on up to {@code parallel} connections of their own at once
 * (PostgreSQL builds one index per backend; the copy's {@code --parallel} bounds them); the
 * indexes of one table one after the other, in the DDL's order.
 */
final class IndexBuilds {

  /** Opens a connection to the target, as the copy's own. */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  private IndexBuilds() {}

  /** The index names the target's tables have, as {@code table\0name} lower-cased. */
  static Set<String> present(List<DdlWriter.ForeignKeyDdl> wanted, Connection c)
      throws SQLException {
    Set<String> present = new HashSet<>();
    DatabaseMetaData meta = c.getMetaData();
    Set<String> tables = new TreeSet<>();
    wanted.forEach(i -> tables.add(i.table().name()));
    for (String table : tables) {
      try (ResultSet rs = meta.getIndexInfo(c.getCatalog(), c.getSchema(), table, false,
          true)) {
        while (rs.next()) {
          if (rs.getString("INDEX_NAME") != null) {
            present.add(key(table, rs.getString("INDEX_NAME")));
          }
        }
      }
    }
    return present;
  }

  static String key(String table, String name) {
    return table.toLowerCase(Locale.ROOT) + "\u0000" + name.toLowerCase(Locale.ROOT);
  }

  /** Builds the missing indexes on {@code c}, one after the other. */
  static List<String> serial(List<DdlWriter.ForeignKeyDdl> wanted, Connection c)
      throws SQLException {
    if (wanted.isEmpty()) {
      return List.of();
    }
    Set<String> present = present(wanted, c);
    List<String> created = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      for (DdlWriter.ForeignKeyDdl index : wanted) {
        if (!present.contains(key(index.table().name(), index.name()))) {
          s.execute(index.sql());
          created.add(index.table().name() + "." + index.name());
        }
      }
    }
    return created;
  }

  /**
   * Builds the missing indexes, the tables' on up to {@code parallel} connections at once.
   *
   * @param constraints those of {@code wanted} that are unique constraints (their index has the
   *     constraint's name): one that the rows break fails naming it ({@link AfterLoadKeys})
   * @return the indexes built, as {@code table.name}, in the DDL's order
   */
  static List<String> parallel(List<DdlWriter.ForeignKeyDdl> wanted, Opener opener,
      int parallel, Set<DdlWriter.ForeignKeyDdl> constraints) throws SQLException {
    if (wanted.isEmpty()) {
      return List.of();
    }
    Map<TableName, List<DdlWriter.ForeignKeyDdl>> byTable = new LinkedHashMap<>();
    try (Connection c = opener.open()) {
      Set<String> present = present(wanted, c);
      for (DdlWriter.ForeignKeyDdl index : wanted) {
        if (!present.contains(key(index.table().name(), index.name()))) {
          byTable.computeIfAbsent(index.table(), t -> new ArrayList<>()).add(index);
        }
      }
    }
    if (byTable.isEmpty()) {
      return List.of();
    }
    ConcurrentLinkedQueue<List<DdlWriter.ForeignKeyDdl>> queue =
        new ConcurrentLinkedQueue<>(byTable.values());
    Set<String> built = java.util.concurrent.ConcurrentHashMap.newKeySet();
    int workers = Math.max(1, Math.min(parallel, byTable.size()));
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "ferry-index-build");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        running.add(pool.submit(() -> {
          try (Connection c = opener.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (var table = queue.poll(); table != null; table = queue.poll()) {
              for (DdlWriter.ForeignKeyDdl index : table) {
                try {
                  s.execute(index.sql());
                } catch (SQLException e) {
                  if (constraints.contains(index)) {
                    throw AfterLoadKeys.failed(index.sql().contains(" ADD PRIMARY KEY (")
                        ? "primary key" : "unique constraint", index, e,
                        AfterLoadKeys.FIX_UNIQUE);
                  }
                  throw e;
                }
                built.add(index.table().name() + "." + index.name());
              }
            }
          } catch (SQLException | RuntimeException e) {
            queue.clear(); // the others finish the index they build, and take no other
            throw e;
          }
          return null;
        }));
      }
      SQLException failed = null;
      RuntimeException refused = null;
      for (Future<Void> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof dev.ferry.error.FerryException named) {
            refused = refused == null ? named : refused;
          } else if (failed == null) {
            failed = e.getCause() instanceof SQLException sql ? sql
                : new SQLException(e.getCause().getMessage(), e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while building indexes", e);
        }
      }
      if (refused != null) {
        throw refused;
      }
      if (failed != null) {
        throw failed;
      }
    } finally {
      pool.shutdownNow();
    }
    return wanted.stream().map(i -> i.table().name() + "." + i.name())
        .filter(built::contains).toList();
  }
}
