package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cycle of NOT NULL, non-deferrable foreign keys loaded by a principal that may not switch
 * checks off for its session but owns the tables: the foreign keys the plan gives up are dropped
 * (their definitions recorded in ferry's state in the same transaction), the tables load, and
 * the keys are re-created exactly, validated. What {@code inspect} prints for a principal, {@code
 * copy} does for it.
 */
class ForeignKeySetAsideIT {

  static final String OWNER_PASSWORD = "owner-pw";

  @TempDir Path dir;

  static final String CYCLE = """
      CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL, note text);
      CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL);
      ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id) ON DELETE CASCADE;
      ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id);
      COMMENT ON CONSTRAINT b_a_fk ON b IS 'every b has its a';
      """;

  static final String CYCLE_DATA = """
      SET session_replication_role = replica;
      INSERT INTO a SELECT g, 1 + g % 40, 'n' || g FROM generate_series(1, 40) g;
      INSERT INTO b SELECT g, 1 + (g * 7) % 40 FROM generate_series(1, 40) g;
      """;

  static final String FOREIGN_KEYS = "SELECT c.conrelid::regclass || ' ' || c.conname || ' '"
      + " || pg_get_constraintdef(c.oid) || ' ' || c.convalidated || ' '"
      + " || coalesce(obj_description(c.oid, 'pg_constraint'), '-')"
      + " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
      + " WHERE c.contype = 'f' AND n.nspname = 'public' ORDER BY 1";

  /**
   * Makes a login that owns every table of the target's public schema (and ferry's schema), as
   * an application's migration role does; returns its URL.
   */
  static String ownerOf(TestDatabase target) {
    String role = TestDatabases.createPostgresLogin(target, OWNER_PASSWORD);
    Sql.exec(target, "DO $$ DECLARE t record; BEGIN FOR t IN SELECT tablename FROM pg_tables"
        + " WHERE schemaname = 'public' LOOP EXECUTE format('ALTER TABLE %I OWNER TO " + role
        + "', t.tablename); END LOOP; END $$", "CREATE SCHEMA ferry AUTHORIZATION " + role);
    return target.bareUrl() + "?user=" + role + "&password=" + OWNER_PASSWORD;
  }

  private Cli.Run copy(String from, String to, String... more) {
    String[] args = new String[6 + more.length];
    System.arraycopy(new String[] {"copy", "--from", from, "--to", to,
        "--report=" + dir.resolve("r" + System.nanoTime())}, 0, args, 0, 6);
    System.arraycopy(more, 0, args, 6, more.length);
    return Cli.run(args);
  }

  @Test
  void aTableOwnerLoadsANotNullCycleAndGetsItsForeignKeysBackExactlyAndValidated()
      throws Exception {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, CYCLE, CYCLE_DATA);
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, CYCLE);
    List<String> keys = Sql.rows(target, FOREIGN_KEYS);
    String owner = ownerOf(target);

    // when
    Cli.Run inspect = Cli.run("inspect", owner, "--out", dir.resolve("inspect").toString());
    Cli.Run run = copy(source.url(), owner);

    // then: what inspect planned is what copy did
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    assertThat(inspect.out()).contains("drop the foreign key before the load");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("orphan check public.b.b_a_fk: passed",
        "public.b.b_a_fk was dropped for the load and re-created, validated");
    assertThat(Sql.rows(target, FOREIGN_KEYS)).isEqualTo(keys);
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.deferred_constraint"))
        .containsExactly("0");
    assertThat(Canonical.rows(target, "a")).isEqualTo(Canonical.rows(source, "a"));
    assertThat(Canonical.rows(target, "b")).isEqualTo(Canonical.rows(source, "b"));
  }

  @Test
  void rowsWithoutParentEndTheRunVerificationFailedWithTheKeyRecreatedNotValid() {
    // given: two rows of b whose a does not exist in the source either
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, CYCLE, CYCLE_DATA, "SET session_replication_role = replica;"
        + " INSERT INTO b VALUES (41, 99), (42, 98)");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, CYCLE);
    String owner = ownerOf(target);

    // when
    Cli.Run run = copy(source.url(), owner);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("orphan check public.b.b_a_fk: FAILED, 2 rows",
        "id=41 (a_id=99)", "id=42 (a_id=98)", "NOT VALID", "VALIDATE CONSTRAINT");
    assertThat(Sql.rows(target, "SELECT conname || ' ' || convalidated FROM pg_constraint"
        + " WHERE contype = 'f' ORDER BY 1")).containsExactly("a_b_fk true", "b_a_fk false");
    assertThat(Sql.rows(target, "SELECT status FROM ferry.run"))
        .containsExactly("verification-failed");
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.deferred_constraint"))
        .containsExactly("0");
    // new rows are checked again
    assertThat(Sql.rows(target, "SELECT count(*) FROM b")).containsExactly("42");
  }

  @Test
  void threeTablesACompositeKeyAndANotNullSelfReferenceLoadAsTheOwner() {
    // given
    String schema = """
        CREATE TABLE region (country char(2), code text, capital_id int NOT NULL,
          PRIMARY KEY (country, code));
        CREATE TABLE city (id int PRIMARY KEY, country char(2) NOT NULL, region_code text NOT NULL,
          mayor_id int NOT NULL,
          CONSTRAINT city_region_fk FOREIGN KEY (country, region_code)
            REFERENCES region (country, code) MATCH FULL);
        CREATE TABLE citizen (id int PRIMARY KEY, city_id int NOT NULL REFERENCES city (id),
          mentor_id int NOT NULL REFERENCES citizen (id));
        ALTER TABLE region ADD CONSTRAINT region_capital_fk FOREIGN KEY (capital_id)
          REFERENCES city (id);
        ALTER TABLE city ADD CONSTRAINT city_mayor_fk FOREIGN KEY (mayor_id)
          REFERENCES citizen (id);
        """;
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, schema, """
        SET session_replication_role = replica;
        INSERT INTO region VALUES ('CH', 'BE', 2), ('CH', 'ZH', 1);
        INSERT INTO city VALUES (1, 'CH', 'ZH', 10), (2, 'CH', 'BE', 11);
        INSERT INTO citizen VALUES (10, 1, 11), (11, 2, 11), (12, 2, 10);
        """);
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, schema);
    List<String> keys = Sql.rows(target, FOREIGN_KEYS);
    String owner = ownerOf(target);

    // when
    Cli.Run inspect = Cli.run("inspect", owner, "--out", dir.resolve("inspect").toString());
    Cli.Run run = copy(source.url(), owner);

    // then
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("public.citizen.citizen_mentor_id_fkey was dropped for the"
        + " load and re-created, validated");
    assertThat(Sql.rows(target, FOREIGN_KEYS)).isEqualTo(keys);
    for (String table : List.of("region", "city", "citizen")) {
      String all = "SELECT * FROM " + table + " ORDER BY 1, 2";
      assertThat(Sql.rows(target, all)).as(table).isEqualTo(Sql.rows(source, all));
    }
  }

  @Test
  void aPrincipalThatMayNotRelaxChecksIsRefusedByInspectAndCopyAlike() {
    // given: a login that may write the tables but owns none of them
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, CYCLE, CYCLE_DATA);
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, CYCLE, "CREATE TABLE node (id int PRIMARY KEY,"
        + " parent_id int NOT NULL REFERENCES node (id))");
    String role = TestDatabases.createPostgresLogin(target, "writer-pw");
    Sql.exec(target, "GRANT SELECT, INSERT, UPDATE ON a, b, node TO " + role,
        "CREATE SCHEMA ferry AUTHORIZATION " + role);
    String writer = target.bareUrl() + "?user=" + role + "&password=writer-pw";

    // when
    Cli.Run inspect = Cli.run("inspect", writer, "--out", dir.resolve("inspect").toString());
    Cli.Run run = copy(source.url(), writer);

    // then: both refuse the cycle and the NOT NULL self-reference, naming what would unblock
    assertThat(inspect.exitCode()).as(inspect.toString()).isEqualTo(4);
    assertThat(inspect.out()).contains("cycle public.a <-> public.b: REFUSED",
        "self-reference public.node: REFUSED", "owner of the cycle's tables");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("cannot be loaded");
  }

  @Test
  void anH2UserOwningTheSchemaLoadsANotNullCycleWithoutAdminRights() {
    // given
    String schema = """
        CREATE SCHEMA APP AUTHORIZATION LOADER;
        CREATE TABLE APP.A (ID INT PRIMARY KEY, B_ID INT NOT NULL);
        CREATE TABLE APP.B (ID INT PRIMARY KEY, A_ID INT NOT NULL);
        ALTER TABLE APP.A ADD CONSTRAINT A_B_FK FOREIGN KEY (B_ID) REFERENCES APP.B (ID);
        ALTER TABLE APP.B ADD CONSTRAINT B_A_FK FOREIGN KEY (A_ID) REFERENCES APP.A (ID);
        CREATE SCHEMA FERRY AUTHORIZATION LOADER
        """;
    TestDatabase source = TestDatabases.freshH2();
    Sql.exec(source, "CREATE USER LOADER PASSWORD 'loader-pw'");
    Sql.exec(source, schema.split(";\\s*\n"));
    Sql.exec(source, "SET REFERENTIAL_INTEGRITY FALSE", "INSERT INTO APP.A VALUES (1, 2), (2, 1)",
        "INSERT INTO APP.B VALUES (1, 1), (2, 2)", "SET REFERENTIAL_INTEGRITY TRUE");
    TestDatabase target = TestDatabases.freshH2();
    Sql.exec(target, "CREATE USER LOADER PASSWORD 'loader-pw'");
    Sql.exec(target, schema.split(";\\s*\n"));
    String loader = target.url().replace(";USER=sa;PASSWORD=", ";USER=LOADER;PASSWORD=loader-pw");

    // when
    Cli.Run inspect = Cli.run("inspect", loader, "--schema", "APP", "--out",
        dir.resolve("inspect").toString());
    Cli.Run run = copy(source.url(), loader, "--schema", "APP");

    // then
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("was dropped for the load and re-created, validated");
    assertThat(Sql.rows(target, "SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA"
        + ".TABLE_CONSTRAINTS WHERE CONSTRAINT_TYPE = 'FOREIGN KEY' ORDER BY 1"))
        .containsExactly("A_B_FK", "B_A_FK");
    assertThat(Sql.rows(target, "SELECT ID, B_ID FROM APP.A ORDER BY ID"))
        .containsExactly("1|2", "2|1");
  }

  @Test
  void anH2UserWhoNeitherOwnsTheSchemaNorIsAnAdminIsRefusedByInspectAndCopyAlike() {
    String schema = """
        CREATE TABLE A (ID INT PRIMARY KEY, B_ID INT NOT NULL);
        CREATE TABLE B (ID INT PRIMARY KEY, A_ID INT NOT NULL);
        ALTER TABLE A ADD CONSTRAINT A_B_FK FOREIGN KEY (B_ID) REFERENCES B (ID);
        ALTER TABLE B ADD CONSTRAINT B_A_FK FOREIGN KEY (A_ID) REFERENCES A (ID)
        """;
    TestDatabase source = TestDatabases.freshH2();
    Sql.exec(source, schema.split(";\\s*\n"));
    TestDatabase target = TestDatabases.freshH2();
    Sql.exec(target, schema.split(";\\s*\n"));
    Sql.exec(target, "CREATE USER LOADER PASSWORD 'loader-pw'", "GRANT SELECT, INSERT ON A TO LOADER",
        "GRANT SELECT, INSERT ON B TO LOADER", "CREATE SCHEMA FERRY AUTHORIZATION LOADER");
    String loader = target.url().replace(";USER=sa;PASSWORD=", ";USER=LOADER;PASSWORD=loader-pw");

    Cli.Run inspect = Cli.run("inspect", loader, "--out", dir.resolve("inspect").toString());
    Cli.Run run = copy(source.url(), loader);

    assertThat(inspect.exitCode()).as(inspect.toString()).isEqualTo(4);
    assertThat(inspect.out()).contains("REFUSED", "owner of the tables' schema");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("cannot be loaded");
  }

  @Test
  void anH2AdminsLoadOfACycleLeavesTheKeysOfEveryOtherTableChecked() {
    // given: an orphan in a table outside the cycle, which its own key refuses while loading;
    // switching referential integrity off for the whole database let it through unseen
    String schema = """
        CREATE TABLE A (ID INT PRIMARY KEY, B_ID INT NOT NULL);
        CREATE TABLE B (ID INT PRIMARY KEY, A_ID INT NOT NULL);
        ALTER TABLE A ADD CONSTRAINT A_B_FK FOREIGN KEY (B_ID) REFERENCES B (ID);
        ALTER TABLE B ADD CONSTRAINT B_A_FK FOREIGN KEY (A_ID) REFERENCES A (ID);
        CREATE TABLE P (ID INT PRIMARY KEY);
        CREATE TABLE Z (ID INT PRIMARY KEY, P_ID INT NOT NULL REFERENCES P (ID))
        """;
    TestDatabase source = TestDatabases.freshH2();
    Sql.exec(source, schema.split(";\\s*\n"));
    Sql.exec(source, "SET REFERENTIAL_INTEGRITY FALSE",
        "INSERT INTO A SELECT X, X FROM SYSTEM_RANGE(1, 3000)",
        "INSERT INTO B SELECT X, X FROM SYSTEM_RANGE(1, 3000)", "INSERT INTO P VALUES (1)",
        "INSERT INTO Z VALUES (1, 1), (2, 77)", "SET REFERENTIAL_INTEGRITY TRUE");
    TestDatabase target = TestDatabases.freshH2();
    Sql.exec(target, schema.split(";\\s*\n"));

    // when: the cycle's heavy tables load first, then z
    Cli.Run run = copy(source.url(), target.url(), "--parallel", "1");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("Z");
    assertThat(Sql.rows(target, "SELECT COUNT(*) FROM Z WHERE P_ID = 77")).containsExactly("0");
  }
}
