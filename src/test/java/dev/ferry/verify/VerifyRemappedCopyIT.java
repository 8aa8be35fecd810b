package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.VerificationReport;
import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole promotion as an operator runs it, then its proof: {@code users map}, {@code users
 * validate}, {@code copy --users-map}, and {@code verify --users-map} passes without a false
 * mismatch, naming the same map fingerprint as the copy; a reference later pointed at another
 * target user is located. PostgreSQL to PostgreSQL and PostgreSQL to MariaDB.
 */
class VerifyRemappedCopyIT {

  static final String SCHEMA = """
      CREATE TABLE app_user (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(100) NOT NULL);
      CREATE TABLE ticket (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(100) NOT NULL,
        owner_id INTEGER NOT NULL, reviewer_id INTEGER,
        CONSTRAINT ticket_owner_fk FOREIGN KEY (owner_id) REFERENCES app_user (id));
      CREATE TABLE label (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50))
      """;

  static final String IDENTITY = """
      identity:
        table: app_user
        key: id
        match:
          - column: email
            ignore-case: true
        unmatched: fail
        soft-references:
          - ticket.reviewer_id
      """;

  @TempDir Path dir;

  @Test
  void postgresToPostgres() throws IOException {
    promoteAndVerify(TestDatabases::freshPostgres);
  }

  @Test
  void postgresToMariaDb() throws IOException {
    promoteAndVerify(TestDatabases::freshMariaDb);
  }

  private void promoteAndVerify(Supplier<TestDatabase> targetEngine) throws IOException {
    // given: QA's users 1-4 are UAT's 204, 201, 203, 202 (matched by e-mail, case aside)
    TestDatabase qa = TestDatabases.freshPostgres();
    TestDatabase uat = targetEngine.get();
    Db.script(qa, SCHEMA);
    Db.script(uat, SCHEMA);
    Db.exec(qa, "INSERT INTO app_user VALUES (1, 'ana@x.org'), (2, 'bo@x.org'), (3, 'cy@x.org'),"
        + " (4, 'di@x.org')");
    Db.exec(uat, "INSERT INTO app_user VALUES (201, 'BO@x.org'), (202, 'di@x.org'),"
        + " (203, 'cy@x.org'), (204, 'Ana@X.org'), (205, 'eve@x.org')");
    List<String> tickets = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      tickets.add("(" + i + ", 'ticket " + i + "', " + (i % 4 + 1) + ", "
          + (i % 3 == 0 ? "NULL" : String.valueOf((i + 1) % 4 + 1)) + ")");
    }
    Db.exec(qa, "INSERT INTO ticket VALUES " + String.join(", ", tickets),
        "INSERT INTO label VALUES (1, 'bug'), (2, NULL)");
    Path config = Files.writeString(dir.resolve("ferry.yaml"), IDENTITY);
    Path map = dir.resolve("user-map.csv");

    // when
    run(0, "users", "map", "--config", config.toString(), "--from", qa.url(), "--to", uat.url(),
        "--out", map.toString());
    run(0, "users", "validate", "--config", config.toString(), "--map", map.toString(),
        "--from", qa.url(), "--to", uat.url());
    run(0, "copy", "--config", config.toString(), "--from", qa.url(), "--to", uat.url(),
        "--users-map", map.toString(), "--report", dir.resolve("copy").toString());
    Cli.Result verified = run(0, "verify", "--config", config.toString(), "--from", qa.url(),
        "--to", uat.url(), "--users-map", map.toString(), "--out",
        dir.resolve("verify").toString());

    // then
    VerificationReport report = Shop.read(dir.resolve("verify"));
    assertThat(report.passed()).as(verified.out()).isTrue();
    JsonNode copyReport = Json.mapper().readTree(dir.resolve("copy/run-report.json").toFile());
    assertThat(report.transformations().get("user-map"))
        .as("the map verified is the map the copy applied")
        .isEqualTo(copyReport.path("transformations").path("user-map").asText());
    assertThat(report.tables()).extracting(VerificationReport.TableResult::table)
        .noneMatch(t -> t.endsWith("app_user"));
    assertThat(report.table(report.tables().stream().map(VerificationReport.TableResult::table)
        .filter(t -> t.endsWith("ticket")).findFirst().orElseThrow()).orElseThrow().columns())
        .filteredOn(VerificationReport.ColumnResult::remapped)
        .extracting(VerificationReport.ColumnResult::name)
        .containsExactly("owner_id", "reviewer_id");

    // and when: ticket 6 (QA user 3 -> UAT 203) is pointed at UAT's 205, a real user
    Db.exec(uat, "UPDATE ticket SET owner_id = 205 WHERE id = 6");
    run(3, "verify", "--config", config.toString(), "--from", qa.url(), "--to", uat.url(),
        "--users-map", map.toString(), "--out", dir.resolve("wrong").toString());

    // then: found by the map-aware checksum and located, though every reference has its parent
    VerificationReport wrong = Shop.read(dir.resolve("wrong"));
    assertThat(Shop.difference(wrong, "ticket", "changed", "6").columns()).singleElement()
        .satisfies(c -> {
          assertThat(c.column()).isEqualTo("owner_id");
          assertThat(c.source()).isEqualTo("203");
          assertThat(c.target()).isEqualTo("205");
        });
    assertThat(Shop.failures(wrong, "remapped-references")).singleElement()
        .satisfies(f -> assertThat(f.column()).isEqualTo("owner_id"));
    assertThat(wrong.rule("orphans").orElseThrow().passed()).isTrue();
  }

  private static Cli.Result run(int expected, String... args) {
    Cli.Result result = Cli.run(args);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(expected);
    return result;
  }
}
