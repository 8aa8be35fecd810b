package dev.ferry.copy;

import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A small promoted data set with users under different keys on each side, hostile names and
 * values, a nullable cycle and identities, on PostgreSQL and MariaDB.
 *
 * <p>Source users 1..6 (a..f@x) are target users 3, 1, 2, 4, 6, 8: the ranges overlap, 1→3→2→1
 * is a cycle, 4→4 an identity, and 5→6→8 a chain whose end must be rewritten first.
 */
final class ScriptFixtures {

  static final String ODD = "odd \"name\"; --x";

  static final String POSTGRES = """
      CREATE TABLE app_user (id int PRIMARY KEY, email text NOT NULL UNIQUE);
      CREATE TABLE team (id serial PRIMARY KEY, name text NOT NULL,
        lead_id int NOT NULL %1$s, captain_id bigint);
      CREATE TABLE person (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,
        team_id int REFERENCES team (id), created_by int %2$s,
        manager_id bigint REFERENCES person (id));
      ALTER TABLE team ADD CONSTRAINT team_captain_fk FOREIGN KEY (captain_id)
        REFERENCES person (id);
      CREATE TABLE "odd ""name""; --x" (k int PRIMARY KEY, "v'al;--" text,
        "back\\slash" varchar(200), bin bytea, n numeric(38, 10), f double precision,
        flag boolean, d date, tm time(6), ts timestamp(6), u uuid, owner_id int %2$s);
      CREATE TABLE keyless (a int, b text);
      """;

  static final String MARIADB = """
      CREATE TABLE app_user (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE);
      CREATE TABLE team (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,
        lead_id INT NOT NULL, captain_id BIGINT NULL %1$s);
      CREATE TABLE person (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,
        team_id INT NULL, created_by INT NULL, manager_id BIGINT NULL,
        CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id),
        CONSTRAINT person_manager_fk FOREIGN KEY (manager_id) REFERENCES person (id) %2$s);
      ALTER TABLE team ADD CONSTRAINT team_captain_fk FOREIGN KEY (captain_id)
        REFERENCES person (id);
      CREATE TABLE `odd "name"; --x` (k INT PRIMARY KEY, `v'al;--` LONGTEXT,
        `back\\slash` VARCHAR(200), bin LONGBLOB, n DECIMAL(38, 10), f DOUBLE, flag BOOLEAN,
        d DATE, tm TIME(6), ts DATETIME(6), u CHAR(36), owner_id INT NULL %3$s);
      CREATE TABLE keyless (a INT, b LONGTEXT);
      """;

  /** Everything but the users, the same on both engines (standard SQL with '' quotes). */
  static String data(String engine, String odd) {
    String hostile = engine.equals("postgres")
        ? "E'tab\\there\\nnew line -- /* */ ; \\nGO\\n back\\\\slash \\\\'' end'"
        : "'tab\\there\\nnew line -- /* */ ; \\nGO\\n back\\\\slash \\\\'' end'";
    String bytes = engine.equals("postgres") ? "'\\x00ff10'" : "X'00FF10'";
    String empty = engine.equals("postgres") ? "'\\x'" : "X''";
    String longText = engine.equals("postgres") ? "repeat('long ', 20000) || '😀'"
        : "CONCAT(REPEAT('long ', 20000), '😀')";
    String bool = engine.equals("postgres") ? "true" : "1";
    return """
        INSERT INTO team (id, name, lead_id) VALUES (10, 'core', 1), (11, 'edge', 5);
        INSERT INTO person (id, name, team_id, created_by, manager_id) %5$s VALUES
          (1, 'Ada', 10, 2, NULL), (2, 'Linus', 10, NULL, 1), (3, 'Grace', 11, 6, 1),
          (4, 'Ünï 𝄞😀', 11, 3, 2);
        UPDATE team SET captain_id = 1 WHERE id = 10;
        UPDATE team SET captain_id = 3 WHERE id = 11;
        INSERT INTO %1$s VALUES
          (1, 'Robert''); DROP TABLE x;--', 'O''Brien', %2$s,
           1234567890123456789012345678.0123456789, 1.5, %6$s, '2024-02-29', '23:59:59.999999',
           '2024-01-01 00:00:00.000001', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 4),
          (2, %3$s, '', %4$s, -0.0000000001, -2.25e10, NULL, '1000-01-01', '00:00:00',
           '9999-12-31 23:59:59', NULL, NULL),
          (3, %7$s, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1),
          (4, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 5);
        INSERT INTO keyless VALUES (1, 'x'), (1, 'x'), (NULL, NULL);
        """.formatted(odd, bytes, hostile, empty, engine.equals("postgres")
            ? "OVERRIDING SYSTEM VALUE" : "", bool, longText);
  }

  static final String SOURCE_USERS = "INSERT INTO app_user VALUES (1, 'a@x'), (2, 'b@x'),"
      + " (3, 'c@x'), (4, 'd@x'), (5, 'e@x'), (6, 'f@x')";
  static final String TARGET_USERS = "INSERT INTO app_user VALUES (3, 'a@x'), (1, 'b@x'),"
      + " (2, 'c@x'), (4, 'd@x'), (6, 'e@x'), (8, 'f@x')";

  private ScriptFixtures() {}

  /** The source: users and data. */
  static TestDatabase source(String engine) {
    TestDatabase db = fresh(engine);
    schema(db, true);
    SqlScripts.execute(db, SOURCE_USERS + ";\n" + data(engine, odd(engine)));
    return db;
  }

  /**
   * A target with the target's users and empty tables.
   *
   * @param userKeys false to leave out the foreign keys to the users, so that data referencing
   *     source keys can be loaded untransformed (the remap script's starting point)
   */
  static TestDatabase target(String engine, boolean userKeys) {
    TestDatabase db = fresh(engine);
    schema(db, userKeys);
    SqlScripts.execute(db, TARGET_USERS + ";\n");
    return db;
  }

  private static void schema(TestDatabase db, boolean userKeys) {
    if (db.engine().equals("postgres")) {
      String fk = userKeys ? "REFERENCES app_user (id)" : "";
      SqlScripts.execute(db, POSTGRES.formatted(fk, fk));
    } else {
      SqlScripts.execute(db, MARIADB.formatted(
          userKeys ? ", CONSTRAINT team_lead_fk FOREIGN KEY (lead_id) REFERENCES app_user (id)" : "",
          userKeys ? ", CONSTRAINT person_created_fk FOREIGN KEY (created_by) REFERENCES"
              + " app_user (id)" : "",
          userKeys ? ", CONSTRAINT odd_owner_fk FOREIGN KEY (owner_id) REFERENCES app_user (id)"
              : ""));
    }
  }

  /** Loads the source's data, untransformed (source user keys), into a target without user FKs. */
  static void loadUntransformed(TestDatabase db) {
    SqlScripts.execute(db, data(db.engine(), odd(db.engine())));
  }

  static String odd(String engine) {
    return engine.equals("postgres") ? "\"odd \"\"name\"\"; --x\"" : "`odd \"name\"; --x`";
  }

  static TestDatabase fresh(String engine) {
    return engine.equals("postgres") ? TestDatabases.freshPostgres()
        : TestDatabases.freshMariaDb();
  }

  /** ferry.yaml with the identity section. */
  static Path config(Path dir) throws IOException {
    return Files.writeString(dir.resolve("ferry.yaml"), """
        identity:
          table: app_user
          key: id
          match:
            - column: email
        """);
  }

  /** Every table but the users, canonically (engine-independent). */
  static Map<String, List<String>> content(TestDatabase db) throws Exception {
    Map<String, List<String>> all = new TreeMap<>();
    for (String t : List.of("team", "person", ODD, "keyless")) {
      List<String> rows = new ArrayList<>(Canonical.rows(db, t));
      rows.sort(null);
      all.put(t, rows);
    }
    return all;
  }

  /** The files of a directory, name → bytes, for byte-for-byte comparison. */
  static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        out.put(p.getFileName().toString(), new String(Files.readAllBytes(p),
            StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }
}
