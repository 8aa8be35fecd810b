package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy under a user map loads a large table as key ranges (docs/copy.md, Load; #16: the same
 * units serve the user-map copy): every range rewrites its rows' user references through the
 * map, the proof counts them all, and verify through the map passes.
 */
class RangedUserMapIT {

  static final String SCHEMA = """
      CREATE TABLE app_user (id int PRIMARY KEY, email text NOT NULL);
      CREATE TABLE ticket (id int PRIMARY KEY, title text NOT NULL,
        owner_id int NOT NULL REFERENCES app_user (id), reviewer_id int)
      """;

  @TempDir Path dir;

  @Test
  void aLargeTableOfAUserMapCopyLoadsAsKeyRangesEachRewritingItsReferences() throws Exception {
    // given: 30,000 tickets of three users, who are other keys in the target
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, SCHEMA.split(";"));
    Sql.exec(target, SCHEMA.split(";"));
    Sql.exec(source, "INSERT INTO app_user VALUES (1, 'ana@x'), (2, 'bob@x'), (3, 'cy@x')",
        "INSERT INTO ticket SELECT g, 'ticket ' || g, 1 + g % 3,"
            + " CASE WHEN g % 4 = 0 THEN NULL ELSE 1 + (g + 1) % 3 END"
            + " FROM generate_series(1, 30000) g", "ANALYZE");
    Sql.exec(target, "INSERT INTO app_user VALUES (101, 'bob@x'), (102, 'cy@x'),"
        + " (103, 'ana@x'), (104, 'dee@x')");
    Path config = Files.writeString(dir.resolve("ferry.yaml"), """
        identity:
          table: app_user
          key: id
          match:
            - column: email
          soft-references:
            - ticket.reviewer_id
        """);
    Path map = Files.writeString(dir.resolve("user-map.csv"), """
        source_key,target_key,status,matched_by,references
        1,103,matched,email,10
        2,101,matched,email,10
        3,102,matched,email,10
        """);

    // when
    Cli.Run run = Cli.run("copy", "--config", config.toString(), "--from", source.url(),
        "--to", target.url(), "--users-map", map.toString(), "--split-rows", "10000",
        "--parallel", "3", "--batch-size", "1000", "--report", dir.resolve("copy").toString());

    // then: ticket loaded as three ranges, each rewrote its owners and reviewers
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT unit, done FROM ferry.checkpoint ORDER BY unit"))
        .containsExactly("public.ticket#1/3|1", "public.ticket#2/3|1", "public.ticket#3/3|1");
    var report = Json.mapper().readTree(dir.resolve("copy/run-report.json").toFile());
    assertThat(Json.compact(report.path("notes"))).contains("public.ticket loads as 3 key ranges");
    assertThat(report.path("problems").size()).isZero();
    assertThat(Sql.rows(target, "SELECT owner_id, count(*), count(reviewer_id) FROM ticket"
        + " GROUP BY owner_id ORDER BY owner_id")).containsExactly("101|10000|7500",
            "102|10000|7500", "103|10000|7500");
    assertThat(Sql.rows(target, "SELECT count(*) FROM ticket t JOIN app_user u"
        + " ON u.id = t.reviewer_id")).containsExactly("22500");
    Cli.Run verify = Cli.run("verify", "--config", config.toString(), "--from", source.url(),
        "--to", target.url(), "--users-map", map.toString(), "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }
}
