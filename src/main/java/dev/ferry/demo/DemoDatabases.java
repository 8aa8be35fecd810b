package dev.ferry.demo;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the demo's embedded SQLite databases from the SQL scripts shipped in the jar. */
public final class DemoDatabases {

  private DemoDatabases() {}

  /**
   * Creates (or recreates) {@code dir/qa.db} and returns its JDBC URL.
   *
   * @throws FerryException when the directory cannot be written
   */
  public static String createQa(Path dir) {
    return create(dir.resolve("qa.db"), "qa.sql");
  }

  /** Creates (or recreates) {@code dir/uat.db}: QA's people under other keys, no business rows. */
  public static String createUat(Path dir) {
    return create(dir.resolve("uat.db"), "uat.sql");
  }

  /** The demo's ferry.yaml: environments qa and uat, and how their users match. */
  public static String config(String qaUrl, String uatUrl) {
    return """
        # Written by 'ferry demo'. Environments, and who the users are on both sides.
        environments:
          qa:
            url: %s
          uat:
            url: %s
        identity:
          table: app_user            # the identity table, same name on both sides
          key: id
          match:                     # tried in order; the first rule giving exactly one target wins
            - column: email
              ignore-case: true
            - column: external_id
            - column: email
              regex: '^(.*)@qa\\.example\\.com$'
              replace: '$1@example.com'
          unmatched: fail            # fail | default:<target key> | null | create
          soft-references:           # columns that hold user keys without a foreign key
            - audit_log.actor_id
        """.formatted(qaUrl, uatUrl);
  }

  private static String create(Path file, String script) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot create " + file + ": " + FileFailure.reason(e)
          + ". Choose another --dir.", e);
    }
    String url = "jdbc:sqlite:" + file;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (String statement : statements(read("schema.sql") + "\n" + read(script))) {
        s.execute(statement);
      }
      c.commit();
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "building the demo database " + file
          + " failed: " + e.getMessage(), e);
    }
    return url;
  }

  private static String read(String script) {
    try (InputStream in = DemoDatabases.class.getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException("demo script " + script + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read demo script " + script, e);
    }
  }

  /** Splits on semicolons that end a line; the demo scripts keep that convention. */
  static String[] statements(String script) {
    StringBuilder clean = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.stripLeading().startsWith("--")) {
        clean.append(line).append('\n');
      }
    }
    return java.util.Arrays.stream(clean.toString().split(";\\s*\n"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }
}
