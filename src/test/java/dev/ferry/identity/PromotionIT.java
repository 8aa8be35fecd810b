package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotes environment A's data into environment B, where the same people exist under other keys,
 * through the command line as an operator would: {@code users map}, fill the rows it cannot
 * decide, {@code users validate}, {@code copy --users-map}, and {@code export --users-map} into a
 * bundle that imports into B. Integer keys PostgreSQL to MariaDB; GUID keys MariaDB to PostgreSQL.
 *
 * <p>A's users against B's: Alice matches by e-mail ignoring case, Bob only by external id, Carol
 * only through the regex rule, Dan needs the operator, Erin is ambiguous (two of B's users share
 * her e-mail but for case), Frank is referenced nowhere, Grace only by {@code app_user.invited_by}
 * (the identity table is not copied). One reference points at no user of A: an orphan.
 */
class PromotionIT {

  @TempDir Path dir;

  /** The application's schema on both engines: {KEY} is the user key's type, {SOFT} the soft
   * reference's. */
  static final String SCHEMA = """
      CREATE TABLE app_user (
        id {KEY} NOT NULL PRIMARY KEY,
        email VARCHAR(200) NOT NULL,
        external_id VARCHAR(50),
        display_name VARCHAR(100) NOT NULL,
        invited_by {KEY},
        CONSTRAINT app_user_invited_fk FOREIGN KEY (invited_by) REFERENCES app_user (id));
      CREATE TABLE team (
        id INTEGER NOT NULL PRIMARY KEY,
        name VARCHAR(100) NOT NULL,
        lead_id {KEY} NOT NULL,
        focus_project_id INTEGER,
        CONSTRAINT team_lead_fk FOREIGN KEY (lead_id) REFERENCES app_user (id));
      CREATE TABLE project (
        id INTEGER NOT NULL PRIMARY KEY,
        team_id INTEGER NOT NULL,
        title VARCHAR(200) NOT NULL,
        owner_id {KEY} NOT NULL,
        reviewer_id {KEY},
        CONSTRAINT project_team_fk FOREIGN KEY (team_id) REFERENCES team (id),
        CONSTRAINT project_owner_fk FOREIGN KEY (owner_id) REFERENCES app_user (id),
        CONSTRAINT project_reviewer_fk FOREIGN KEY (reviewer_id) REFERENCES app_user (id));
      ALTER TABLE team ADD CONSTRAINT team_focus_fk
        FOREIGN KEY (focus_project_id) REFERENCES project (id);
      CREATE TABLE task (
        id INTEGER NOT NULL PRIMARY KEY,
        project_id INTEGER NOT NULL,
        parent_id INTEGER,
        title VARCHAR(200) NOT NULL,
        assignee_id {KEY},
        reporter_id {KEY} NOT NULL,
        CONSTRAINT task_project_fk FOREIGN KEY (project_id) REFERENCES project (id),
        CONSTRAINT task_parent_fk FOREIGN KEY (parent_id) REFERENCES task (id),
        CONSTRAINT task_assignee_fk FOREIGN KEY (assignee_id) REFERENCES app_user (id),
        CONSTRAINT task_reporter_fk FOREIGN KEY (reporter_id) REFERENCES app_user (id));
      CREATE TABLE user_preference (
        user_id {KEY} NOT NULL PRIMARY KEY,
        theme VARCHAR(20) NOT NULL,
        CONSTRAINT user_preference_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id));
      CREATE TABLE audit_log (
        id INTEGER NOT NULL PRIMARY KEY,
        actor_id {SOFT},
        action VARCHAR(100) NOT NULL)
      """;

  /** The configuration of the issue, as written there. */
  static final String IDENTITY = """
      identity:
        table: app_user
        key: id
        match:
          - column: email
            ignore-case: true
          - column: external_id
          - column: email
            regex: '^(.*)@qa\\.example\\.com$'
            replace: '$1@example.com'
        unmatched: fail
        soft-references:
          - audit_log.actor_id
      """;

  /**
   * One direction of the promotion.
   *
   * @param source a fresh database of A's engine
   * @param target a fresh database of B's engine
   * @param keyType the user key's SQL type, on both engines
   * @param softType the soft reference's SQL type
   * @param a A's key of user n
   * @param b B's key of user n
   * @param soft how A's soft reference writes a key
   * @param orphan the orphan key, as discovery reports it
   * @param orphanSql makes a reference to the orphan in A
   * @param fixSql points that reference at Carol (user 3)
   * @param softJoin joins audit_log t to app_user u
   * @param targetUsers file name of the export of B's users ({@code .csv} or {@code .json})
   */
  record Scenario(Supplier<TestDatabase> source, Supplier<TestDatabase> target, String keyType,
      String softType, IntFunction<String> a, IntFunction<String> b, IntFunction<String> soft,
      String orphan, List<String> orphanSql, List<String> fixSql, String softJoin,
      String targetUsers) {}

  /** Integer keys, PostgreSQL to MariaDB; the orphan is a soft reference. */
  static Scenario integers() {
    return new Scenario(TestDatabases::freshPostgres, TestDatabases::freshMariaDb, "INTEGER",
        "INTEGER", n -> String.valueOf(n), n -> String.valueOf(1000 + n), n -> String.valueOf(n),
        "99", List.of("INSERT INTO audit_log VALUES (43, 99, 'legacy import')"),
        List.of("UPDATE audit_log SET actor_id = 3 WHERE id = 43"), "u.id = t.actor_id",
        "uat-users.csv");
  }

  @Test
  void integerKeysFromPostgresToMariaDb() throws Exception {
    promote(integers());
  }

  @Test
  void guidKeysFromMariaDbToPostgres() throws Exception {
    String orphan = guid("aaaaaaaa", 99);
    promote(new Scenario(TestDatabases::freshMariaDb, TestDatabases::freshPostgres, "UUID",
        "VARCHAR(36)", n -> guid("aaaaaaaa", n), n -> guid("bbbbbbbb", 100 + n),
        n -> guid("aaaaaaaa", n).toUpperCase(Locale.ROOT), orphan,
        List.of("SET FOREIGN_KEY_CHECKS = 0",
            "INSERT INTO task VALUES (34, 21, NULL, 'Imported', NULL, '" + orphan + "')",
            "SET FOREIGN_KEY_CHECKS = 1"),
        List.of("UPDATE task SET reporter_id = '" + guid("aaaaaaaa", 3) + "' WHERE id = 34"),
        "CAST(u.id AS CHAR(36)) = LOWER(t.actor_id)", "uat-users.json"));
  }

  @Test
  void keysThatAreUserReferencesCollideAsTheTargetsKeys() throws Exception {
    // given: B also has a user 5 (another person, with a preference); C has Alice's preference
    Scenario s = integers();
    TestDatabase a = s.source().get();
    TestDatabase b = s.target().get();
    TestDatabase c = s.target().get();
    for (TestDatabase db : List.of(a, b, c)) {
      createSchema(db, s);
    }
    loadSourceData(a, s);
    loadTargetUsers(b, s);
    loadTargetUsers(c, s);
    Db.exec(b, "INSERT INTO app_user VALUES (5, 'yuki@example.com', NULL, 'Yuki Tanaka', NULL)",
        "INSERT INTO user_preference VALUES (5, 'contrast')");
    Db.exec(c, "INSERT INTO user_preference VALUES (1001, 'contrast')");
    Path toB = writeConfig(dir, a, b, IDENTITY);
    Path toC = writeConfig(dir, a, c, IDENTITY);
    Path map = dir.resolve("user-map.csv");
    ferry(toB, "users", "map", "--from", "qa", "--to", "uat", "--out", map.toString());
    operatorFills(map, "4", "1004");
    operatorFills(map, "5", "1006");

    // when
    Cli.Result intoB = ferry(toB, "copy", "--from", "qa", "--to", "uat", "--users-map",
        map.toString(), "--include", "user_preference", "--report", dir.resolve("b").toString());
    Cli.Result intoC = ferry(toC, "copy", "--from", "qa", "--to", "uat", "--users-map",
        map.toString(), "--include", "user_preference", "--report", dir.resolve("c").toString());

    // then: A's user 5 is B's 1006, so B's own user 5 does not collide; C's 1001 does
    assertThat(intoB.exitCode()).as(intoB.toString()).isZero();
    assertThat(Db.rows(b, "SELECT user_id, theme FROM user_preference ORDER BY user_id"))
        .containsExactly("5|contrast", "1001|dark", "1006|light");
    assertThat(intoC.exitCode()).as(intoC.toString()).isEqualTo(4);
    assertThat(intoC.err())
        .contains("already holds rows with the source's key [user_id] values, e.g. 1001");
    assertThat(Db.rows(c, "SELECT user_id, theme FROM user_preference ORDER BY user_id"))
        .containsExactly("1001|contrast");
  }

  private static String guid(String prefix, int n) {
    return String.format(Locale.ROOT, "%s-0000-4000-8000-%012d", prefix, n);
  }

  private void promote(Scenario s) throws Exception {
    // given: A and B, the same people under other keys
    TestDatabase a = s.source().get();
    TestDatabase b = s.target().get();
    createSchema(a, s);
    createSchema(b, s);
    loadSourceData(a, s);
    Db.exec(a, s.orphanSql().toArray(String[]::new));
    loadTargetUsers(b, s);
    List<String> bUsersBefore = Db.rows(b, "SELECT * FROM app_user ORDER BY id");
    Path config = writeConfig(dir, a, b, IDENTITY);
    Path map = dir.resolve("user-map.csv");

    // when: the first map
    Cli.Result first = ferry(config, "users", "map", "--from", "qa", "--to", "uat", "--out",
        map.toString());

    // then: three matched, Dan and Erin wait for the operator, the orphan is named
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(3);
    assertThat(first.out())
        .contains("Mapped 5 referenced users")
        .contains("{ambiguous=1, matched=3, unmatched=1}")
        .contains("user-map.csv:5: source user " + s.a().apply(4))
        .contains("is unmatched: fill target_key")
        .contains("user-map.csv:6: source user " + s.a().apply(5))
        .contains("is ambiguous (email (ignore-case) matches " + s.b().apply(5) + " "
            + s.b().apply(6) + "): fill target_key")
        .contains("orphans (referenced, not in the source's users; fix the source data): ["
            + s.orphan() + " (1 rows)]");
    List<String> lines = Files.readAllLines(map);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(1)).startsWith(s.a().apply(1) + "," + s.b().apply(1)
        + ",matched,email (ignore-case),");
    assertThat(lines.get(2)).startsWith(s.a().apply(2) + "," + s.b().apply(2)
        + ",matched,external_id,");
    assertThat(lines.get(3)).startsWith(s.a().apply(3) + "," + s.b().apply(3)
        + ",matched,email (regex ");
    assertThat(lines.get(4)).startsWith(s.a().apply(4) + ",,unmatched,,");
    assertThat(lines.get(5)).startsWith(s.a().apply(5) + ",,ambiguous,");
    JsonNode discovery = Json.mapper().readTree(dir.resolve("users-discovery.json").toFile());
    assertThat(discovery.path("orphans").get(0).path("key").asText()).isEqualTo(s.orphan());
    assertThat(fieldValues(discovery.path("columns"), "column")).hasSize(7)
        .noneMatch(c -> c.contains("app_user"));

    // when: the operator fills the open rows (B's GUIDs in upper case, as a person might type)
    operatorFills(map, s.a().apply(4), s.b().apply(4).toUpperCase(Locale.ROOT));
    operatorFills(map, s.a().apply(5), s.b().apply(6).toUpperCase(Locale.ROOT));
    Cli.Result refused = ferry(config, "copy", "--from", "qa", "--to", "uat", "--users-map",
        map.toString(), "--report", dir.resolve("refused").toString());

    // then: the orphan alone refuses the copy, and nothing is written
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("refused before writing anything")
        .contains("key " + s.orphan() + " is referenced by 1 rows but missing from the source's"
            + " identity table (orphan)");
    assertNothingWritten(b, bUsersBefore);
    assertThat(Json.mapper().readTree(dir.resolve("refused/users-validation.json").toFile())
        .path("valid").asBoolean()).isFalse();

    // when: the orphan is fixed in A, and map runs again onto the operator's file
    Db.exec(a, s.fixSql().toArray(String[]::new));
    Cli.Result again = ferry(config, "users", "map", "--from", "qa", "--to", "uat", "--out",
        map.toString());

    // then: the operator's entries are kept
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("{matched=3, operator=2}").doesNotContain("fill target_key")
        .doesNotContain("orphans");
    lines = Files.readAllLines(map);
    assertThat(lines.get(4)).startsWith(s.a().apply(4) + "," + s.b().apply(4)
        + ",operator,operator,");
    assertThat(lines.get(5)).startsWith(s.a().apply(5) + "," + s.b().apply(6)
        + ",operator,operator,");

    // when
    Cli.Result validate = ferry(config, "users", "validate", "--map", map.toString(), "--from",
        "qa", "--to", "uat");

    // then
    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    JsonNode validation = Json.mapper().readTree(dir.resolve("users-validation.json").toFile());
    assertThat(validation.path("valid").asBoolean()).isTrue();
    assertThat(validation.path("referencedUsers").asLong()).isEqualTo(5);
    assertThat(validation.path("byStatus").toString()).isEqualTo("{\"matched\":3,\"operator\":2}");
    String fingerprint = validation.path("fingerprint").asText();
    assertThat(fingerprint).startsWith("sha256:");

    // when: the copy
    Cli.Result copy = ferry(config, "copy", "--from", "qa", "--to", "uat", "--users-map",
        map.toString(), "--report", dir.resolve("copy").toString());

    // then: every reference holds B's key of the same person, nothing else changed
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertSamePeopleAndData(a, b, s);
    assertThat(Db.rows(b, "SELECT * FROM app_user ORDER BY id")).isEqualTo(bUsersBefore);
    Map<String, String> expected = new LinkedHashMap<>();
    int[][] pairs = {{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 6}};
    for (int[] p : pairs) {
      expected.put(s.a().apply(p[0]), s.b().apply(p[1]));
    }
    assertThat(Db.rows(b, "SELECT id, assignee_id, reporter_id FROM task ORDER BY id"))
        .isEqualTo(Db.rows(a, "SELECT id, assignee_id, reporter_id FROM task ORDER BY id")
            .stream().map(r -> mapped(r, expected)).toList());
    JsonNode proof = Json.mapper().readTree(dir.resolve("copy/users-transformation.json")
        .toFile());
    List<String> columns = new ArrayList<>();
    proof.fieldNames().forEachRemaining(columns::add);
    assertThat(columns).hasSize(7).anyMatch(c -> c.endsWith("audit_log.actor_id"))
        .anyMatch(c -> c.endsWith("user_preference.user_id"))
        .noneMatch(c -> c.contains("app_user"));
    for (Iterator<Map.Entry<String, JsonNode>> it = proof.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      assertThat(column.getValue().path("nullsKept").asBoolean()).as(column.getKey()).isTrue();
      assertThat(column.getValue().path("allInTarget").asBoolean()).as(column.getKey()).isTrue();
      assertThat(column.getValue().path("rows").asLong()).as(column.getKey()).isPositive();
    }
    assertThat(proof.path(columnNamed(columns, "task.assignee_id")).path("nullsBefore").asLong())
        .isEqualTo(Long.parseLong(Db.rows(a, "SELECT COUNT(*) FROM task WHERE assignee_id IS NULL")
            .get(0))).isPositive();
    assertThat(Files.exists(dir.resolve("copy/users-validation.json"))).isTrue();
    assertThat(Files.exists(dir.resolve("copy/users-discovery.json"))).isTrue();
    JsonNode report = Json.mapper().readTree(dir.resolve("copy/run-report.json").toFile());
    assertThat(report.path("transformations").path("user-map").asText()).isEqualTo(fingerprint);

    // when: an export for B, with an export of B's users instead of B itself, then its import
    Path users = writeTargetUsers(b, s);
    Path bundle = dir.resolve("bundle");
    Cli.Result export = ferry(config, "export", "--from", "qa", "--to", bundle.toString(),
        "--users-map", map.toString(), "--target-users", users.toString(), "--report",
        dir.resolve("export").toString());
    TestDatabase fresh = s.target().get();
    createSchema(fresh, s);
    loadTargetUsers(fresh, s);
    Cli.Result imported = ferry(config, "import", "--from", bundle.toString(), "--to",
        fresh.url(), "--report", dir.resolve("import").toString());

    // then: the bundle says it holds B's keys, and gives the same B
    assertThat(export.exitCode()).as(export.toString()).isZero();
    JsonNode manifest = Json.mapper().readTree(bundle.resolve("manifest.json").toFile());
    JsonNode transformations = manifest.path("transformations");
    assertThat(transformations.path("user-map").asText()).isEqualTo(fingerprint);
    assertThat(transformations.path("user-map.identity-table").asText()).endsWith(".app_user");
    assertThat(transformations.path("user-map.target-users").asText())
        .isEqualTo(report.path("transformations").path("user-map.target-users").asText());
    assertThat(fieldValues(manifest.path("tables"), "table"))
        .noneMatch(t -> t.endsWith("app_user"));
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    for (String query : List.of("SELECT * FROM app_user ORDER BY id",
        "SELECT * FROM team ORDER BY id", "SELECT * FROM project ORDER BY id",
        "SELECT * FROM task ORDER BY id", "SELECT * FROM user_preference ORDER BY user_id",
        "SELECT * FROM audit_log ORDER BY id")) {
      assertThat(Db.rows(fresh, query)).as(query).isEqualTo(Db.rows(b, query));
    }
  }

  static void createSchema(TestDatabase db, Scenario s) {
    Db.script(db, SCHEMA.replace("{KEY}", s.keyType()).replace("{SOFT}", s.softType()));
  }

  static void loadSourceData(TestDatabase db, Scenario s) {
    IntFunction<String> k = n -> "'" + s.a().apply(n) + "'";
    IntFunction<String> soft = n -> "'" + s.soft().apply(n) + "'";
    Db.exec(db,
        "INSERT INTO app_user (id, email, external_id, display_name) VALUES"
            + " (" + k.apply(1) + ", 'Alice.Martin@Example.com', NULL, 'Alice Martin'),"
            + " (" + k.apply(2) + ", 'bob@qa.example.com', 'EXT-2', 'Bob Stone'),"
            + " (" + k.apply(3) + ", 'carol@qa.example.com', NULL, 'Carol Diaz'),"
            + " (" + k.apply(4) + ", 'dan@qa.example.com', 'EXT-4', 'Dan Okafor'),"
            + " (" + k.apply(5) + ", 'ERIN@example.com', NULL, 'Erin Walsh'),"
            + " (" + k.apply(6) + ", 'frank@qa.example.com', 'EXT-6', 'Frank Li'),"
            + " (" + k.apply(7) + ", 'grace@qa.example.com', NULL, 'Grace Hopper')",
        "UPDATE app_user SET invited_by = " + k.apply(7) + " WHERE id = " + k.apply(1),
        "UPDATE app_user SET invited_by = " + k.apply(1) + " WHERE id = " + k.apply(2),
        "INSERT INTO team VALUES (10, 'Core', " + k.apply(1) + ", NULL), (11, 'Growth', "
            + k.apply(2) + ", NULL)",
        "INSERT INTO project VALUES (20, 10, 'Relaunch', " + k.apply(3) + ", " + k.apply(4)
            + "), (21, 11, 'Campaign', " + k.apply(2) + ", NULL)",
        "UPDATE team SET focus_project_id = 20 WHERE id = 10",
        "INSERT INTO task VALUES"
            + " (30, 20, NULL, 'Design', " + k.apply(4) + ", " + k.apply(1) + "),"
            + " (31, 20, 30, 'Build', " + k.apply(5) + ", " + k.apply(3) + "),"
            + " (32, 21, NULL, 'Draft', NULL, " + k.apply(2) + "),"
            + " (33, 21, 32, 'Review', " + k.apply(1) + ", " + k.apply(5) + ")",
        "INSERT INTO user_preference VALUES (" + k.apply(1) + ", 'dark'), (" + k.apply(5)
            + ", 'light')",
        "INSERT INTO audit_log VALUES (40, " + soft.apply(1) + ", 'login'),"
            + " (41, NULL, 'system start'), (42, " + soft.apply(4) + ", 'logout')");
  }

  static void loadTargetUsers(TestDatabase db, Scenario s) {
    IntFunction<String> k = n -> "'" + s.b().apply(n) + "'";
    Db.exec(db,
        "INSERT INTO app_user (id, email, external_id, display_name) VALUES"
            + " (" + k.apply(1) + ", 'alice.martin@example.com', NULL, 'Alice Martin'),"
            + " (" + k.apply(2) + ", 'robert.stone@example.com', 'EXT-2', 'Bob Stone'),"
            + " (" + k.apply(3) + ", 'carol@example.com', 'B-77', 'Carol Diaz'),"
            + " (" + k.apply(4) + ", 'daniel.o@example.com', 'B-78', 'Dan Okafor'),"
            + " (" + k.apply(5) + ", 'Erin@Example.com', NULL, 'Erin Walsh (old account)'),"
            + " (" + k.apply(6) + ", 'erin@example.com', NULL, 'Erin Walsh'),"
            + " (" + k.apply(7) + ", 'zed@example.com', NULL, 'Zed Unrelated')",
        "UPDATE app_user SET invited_by = " + k.apply(1) + " WHERE id = " + k.apply(7));
  }

  /** ferry.yaml with environments qa (A) and uat (B) and an identity section. */
  static Path writeConfig(Path dir, TestDatabase a, TestDatabase b, String identity)
      throws IOException {
    Path file = Files.createTempFile(dir, "ferry", ".yaml");
    Files.writeString(file, "environments:\n  qa:\n    url: \"" + a.url() + "\"\n  uat:\n"
        + "    url: \"" + b.url() + "\"\n" + identity);
    return file;
  }

  /** B's users as its administrators would export them: CSV with a header, or a JSON array. */
  private Path writeTargetUsers(TestDatabase b, Scenario s) throws IOException {
    List<String> rows = Db.rows(b, "SELECT id, email, COALESCE(external_id, ''), display_name"
        + " FROM app_user ORDER BY id");
    Path file = dir.resolve(s.targetUsers());
    StringBuilder text = new StringBuilder();
    if (s.targetUsers().endsWith(".csv")) {
      text.append("id,email,external_id,display_name\n");
      rows.forEach(r -> text.append(r.replace('|', ',')).append('\n'));
    } else {
      text.append("[\n");
      for (int i = 0; i < rows.size(); i++) {
        String[] f = rows.get(i).split("\\|", -1);
        text.append("  {\"id\": \"").append(f[0].toUpperCase(Locale.ROOT))
            .append("\", \"email\": \"").append(f[1]).append("\", \"external_id\": ")
            .append(f[2].isEmpty() ? "null" : "\"" + f[2] + "\"")
            .append(", \"display_name\": \"").append(f[3]).append("\"}")
            .append(i + 1 < rows.size() ? ",\n" : "\n");
      }
      text.append("]\n");
    }
    Files.writeString(file, text);
    return file;
  }

  static void operatorFills(Path map, String sourceKey, String targetKey)
      throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(map));
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).startsWith(sourceKey + ",,")) {
        lines.set(i, sourceKey + "," + targetKey + lines.get(i).substring(sourceKey.length() + 1));
      }
    }
    Files.write(map, lines);
  }

  static void assertNothingWritten(TestDatabase b, List<String> usersBefore) {
    for (String table : List.of("team", "project", "task", "user_preference", "audit_log")) {
      assertThat(Db.count(b, table)).as(table).isZero();
    }
    assertThat(Db.rows(b, "SELECT * FROM app_user ORDER BY id")).isEqualTo(usersBefore);
    assertThat(Db.ferryState(b)).as("ferry's state tables").isEmpty();
  }

  /** Each reference names the same person on both sides; every other column is equal. */
  private static void assertSamePeopleAndData(TestDatabase a, TestDatabase b, Scenario s) {
    String[][] references = {{"team", "id", "lead_id"}, {"project", "id", "owner_id"},
        {"project", "id", "reviewer_id"}, {"task", "id", "assignee_id"},
        {"task", "id", "reporter_id"}};
    List<String> queries = new ArrayList<>();
    for (String[] r : references) {
      queries.add(person(r[0], r[1], r[2], "u.id = t." + r[2]));
    }
    queries.add(person("audit_log", "id", "actor_id", s.softJoin()));
    queries.add("SELECT u.display_name, t.theme FROM user_preference t"
        + " JOIN app_user u ON u.id = t.user_id ORDER BY u.display_name");
    queries.add("SELECT id, name, focus_project_id FROM team ORDER BY id");
    queries.add("SELECT id, team_id, title FROM project ORDER BY id");
    queries.add("SELECT id, project_id, parent_id, title FROM task ORDER BY id");
    queries.add("SELECT id, action FROM audit_log ORDER BY id");
    for (String query : queries) {
      assertThat(Db.rows(b, query)).as(query).isEqualTo(Db.rows(a, query)).isNotEmpty();
    }
    assertThat(Db.rows(b, person("task", "id", "assignee_id", "u.id = t.assignee_id")))
        .contains("32|NULL").contains("31|Erin Walsh");
  }

  private static String person(String table, String key, String column, String join) {
    return "SELECT t." + key + ", CASE WHEN t." + column + " IS NULL THEN 'NULL'"
        + " ELSE COALESCE(u.display_name, 'NO SUCH USER') END"
        + " FROM " + table + " t LEFT JOIN app_user u ON " + join + " ORDER BY t." + key;
  }

  private static String mapped(String row, Map<String, String> pairs) {
    String[] f = row.split("\\|", -1);
    for (int i = 1; i < f.length; i++) {
      f[i] = pairs.getOrDefault(f[i], f[i]);
    }
    return String.join("|", f);
  }

  private static List<String> fieldValues(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.path(field).asText()));
    return values;
  }

  private static String columnNamed(List<String> columns, String suffix) {
    return columns.stream().filter(c -> c.endsWith(suffix)).findFirst().orElseThrow();
  }

  /** Runs ferry with the scenario's ferry.yaml ({@code --config} is inherited by subcommands). */
  static Cli.Result ferry(Path config, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--config");
    all.add(config.toString());
    return Cli.run(all.toArray(String[]::new));
  }
}
