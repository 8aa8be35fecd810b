package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code create} fallback, through the command line: users no rule matches are inserted into
 * B's identity table under keys B generates, every reference to them points at the new keys, a
 * second run creates nobody twice, verification passes, and what cannot be created is refused
 * before anything is written. PostgreSQL to MariaDB and MariaDB to PostgreSQL.
 *
 * <p>A's users: Alice (matched by external id), Zoe (created; invited by Alice, so her own
 * {@code invited_by} becomes Alice's key in B; her team exists in B), Yann (created; his team 8
 * is not in B and not copied, so his {@code team_id} is loaded NULL), Wendy (referenced nowhere:
 * not created). Only {@code project} is copied: B has its own teams.
 */
class CreateFallbackIT {

  @TempDir Path dir;

  private static final String SCHEMA = """
      CREATE TABLE team (
        id INTEGER NOT NULL PRIMARY KEY,
        name VARCHAR(100) NOT NULL);
      CREATE TABLE app_user (
        id {GENERATED_KEY},
        email VARCHAR(200) NOT NULL,
        external_id VARCHAR(50),
        display_name VARCHAR(100) NOT NULL,
        team_id INTEGER,
        invited_by INTEGER,
        CONSTRAINT app_user_email_uq UNIQUE (email),
        CONSTRAINT app_user_team_fk FOREIGN KEY (team_id) REFERENCES team (id),
        CONSTRAINT app_user_invited_fk FOREIGN KEY (invited_by) REFERENCES app_user (id));
      CREATE TABLE project (
        id INTEGER NOT NULL PRIMARY KEY,
        title VARCHAR(200) NOT NULL,
        owner_id INTEGER NOT NULL,
        reviewer_id INTEGER,
        CONSTRAINT project_owner_fk FOREIGN KEY (owner_id) REFERENCES app_user (id),
        CONSTRAINT project_reviewer_fk FOREIGN KEY (reviewer_id) REFERENCES app_user (id))
      """;

  private static final String IDENTITY = """
      identity:
        table: app_user
        key: id
        match:
          - column: external_id
        unmatched: create
      """;

  @Test
  void postgresToMariaDb() throws Exception {
    promote(TestDatabases::freshPostgres, TestDatabases::freshMariaDb);
  }

  @Test
  void mariaDbToPostgres() throws Exception {
    promote(TestDatabases::freshMariaDb, TestDatabases::freshPostgres);
  }

  private void promote(Supplier<TestDatabase> source, Supplier<TestDatabase> target)
      throws Exception {
    // given: A's data; B knows Alice as 1001, holds team 7 only, and has Zoe's e-mail taken
    TestDatabase a = source.get();
    TestDatabase b = target.get();
    Db.script(a, schema(a));
    Db.script(b, schema(b));
    Db.exec(a, "INSERT INTO team VALUES (7, 'Platform')", "INSERT INTO team VALUES (8, 'Data')",
        "INSERT INTO app_user VALUES (1, 'alice@qa.example.com', 'EXT-1', 'Alice', 7, NULL)",
        "INSERT INTO app_user VALUES (2, 'zoe@example.com', 'EXT-2', 'Zoe', 7, 1)",
        "INSERT INTO app_user VALUES (3, 'yann@example.com', NULL, 'Yann', 8, NULL)",
        "INSERT INTO app_user VALUES (4, 'wendy@example.com', NULL, 'Wendy', NULL, NULL)",
        "INSERT INTO project VALUES (10, 'Billing', 1, 2)",
        "INSERT INTO project VALUES (11, 'Search', 2, NULL)",
        "INSERT INTO project VALUES (12, 'Reports', 3, 1)");
    Db.exec(b, "INSERT INTO team VALUES (7, 'Platform')",
        "INSERT INTO app_user VALUES (1001, 'alice@uat.example.com', 'EXT-1', 'Alice', 7, NULL)",
        "INSERT INTO app_user VALUES (1002, 'zoe@example.com', 'OTHER', 'Zoe Other', NULL,"
            + " NULL)");
    restartKeysAt(b, 5000);
    Path config = PromotionIT.writeConfig(dir, a, b, IDENTITY);
    Path map = dir.resolve("user-map.csv");

    // when: map and validate
    Cli.Result mapped = PromotionIT.ferry(config, "users", "map", "--from", "qa", "--to", "uat",
        "--out", map.toString());
    Cli.Result valid = PromotionIT.ferry(config, "users", "validate", "--from", "qa", "--to",
        "uat", "--map", map.toString());

    // then: nothing waits for the operator; Zoe and Yann are left to the fallback
    assertThat(mapped.exitCode()).as(mapped.toString()).isZero();
    assertThat(mapped.out()).contains("{create=2, matched=1}");
    assertThat(valid.exitCode()).as(valid.toString()).isZero();
    assertThat(valid.out()).contains("2 users are left to the create fallback");
    JsonNode validation = Json.mapper().readTree(dir.resolve("users-validation.json").toFile());
    assertThat(validation.get("toCreate").toString()).isEqualTo("[\"2\",\"3\"]");

    // when: a copy while Zoe's e-mail belongs to another user of B
    Cli.Result taken = PromotionIT.ferry(config, "copy", "--from", "qa", "--to", "uat",
        "--users-map", map.toString(), "--include", "project", "--report",
        dir.resolve("taken").toString());

    // then: refused before writing anything
    assertThat(taken.exitCode()).as(taken.toString()).isEqualTo(4);
    assertThat(taken.err()).contains("the create fallback cannot insert source user 2 into")
        .contains("its email 'zoe@example.com' is already taken by target user 1002");
    assertThat(Db.count(b, "app_user")).isEqualTo(2);
    assertThat(Db.count(b, "project")).isZero();

    // when: B's other Zoe leaves, and the copy runs
    Db.exec(b, "DELETE FROM app_user WHERE id = 1002");
    Cli.Result copy = PromotionIT.ferry(config, "copy", "--from", "qa", "--to", "uat",
        "--users-map", map.toString(), "--include", "project", "--report",
        dir.resolve("first").toString());

    // then: Zoe and Yann exist in B under keys B generated, and every reference follows them
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    List<String> users = Db.rows(b, "SELECT id, email, display_name, team_id, invited_by FROM"
        + " app_user ORDER BY id");
    assertThat(users).hasSize(3);
    assertThat(users.get(0)).isEqualTo("1001|alice@uat.example.com|Alice|7|null");
    String zoe = users.get(1).split("\\|")[0];
    String yann = users.get(2).split("\\|")[0];
    assertThat(Long.parseLong(zoe)).isGreaterThanOrEqualTo(5000);
    assertThat(users.get(1)).isEqualTo(zoe + "|zoe@example.com|Zoe|7|1001");
    assertThat(users.get(2)).isEqualTo(yann + "|yann@example.com|Yann|null|null");
    assertThat(Db.rows(b, "SELECT id, owner_id, reviewer_id FROM project ORDER BY id"))
        .containsExactly("10|1001|" + zoe, "11|" + zoe + "|null", "12|" + yann + "|1001");
    JsonNode created = Json.mapper().readTree(dir.resolve("first/users-created.json").toFile());
    assertThat(created.get("users").toString()).isEqualTo("[{\"sourceKey\":\"2\",\"targetKey\":"
        + "\"" + zoe + "\",\"action\":\"created\",\"nulled\":[]},{\"sourceKey\":\"3\","
        + "\"targetKey\":\"" + yann + "\",\"action\":\"created\",\"nulled\":[\"team_id\"]}]");
    JsonNode proof = Json.mapper().readTree(
        dir.resolve("first/users-transformation.json").toFile());
    assertThat(proof.toString()).contains("\"allInTarget\":true")
        .doesNotContain("\"allInTarget\":false");

    // when: verification with the same map
    Cli.Result verify = PromotionIT.ferry(config, "verify", "--from", "qa", "--to", "uat",
        "--users-map", map.toString(), "--include", "project", "--out",
        dir.resolve("verify").toString());

    // then: the created users' references compare under their new keys
    assertThat(verify.exitCode()).as(verify.toString()).isZero();

    // when: the same copy again, over the loaded target
    Cli.Result again = PromotionIT.ferry(config, "copy", "--from", "qa", "--to", "uat",
        "--users-map", map.toString(), "--include", "project", "--truncate-target", "--report",
        dir.resolve("second").toString());

    // then: nobody is created twice; the same keys are used
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(Db.rows(b, "SELECT id, email, display_name, team_id, invited_by FROM app_user"
        + " ORDER BY id")).isEqualTo(users);
    assertThat(Db.rows(b, "SELECT id, owner_id, reviewer_id FROM project ORDER BY id"))
        .containsExactly("10|1001|" + zoe, "11|" + zoe + "|null", "12|" + yann + "|1001");
    assertThat(Files.readString(dir.resolve("second/users-created.json")))
        .contains("\"action\" : \"reused\"").doesNotContain("\"created\"");

    // when: the record of Zoe's creation is lost, so the rules' match on Zoe is not ferry's own
    Db.exec(b, "DELETE FROM " + (b.engine().equals("postgres") ? "ferry.created_user"
        : "ferry_created_user") + " WHERE source_key = '2'");
    Cli.Result lost = PromotionIT.ferry(config, "copy", "--from", "qa", "--to", "uat",
        "--users-map", map.toString(), "--include", "project", "--truncate-target", "--report",
        dir.resolve("third").toString());
    Cli.Result remapped = PromotionIT.ferry(config, "users", "map", "--from", "qa", "--to",
        "uat", "--out", map.toString());
    Cli.Result third = PromotionIT.ferry(config, "copy", "--from", "qa", "--to", "uat",
        "--users-map", map.toString(), "--include", "project", "--truncate-target", "--report",
        dir.resolve("fourth").toString());

    // then: refused rather than creating a second Zoe; after 'users map' she is simply matched
    assertThat(lost.exitCode()).as(lost.toString()).isEqualTo(4);
    assertThat(lost.err()).contains("source user 2 is left to the create fallback in the map,"
        + " but the match rules now give target user " + zoe);
    assertThat(remapped.out()).contains("{create=1, matched=2}");
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(Db.count(b, "app_user")).isEqualTo(3);
    assertThat(Db.rows(b, "SELECT id, owner_id, reviewer_id FROM project ORDER BY id"))
        .containsExactly("10|1001|" + zoe, "11|" + zoe + "|null", "12|" + yann + "|1001");
  }

  @Test
  void aTableOwnerThatMayNotCreateSchemasCreatesUsersInTheStateSchemaItWasGiven()
      throws Exception {
    // given: B's tables and ferry's schema belong to a login that is no superuser and may not
    // create schemas in the database (as a DBA would set it up)
    TestDatabase a = TestDatabases.freshPostgres();
    TestDatabase b = TestDatabases.freshPostgres();
    Db.script(a, schema(a));
    Db.script(b, schema(b));
    Db.exec(a, "INSERT INTO team VALUES (7, 'Platform')",
        "INSERT INTO app_user VALUES (1, 'alice@qa.example.com', 'EXT-1', 'Alice', 7, NULL)",
        "INSERT INTO app_user VALUES (2, 'zoe@example.com', 'EXT-2', 'Zoe', 7, 1)",
        "INSERT INTO project VALUES (10, 'Billing', 2, 1)");
    Db.exec(b, "INSERT INTO team VALUES (7, 'Platform')",
        "INSERT INTO app_user VALUES (1001, 'alice@uat.example.com', 'EXT-1', 'Alice', 7, NULL)");
    restartKeysAt(b, 5000);
    String role = TestDatabases.createPostgresLogin(b, "owner-pw");
    Db.exec(b, "ALTER TABLE team OWNER TO " + role, "ALTER TABLE app_user OWNER TO " + role,
        "ALTER TABLE project OWNER TO " + role, "CREATE SCHEMA ferry AUTHORIZATION " + role);
    TestDatabase owner = new TestDatabase("postgres", b.bareUrl() + "?user=" + role
        + "&password=owner-pw", b.name());
    Path config = PromotionIT.writeConfig(dir, a, owner, IDENTITY);
    Path map = dir.resolve("user-map.csv");
    Cli.Result mapped = PromotionIT.ferry(config, "users", "map", "--from", "qa", "--to", "uat",
        "--out", map.toString());
    assertThat(mapped.exitCode()).as(mapped.toString()).isZero();

    // when
    Cli.Result copy = PromotionIT.ferry(config, "copy", "--from", "qa", "--to", "uat",
        "--users-map", map.toString(), "--include", "project", "--report",
        dir.resolve("owner").toString());

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(Db.rows(b, "SELECT email FROM app_user ORDER BY id"))
        .containsExactly("alice@uat.example.com", "zoe@example.com");
    assertThat(Db.count(b, "ferry.created_user")).isEqualTo(1);
  }

  private static String schema(TestDatabase db) {
    return SCHEMA.replace("{GENERATED_KEY}", db.engine().equals("postgres")
        ? "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        : "INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY");
  }

  private static void restartKeysAt(TestDatabase db, int next) {
    Db.exec(db, db.engine().equals("postgres")
        ? "ALTER TABLE app_user ALTER COLUMN id RESTART WITH " + next
        : "ALTER TABLE app_user AUTO_INCREMENT = " + next);
  }
}
