package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Drops the databases a test class asked {@link TestDatabases} for once the class is done
 * (PostgreSQL and MariaDB databases, SQLite and H2 files), so that the whole suite holds only one
 * class's databases on disk at a time: a PostgreSQL database takes 7.5 MB before its first table,
 * and the suite creates hundreds. Registered for every test class through {@code
 * META-INF/services} (automatic detection is on in {@code junit-platform.properties}). Best
 * effort: what cannot be dropped stays until {@code target/} is cleaned.
 */
public final class DropsTestDatabases implements BeforeAllCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DropsTestDatabases.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("mark", TestDatabases.handedOut());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Integer mark = context.getStore(NAMESPACE).get("mark", Integer.class);
    if (mark == null) {
      return;
    }
    for (TestDatabase db : TestDatabases.takeBackSince(mark)) {
      try {
        drop(db);
      } catch (RuntimeException | SQLException | IOException ignored) {
        // best effort, as said above
      }
    }
  }

  private static void drop(TestDatabase db) throws SQLException, IOException {
    switch (db.engine()) {
      case "postgres" -> {
        try (Connection c = DriverManager.getConnection(TestDatabases.postgresAdminUrl());
            Statement s = c.createStatement()) {
          // a logical replication slot (sync's change capture) keeps its database: it goes first
          s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + db.name() + "' AND pid <> pg_backend_pid()");
          s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
              + " WHERE database = '" + db.name() + "' AND NOT active");
          s.execute("DROP DATABASE IF EXISTS " + db.name() + " WITH (FORCE)");
        }
      }
      case "mariadb" -> {
        try (Connection c = DriverManager.getConnection(TestDatabases.mariaDbAdminUrl());
            Statement s = c.createStatement()) {
          // a connection a test left open must not hold the suite up
          s.execute("SET SESSION lock_wait_timeout = 5");
          s.execute("DROP DATABASE IF EXISTS " + db.name());
        }
      }
      default -> {
        try (var files = Files.list(TestDatabases.workDir())) {
          for (Path file : files.filter(f -> isFileOf(f, db.name())).toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }

  /** {@code sqlite_1_2.db}, {@code sqlite_1_2.db-wal}, {@code h2_1_3.mv.db} and their locks. */
  private static boolean isFileOf(Path file, String name) {
    String fileName = file.getFileName().toString();
    return Files.isRegularFile(file)
        && (fileName.startsWith(name + ".") || fileName.startsWith(name + "-"));
  }
}
