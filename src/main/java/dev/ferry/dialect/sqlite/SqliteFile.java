package dev.ferry.dialect.sqlite;

import dev.ferry.dialect.FileRunLock;
import dev.ferry.dialect.LockAttempt;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The file behind a SQLite connection: its real path, which tells two databases apart; the run
 * lock beside it; whether this user may write it and its directory.
 */
final class SqliteFile {

  private SqliteFile() {}

  /** The main database file's real path: the same file by any relative path or link. */
  static String identity(Connection connection) throws SQLException {
    java.nio.file.Path file = databaseFile(connection);
    return file == null ? null : "sqlite:" + file;
  }

  /** ferry's run lock beside the database file; nothing to lock where there is no file here. */
  static LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    return FileRunLock.tryLockBeside(databaseFile(connection), holder);
  }

  /** A sync job's leader lock beside the database file, as the run lock. */
  static LockAttempt tryJobLock(Connection connection, String holder, String job)
      throws SQLException {
    return FileRunLock.tryJobLockBeside(databaseFile(connection), holder, job);
  }

  private static java.nio.file.Path databaseFile(Connection connection) throws SQLException {
    List<String> files = SqlQueries.list(connection, "PRAGMA database_list",
        rs -> "main".equals(rs.getString(2)) ? rs.getString(3) : null);
    return FileRunLock.realFile(files.stream().filter(java.util.Objects::nonNull).findFirst()
        .orElse(null));
  }

  /**
   * SQLite has no privileges, but the database file must be writable, and so must its directory:
   * the first write creates the rollback journal (or the WAL and its index) beside the file.
   */
  static List<String> writeProblems(Connection c) throws SQLException {
    String file = SqlQueries.scalar(c, "SELECT file FROM pragma_database_list WHERE name = 'main'");
    if (file == null || file.isEmpty()) {
      return List.of();
    }
    java.nio.file.Path path = java.nio.file.Path.of(file).toAbsolutePath();
    java.nio.file.Path dir = path.getParent();
    List<String> problems = new ArrayList<>();
    if (!java.nio.file.Files.isWritable(path)) {
      problems.add("cannot write the SQLite database " + path + ": the file is not writable for"
          + " this user. Make it writable (chmod u+w), or copy into a database file this user"
          + " owns.");
    }
    if (dir != null && !java.nio.file.Files.isWritable(dir)) {
      problems.add("cannot write the SQLite database " + path + ": its directory " + dir
          + " is not writable for this user, and SQLite creates its journal (" + path.getFileName()
          + "-journal, or -wal and -shm) there on the first write. Make the directory writable.");
    }
    return problems;
  }
}
