package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary password on every path a driver's or ferry's text takes to the user: connecting,
 * reading, writing, verifying, scripts, the user map, at {@code --verbose} with logs and stack
 * traces, and in every file written. It must appear nowhere, in none of its spellings.
 */
class SecretsIT {

  /** Has a character URLs must encode, so that its raw and encoded spellings both count. */
  private static final String CANARY = "Kanary@Pw-4711";
  private static final String ENCODED = URLEncoder.encode(CANARY, StandardCharsets.UTF_8);

  private static final String SCHEMA = """
      CREATE TABLE app_user (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(100) NOT NULL);
      CREATE TABLE note (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER NOT NULL,
        body VARCHAR(100), CONSTRAINT note_author_fk FOREIGN KEY (author_id)
        REFERENCES app_user (id))
      """;

  @TempDir Path dir;

  @Test
  void userInfoUrlsWorkOnEveryCommandAndThePasswordAppearsNowhere() throws Exception {
    // given: PostgreSQL and MariaDB reached as user:password@host, the password URL-encoded
    TestDatabase pg = TestDatabases.freshPostgres();
    SqlScripts.execute(pg, SCHEMA);
    SqlScripts.execute(pg, """
        INSERT INTO app_user VALUES (1, 'ann@example.com'), (2, 'bo@example.com');
        INSERT INTO note VALUES (10, 1, 'first'), (11, 2, 'second')
        """);
    String role = TestDatabases.createPostgresLogin(pg, CANARY);
    SqlScripts.execute(pg, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    TestDatabase mdb = TestDatabases.freshMariaDb();
    SqlScripts.execute(mdb, SCHEMA);
    String user = TestDatabases.createMariaDbLogin(mdb, CANARY);
    SqlScripts.execute(mdb, "GRANT ALL PRIVILEGES ON " + mdb.name() + ".* TO '" + user
        + "'@'localhost'");
    String from = userInfo(pg, role, ENCODED);
    String to = userInfo(mdb, user, ENCODED);
    Path config = Files.writeString(dir.resolve("ferry.yaml"), """
        identity:
          table: app_user
          key: id
          match:
            - column: email
        """);
    String cfg = config.toString();

    // when
    List<Cli.Result> runs = new ArrayList<>();
    runs.add(Cli.run("--config", cfg, "inspect", from, "--out", out("inspect"), "-v"));
    runs.add(Cli.run("--config", cfg, "fingerprint", from, "--out", out("fp.json"), "-v"));
    runs.add(Cli.run("--config", cfg, "copy", "--from", from, "--to", to, "--report",
        out("run"), "-v"));
    runs.add(Cli.run("--config", cfg, "verify", "--from", from, "--to", to, "--out",
        out("verify"), "-v"));
    runs.add(Cli.run("--config", cfg, "users", "map", "--from", from, "--to", to, "--out",
        out("map/user-map.csv"), "-v"));
    runs.add(Cli.run("--config", cfg, "users", "validate", "--from", from, "--to", to,
        "--map", out("map/user-map.csv"), "-v"));
    runs.add(Cli.run("--config", cfg, "script", "inserts", "--from", from, "--dialect",
        "mysql", "--out", out("scripts"), "-v"));
    runs.add(Cli.run("--config", cfg, "script", "remap", "--from", from, "--to", to,
        "--users-map", out("map/user-map.csv"), "--dialect", "mysql", "--out",
        out("remap.sql"), "-v"));
    runs.add(Cli.run("--config", cfg, "export", "--from", from, "--to", out("bundle"), "-v"));

    // then
    for (Cli.Result run : runs) {
      assertThat(run.exitCode()).as(run.toString()).isZero();
    }
    assertNowhere(runs);
  }

  @Test
  void wrongPasswordInUserInfoIsAnAuthenticationFailureWithoutThePassword() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    String role = TestDatabases.createPostgresLogin(pg, "the-right-one");
    TestDatabase mdb = TestDatabases.freshMariaDb();
    String user = TestDatabases.createMariaDbLogin(mdb, "the-right-one");

    SqlScripts.execute(pg, "CREATE TABLE app_user (id INTEGER PRIMARY KEY, email TEXT)");
    Path config = write("ferry.yaml", "identity: {table: app_user, key: id,"
        + " match: [{column: email}]}\n");

    // when: the target's users are read on a thread of their own
    List<Cli.Result> runs = List.of(
        Cli.run("inspect", userInfo(pg, role, ENCODED), "--out", out("a"), "-v"),
        Cli.run("inspect", userInfo(mdb, user, ENCODED), "--out", out("b"), "-v"),
        Cli.run("inspect", userInfo(pg, role, ENCODED), "--out", out("c")),
        Cli.run("--config", config.toString(), "users", "map", "--from", pg.url(), "--to",
            userInfo(mdb, user, ENCODED), "--out", out("m/user-map.csv"), "-v"),
        Cli.run("copy", "--from", pg.url(), "--to", userInfo(mdb, user, CANARY), "--report",
            out("run"), "-v"));

    // then
    for (Cli.Result run : runs) {
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.err()).as(run.toString()).contains("authentication failed for user");
    }
    assertNowhere(runs);
  }

  @Test
  void unreachableServersNeverShowThePasswordOfTheirUrl() {
    // when: user-info, and password parameters in any case, on servers that do not answer
    List<Cli.Result> runs = new ArrayList<>();
    for (String url : List.of(
        "jdbc:postgresql://bob:" + ENCODED + "@127.0.0.1:1/x",
        "jdbc:postgresql://bob:" + CANARY + "@127.0.0.1:1/x",
        "jdbc:mariadb://bob:" + ENCODED + "@127.0.0.1:1/x",
        "jdbc:mysql://bob:" + CANARY + "@127.0.0.1:1/x",
        "jdbc:postgresql://127.0.0.1:1/x?user=bob&PassWord=" + ENCODED,
        "jdbc:mariadb://127.0.0.1:1/x?user=bob&PASSWORD=" + CANARY)) {
      runs.add(Cli.run("inspect", url, "--out", out("x"), "-v"));
      runs.add(Cli.run("copy", "--from", url, "--to", out("bundle"), "-v"));
    }

    // then
    for (Cli.Result run : runs) {
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.err()).as(run.toString()).contains("cannot reach");
    }
    assertNowhere(runs);
  }

  @Test
  void h2PasswordInTheUrlStaysOutOfMessagesAndStackTraces() {
    // when: H2 refuses a relative path and quotes the whole URL in its message
    List<Cli.Result> runs = List.of(
        Cli.run("inspect", "jdbc:h2:file:relative-h2;USER=sa;PASSWORD=" + CANARY, "--out",
            out("h2"), "-v"),
        Cli.run("fingerprint", "jdbc:h2:file:relative-h2;USER=sa;password=" + CANARY, "--out",
            out("fp.json")));

    // then
    for (Cli.Result run : runs) {
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.err()).as(run.toString()).contains("relative");
    }
    assertNowhere(runs);
  }

  @Test
  void sqlErrorsInTheMiddleOfARunNeverShowThePassword() throws Exception {
    // given: the target lacks a column the source has, found once both sides are connected
    TestDatabase pg = TestDatabases.freshPostgres();
    SqlScripts.execute(pg, SCHEMA);
    SqlScripts.execute(pg, "INSERT INTO app_user VALUES (1, 'ann@example.com')");
    String role = TestDatabases.createPostgresLogin(pg, CANARY);
    SqlScripts.execute(pg, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    TestDatabase mdb = TestDatabases.freshMariaDb();
    SqlScripts.execute(mdb, "CREATE TABLE app_user (id INTEGER NOT NULL PRIMARY KEY)");
    String user = TestDatabases.createMariaDbLogin(mdb, CANARY);
    String from = pg.bareUrl() + "?user=" + role + "&password=" + ENCODED;
    String to = mdb.bareUrl() + "?user=" + user + "&Password=" + ENCODED;

    // when
    List<Cli.Result> runs = List.of(
        Cli.run("copy", "--from", from, "--to", to, "--include", "app_user", "--report",
            out("run"), "-v"),
        Cli.run("verify", "--from", from, "--to", to, "--include", "app_user", "--out",
            out("verify"), "-v"),
        Cli.run("inspect", userInfo(mdb, user, ENCODED), "--schema", "mysql", "--out",
            out("denied"), "-v"));

    // then
    for (Cli.Result run : runs) {
      assertThat(run.exitCode()).as(run.toString()).isNotZero();
    }
    assertNowhere(runs);
  }

  private Path write(String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String out(String name) {
    return dir.resolve(name).toString();
  }

  /** The server URL of a test database with user and password before the host. */
  private static String userInfo(TestDatabase db, String user, String password) {
    String bare = db.bareUrl();
    int slashes = bare.indexOf("//") + 2;
    return bare.substring(0, slashes) + user + ":" + password + "@" + bare.substring(slashes);
  }

  /** Neither spelling of the canary in any output of the runs or any file under the dir. */
  private void assertNowhere(List<Cli.Result> runs) {
    for (Cli.Result run : runs) {
      assertThat(run.all()).as(run.toString()).doesNotContain(CANARY).doesNotContain(ENCODED)
          .doesNotContainIgnoringCase("Kanary%40");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(text).as(file.toString()).doesNotContain(CANARY).doesNotContain(ENCODED);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
