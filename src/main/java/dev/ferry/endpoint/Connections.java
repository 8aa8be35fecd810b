package dev.ferry.endpoint;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * Opens JDBC connections and turns connection failures into one clear sentence each: what failed,
 * for which endpoint (credentials masked), and what to do.
 */
public final class Connections {

  /** Seconds to wait for a server before saying it cannot be reached. */
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  static {
    // The drivers ferry carries register themselves when their class loads. DriverManager finds
    // them through the class loader of the thread that first asked it, which in a container (a
    // Spark executor running ferry-spark.jar) may not see ferry's jar: load them through ours.
    var drivers = java.util.ServiceLoader.load(java.sql.Driver.class,
        Connections.class.getClassLoader()).iterator();
    while (true) {
      try {
        if (!drivers.hasNext()) {
          break;
        }
        drivers.next();
      } catch (java.util.ServiceConfigurationError e) {
        // a driver that cannot load here is one this process does not use
      }
    }
  }

  private Connections() {}

  /**
   * Opens a connection to an existing database.
   *
   * @param spec where and who
   * @param dialect the engine's dialect
   * @param readOnly true to ask the driver for a read-only session
   * @throws FerryException {@link ErrorCode#CONNECTION} when the database cannot be reached,
   *     authenticated against or found
   */
  public static Connection open(ConnectionSpec spec, Dialect dialect, boolean readOnly) {
    UserInfo info = UserInfo.split(dialect.driverUrl(spec.url()));
    String url = info.url();
    if (dialect.supports(Capability.CREATES_MISSING_DATABASE)) {
      url = requireExistingFile(spec, dialect, url);
    }
    Properties props = new Properties();
    String user = spec.user() != null ? spec.user() : info.user();
    String password = spec.password() != null ? spec.password() : info.password();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    dialect.connectionProperties(CONNECT_TIMEOUT_SECONDS, readOnly).forEach(props::putIfAbsent);
    DriverManager.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
    try {
      Connection connection = DriverManager.getConnection(url, props);
      if (readOnly && !"sqlite".equals(dialect.id())) {
        connection.setReadOnly(true);
      }
      return connection;
    } catch (SQLException e) {
      throw classify(e, spec, user);
    }
  }

  /**
   * Opens a connection as {@link #open(ConnectionSpec, Dialect, boolean)} does, whose waits for
   * locks other sessions hold end after {@code lockTimeoutMillis} with an error the dialect
   * recognises ({@link Dialect#isLockTimeout}) instead of lasting for ever.
   */
  public static Connection open(ConnectionSpec spec, Dialect dialect, boolean readOnly,
      long lockTimeoutMillis) {
    Connection connection = open(spec, dialect, readOnly);
    try (java.sql.Statement s = connection.createStatement()) {
      for (String sql : dialect.lockTimeoutStatements(lockTimeoutMillis)) {
        s.execute(sql);
      }
      return connection;
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the failure to report is the one above
      }
      throw classify(e, spec);
    }
  }

  /** SQLite and H2 create a missing file on connect; reading must not. */
  private static String requireExistingFile(ConnectionSpec spec, Dialect dialect, String url) {
    if ("h2".equals(dialect.id())) {
      String lower = url.toLowerCase(Locale.ROOT);
      boolean embeddedFile = !lower.startsWith("jdbc:h2:mem:") && !lower.startsWith("jdbc:h2:tcp:")
          && !lower.startsWith("jdbc:h2:ssl:");
      return embeddedFile && !lower.contains("ifexists=") ? url + ";IFEXISTS=TRUE" : url;
    }
    String path = url.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.startsWith("file:")) {
      path = path.substring(5);
    }
    if (!path.isEmpty() && !path.equals(":memory:") && !Files.isRegularFile(Path.of(path))) {
      throw new FerryException(ErrorCode.CONNECTION, "SQLite database file " + path
          + " does not exist (endpoint " + spec.describe() + "). Check the path in the URL.");
    }
    return url;
  }

  static FerryException classify(SQLException e, ConnectionSpec spec) {
    return classify(e, spec, spec.user() != null ? spec.user()
        : UserInfo.split(spec.url()).user());
  }

  /**
   * The failure to connect as one sentence.
   *
   * @param user the user the connection was attempted as (given, or from the URL's user-info)
   */
  static FerryException classify(SQLException e, ConnectionSpec spec, String user) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    int vendor = e.getErrorCode();
    String message = spec.redact(String.valueOf(e.getMessage()));
    String lower = message.toLowerCase(Locale.ROOT);
    String who = user != null ? "user '" + user + "'" : "the configured user";
    if (state.startsWith("28") || vendor == 1045 || vendor == 18456
        || lower.contains("password authentication failed") || lower.contains("access denied")
        || lower.contains("wrong user name or password")) {
      return new FerryException(ErrorCode.CONNECTION, "authentication failed for " + who + " at "
          + spec.describe() + ". Check the user and password (--user, --password-env,"
          + " --password-file, or the environment's password in ferry.yaml).", e);
    }
    if (state.equals("3D000") || vendor == 1049 || vendor == 4060
        || (lower.contains("database") && lower.contains("does not exist"))
        || lower.contains("unknown database") || vendor == 90146) {
      return new FerryException(ErrorCode.CONNECTION, "database not found at " + spec.describe()
          + ": " + firstLine(message) + ". Check the database name in the URL.", e);
    }
    Throwable network = networkCause(e);
    if (network != null || state.startsWith("08")) {
      String reason = network != null ? describeNetwork(network) : firstLine(message);
      return new FerryException(ErrorCode.CONNECTION, "cannot reach " + spec.describe() + " ("
          + reason + "). Is the server running, and are host and port right?", e);
    }
    if (lower.contains("no suitable driver")) {
      return new FerryException(ErrorCode.USAGE, "no JDBC driver accepts " + spec.displayUrl()
          + ". Check the URL's form for its engine (see docs/configuration.md).", e);
    }
    return new FerryException(ErrorCode.CONNECTION, "cannot connect to " + spec.describe() + ": "
        + firstLine(message) + (state.isEmpty() ? "" : " [SQLState " + state + "]"), e);
  }

  private static Throwable networkCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof SocketTimeoutException || t instanceof NoRouteToHostException) {
        return t;
      }
    }
    return null;
  }

  private static String describeNetwork(Throwable t) {
    if (t instanceof UnknownHostException) {
      return t.getMessage() == null ? "unknown host" : "unknown host " + t.getMessage();
    }
    if (t instanceof SocketTimeoutException) {
      return "no answer within " + CONNECT_TIMEOUT_SECONDS + " s";
    }
    if (t.getMessage() != null) {
      return firstLine(t.getMessage());
    }
    return t instanceof NoRouteToHostException ? "no route to host" : "connection refused";
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).trim();
  }
}
