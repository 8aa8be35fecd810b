package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.Ferry;
import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry inspect} given something it cannot use: one line on stderr saying what and what to
 * do, exit code 2, no stack trace unless {@code --verbose}, and never a password.
 */
class InspectBadInputIT {

  /** Set by Failsafe (pom.xml), so that a ferry.yaml can refer to it as ${FERRY_IT_PASSWORD}. */
  private static final String CONFIG_PASSWORD_VARIABLE = "FERRY_IT_PASSWORD";
  private static final String WRONG_PASSWORD = "Wr0ng-Pa55word-4711";

  @TempDir Path dir;

  @Test
  void unreachableServerIsOneLineWithoutStackTrace() {
    Cli.Result result = inspect("jdbc:postgresql://127.0.0.1:1/x?user=ferry");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertOneLine(result, "cannot reach");
    assertThat(result.err()).contains("127.0.0.1:1");
  }

  @Test
  void unreachableServerWithVerboseShowsTheStackTrace() {
    Cli.Result result = inspect("jdbc:postgresql://127.0.0.1:1/x?user=ferry", "--verbose");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("cannot reach", "\tat dev.ferry.", "ConnectException");
  }

  @Test
  void wrongPostgresPasswordIsAnAuthenticationFailureThatNeverShowsThePassword() {
    // given
    TestDatabase db = tableDatabase(TestDatabases.freshPostgres());
    String role = TestDatabases.createPostgresLogin(db, "the-right-one");

    // when
    Cli.Result inUrl = inspect(db.bareUrl() + "?user=" + role + "&password=" + WRONG_PASSWORD);
    Cli.Result inFile = inspect(db.bareUrl(), "--user", role, "--password-file",
        passwordFile(WRONG_PASSWORD));
    Cli.Result verbose = inspect(db.bareUrl(), "--user", role, "--password-file",
        passwordFile(WRONG_PASSWORD), "--verbose");

    // then
    for (Cli.Result result : new Cli.Result[] {inUrl, inFile}) {
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertOneLine(result, "authentication failed");
      assertThat(result.err()).contains(role);
    }
    assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(2);
    assertThat(inUrl.all() + inFile.all() + verbose.all()).doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void wrongMariaDbPasswordIsAnAuthenticationFailureThatNeverShowsThePassword() {
    // given
    TestDatabase db = tableDatabase(TestDatabases.freshMariaDb());
    String user = TestDatabases.createMariaDbLogin(db, "the-right-one");

    // when
    Cli.Result inUrl = inspect(db.bareUrl() + "?user=" + user + "&password=" + WRONG_PASSWORD);
    Cli.Result verbose = inspect(db.bareUrl(), "--user", user, "--password-file",
        passwordFile(WRONG_PASSWORD), "--verbose");

    // then
    assertThat(inUrl.exitCode()).as(inUrl.toString()).isEqualTo(2);
    assertOneLine(inUrl, "authentication failed");
    assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(2);
    assertThat(inUrl.all() + verbose.all()).doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void unknownUrlSchemeIsNamed() {
    Cli.Result result = inspect("jdbc:foo:bar");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertOneLine(result, "unknown database URL scheme 'foo'");
  }

  @Test
  void missingPostgresDatabaseIsNotFound() {
    TestDatabase db = TestDatabases.freshPostgres();

    Cli.Result result = inspect(db.url().replace(db.name(), "no_such_db"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertOneLine(result, "database not found");
  }

  @Test
  void missingMariaDbDatabaseIsNotFound() {
    TestDatabase db = TestDatabases.freshMariaDb();

    Cli.Result result = inspect(db.url().replace(db.name(), "no_such_db"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertOneLine(result, "database not found");
  }

  @Test
  void missingSchemaIsNamedWithTheSchemasThatExist() {
    // given
    TestDatabase db = tableDatabase(TestDatabases.freshPostgres());
    SqlScripts.execute(db, "CREATE SCHEMA sales");

    // when
    Cli.Result result = inspect(db.url(), "--schema", "nope");

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertOneLine(result, "schema 'nope' not found");
    assertThat(result.err()).contains("public, sales");
  }

  @Test
  void emptyDatabaseHasNoTables() {
    Cli.Result result = inspect(TestDatabases.freshPostgres().url());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertOneLine(result, "no tables found");
  }

  @Test
  void missingSqliteFileIsReportedAndNotCreated() {
    Path missing = dir.resolve("missing.db");

    Cli.Result result = inspect("jdbc:sqlite:" + missing);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertOneLine(result, "does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void environmentFromTheConfigurationConnectsWithoutShowingItsPassword() throws Exception {
    // given
    String password = System.getenv(CONFIG_PASSWORD_VARIABLE);
    assumeTrue(password != null, CONFIG_PASSWORD_VARIABLE + " is set by Failsafe");
    TestDatabase db = tableDatabase(TestDatabases.freshPostgres());
    String role = TestDatabases.createPostgresLogin(db, password);
    SqlScripts.execute(db, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    Path config = Files.writeString(dir.resolve("ferry.yaml"), """
        environments:
          qa:
            url: %s
            user: %s
            password: ${%s}
        """.formatted(db.bareUrl(), role, CONFIG_PASSWORD_VARIABLE));
    Path out = dir.resolve("out");

    // when
    Cli.Result after = Cli.run("inspect", "qa", "--config", config.toString(),
        "--out", out.toString(), "--verbose");
    Cli.Result before = Cli.run("--config", config.toString(), "inspect", "qa",
        "--out", dir.resolve("out2").toString());

    // then
    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(after.out()).contains("qa (" + db.bareUrl() + ")");
    assertThat(before.exitCode()).as(before.toString()).isZero();
    assertThat(after.all() + before.all()).doesNotContain(password);
    assertThat(Files.readString(out.resolve(Ferry.CATALOG_FILE))).doesNotContain(password);
    assertThat(Files.readString(out.resolve(Ferry.LOAD_ORDER_FILE))).doesNotContain(password);
  }

  @Test
  void unsetVariableInTheConfigurationIsReportedWithFileAndLine() throws Exception {
    // given
    Path config = Files.writeString(dir.resolve("ferry.yaml"), """
        environments:
          qa:
            url: jdbc:postgresql://127.0.0.1:1/qa
            user: ferry
            password: ${FERRY_IT_VARIABLE_THAT_IS_NOT_SET}
        """);

    // when
    Cli.Result result = Cli.run("inspect", "qa", "--config", config.toString(),
        "--out", dir.resolve("out").toString());

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertOneLine(result, config + ":5: environment variable FERRY_IT_VARIABLE_THAT_IS_NOT_SET");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  private Cli.Result inspect(String url, String... options) {
    String[] args = new String[options.length + 4];
    args[0] = "inspect";
    args[1] = url;
    args[2] = "--out";
    args[3] = dir.resolve("out").toString();
    System.arraycopy(options, 0, args, 4, options.length);
    return Cli.run(args);
  }

  /** Nothing is written when the input is bad; the error is one line and no trace. */
  private void assertOneLine(Cli.Result result, String expected) {
    assertThat(result.err()).contains(expected).doesNotContain("\tat ").doesNotContain("at dev.");
    assertThat(result.err().strip().lines()).as(result.toString()).hasSize(1);
    assertThat(result.out()).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  private static TestDatabase tableDatabase(TestDatabase db) {
    SqlScripts.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
    return db;
  }

  private String passwordFile(String password) {
    try {
      return Files.writeString(Files.createTempFile(dir, "password", ".txt"), password + "\n")
          .toString();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
