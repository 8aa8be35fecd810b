package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB's zero dates ({@code 0000-00-00}, a zero month or day) under a cast rule's {@code
 * zero-dates: null}: copied as NULL and counted per column, refused before the first write where
 * the target column is NOT NULL, and compared as NULL by {@code ferry verify} reading the same
 * {@code ferry.yaml}, and only under it. Into PostgreSQL as a table owner that is no superuser,
 * and with {@code --create-schema} into PostgreSQL, H2 and SQLite.
 */
class ZeroDatesIT {

  static final String RULES = """
      casts:
        - type: date
          zero-dates: null
        - type: datetime
          zero-dates: null
      """;

  @TempDir Path dir;

  private static TestDatabase mariaDb() {
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "SET SESSION sql_mode = ''",
        "CREATE TABLE z (id INT PRIMARY KEY, d DATE, dt DATETIME,"
            + " born DATE NOT NULL DEFAULT '0000-00-00')",
        "INSERT INTO z VALUES (1, '2024-02-14', '2024-02-14 10:00:00', '2000-01-01'),"
            + " (2, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00'),"
            + " (3, '2020-02-00', '2020-00-10 10:00:00', '2001-01-01'),"
            + " (4, NULL, NULL, '2002-02-02')");
    return maria;
  }

  private static TestDatabase owner(TestDatabase admin, String table) {
    String role = TestDatabases.createPostgresLogin(admin, "owner-pw");
    Sql.exec(admin, table, "ALTER TABLE z OWNER TO " + role,
        "GRANT CREATE ON SCHEMA public TO " + role,
        "GRANT CREATE ON DATABASE " + admin.name() + " TO " + role);
    return new TestDatabase("postgres", admin.bareUrl() + "?user=" + role
        + "&password=owner-pw", admin.name());
  }

  private Path config(String yaml) throws Exception {
    Path file = dir.resolve("ferry-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private Cli.Run copy(Path config, TestDatabase from, TestDatabase to, String name,
      String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("copy", "--config", config.toString(),
        "--from", from.url(), "--to", to.url(), "--report", dir.resolve(name).toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private Cli.Run verify(Path config, TestDatabase from, TestDatabase to, String name) {
    return Cli.run("verify", "--config", config.toString(), "--from", from.url(), "--to",
        to.url(), "--out", dir.resolve(name).toString());
  }

  @Test
  void zeroDatesBecomeNullCountedPerColumnAndVerifyAgreesOnlyUnderTheRule() throws Exception {
    TestDatabase maria = mariaDb();
    TestDatabase pg = owner(TestDatabases.freshPostgres(),
        "CREATE TABLE z (id int PRIMARY KEY, d date, dt timestamp, born date)");
    Path rules = config(RULES);

    Cli.Run run = copy(rules, maria, pg, "copy");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(pg, "SELECT id, d, dt, born FROM z ORDER BY id")).containsExactly(
        "1|2024-02-14|2024-02-14 10:00:00|2000-01-01", "2|null|null|null",
        "3|null|null|2001-01-01", "4|null|null|2002-02-02");
    String report = Files.readString(dir.resolve("copy").resolve("run-report.json"));
    assertThat(report.replaceAll("\\s", "")).contains("\"zeroDatesToNull\":{")
        .containsPattern("z\\.born\":1,\"[^\"]*z\\.d\":2,\"[^\"]*z\\.dt\":2}");
    assertThat(run.out()).containsPattern("zero dates to NULL \\S*z\\.d: 2");
    // the columns read as NULL are part of the plan: a resume under other rules is refused
    assertThat(report.replaceAll("\\s", ""))
        .containsPattern("\"zero-dates:[^\"]*z\\.born\":\"null\"");

    Cli.Run same = verify(rules, maria, pg, "verify");
    Cli.Run without = verify(config("casts: []\n"), maria, pg, "verify-without");

    assertThat(same.exitCode()).as(same.toString()).isZero();
    assertThat(without.exitCode()).as(without.toString()).isNotZero();
  }

  @Test
  void aNotNullTargetColumnIsRefusedWithCountAndFirstKeysAndNothingIsWritten()
      throws Exception {
    TestDatabase maria = mariaDb();
    TestDatabase pg = owner(TestDatabases.freshPostgres(),
        "CREATE TABLE z (id int PRIMARY KEY, d date NOT NULL, dt timestamp, born date)");
    // only d's zero dates become NULL: dt's are refused as without a rule
    Path rules = config("""
        casts:
          - column: d
            zero-dates: null
        """);

    Cli.Run run = copy(rules, maria, pg, "copy");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).containsPattern("z\\.d: 2 values are zero dates, which the cast rule"
        + " at \\S+:2 turns into NULL, but \\S*z\\.d is NOT NULL; first keys: 2, 3")
        .containsPattern("z\\.dt: 2 values are zero or invalid dates")
        .containsPattern("z\\.born: 1 value is zero or invalid dates");
    assertThat(Sql.count(pg, "z")).isZero();
  }

  @Test
  void createSchemaMakesTheColumnsNullableAndVerifyPassesOnEveryEngine() throws Exception {
    TestDatabase maria = mariaDb();
    Path rules = config(RULES);
    TestDatabase pgAdmin = TestDatabases.freshPostgres();
    String role = TestDatabases.createPostgresLogin(pgAdmin, "owner-pw");
    Sql.exec(pgAdmin, "GRANT CREATE ON SCHEMA public TO " + role,
        "GRANT CREATE ON DATABASE " + pgAdmin.name() + " TO " + role);
    TestDatabase pg = new TestDatabase("postgres", pgAdmin.bareUrl() + "?user=" + role
        + "&password=owner-pw", pgAdmin.name());

    TestDatabase h2 = TestDatabases.freshH2();
    TestDatabase sqlite = TestDatabases.freshSqlite();
    // ferry writes into a database that exists
    TestDatabases.connect(h2).close();
    TestDatabases.connect(sqlite).close();
    for (TestDatabase target : List.of(pg, h2, sqlite)) {
      String name = target.engine();
      Cli.Run run = copy(rules, maria, target, "copy-" + name, "--create-schema");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(Sql.rows(target, "SELECT \"id\" FROM \"z\" WHERE \"born\" IS NULL")).as(name)
          .containsExactly("2");
      Cli.Run verify = verify(rules, maria, target, "verify-" + name);
      assertThat(verify.exitCode()).as(name + ": " + verify).isZero();
    }
  }
}
