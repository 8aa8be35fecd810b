package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.Ferry;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.InspectRequest;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.Trigger;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only triggers that fire on what a load does count against it: INSERT for the rows loaded,
 * UPDATE where a cycle is fixed up afterwards, DELETE where --truncate-target empties a table. A
 * trigger that fires on UPDATE only (the common {@code last_updated} one) leaves a plain load
 * alone, on every engine; one that fires whatever the session (PostgreSQL ENABLE ALWAYS) is not
 * silenced by the replica role.
 */
class TriggerEventsIT {

  @TempDir Path dir;

  private Cli.Run copy(String from, String to, String... more) {
    String[] args = new String[6 + more.length];
    System.arraycopy(new String[] {"copy", "--from", from, "--to", to,
        "--report=" + dir.resolve("r" + System.nanoTime())}, 0, args, 0, 6);
    System.arraycopy(more, 0, args, 6, more.length);
    return Cli.run(args);
  }

  private static List<Trigger> triggersOf(TestDatabase db, String table) {
    return Ferry.inspect(new InspectRequest(new ConnectionSpec(null, db.url(), null, null), List.of(),
        TableFilter.all(), null)).catalog().tables().stream()
        .filter(t -> t.name().name().equalsIgnoreCase(table)).findFirst().orElseThrow()
        .triggers();
  }

  // ---- PostgreSQL ----

  static final String PG_SCHEMA = """
      CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL, last_updated timestamptz);
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.last_updated := now(); RETURN NEW; END $$;
      CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.name := upper(NEW.name); RETURN NEW; END $$;
      """;

  /** A target whose tables belong to a login that is not a superuser; returns its URL. */
  private static String ownedByLogin(TestDatabase target) {
    String role = TestDatabases.createPostgresLogin(target, "owner-pw");
    Sql.exec(target, "ALTER TABLE item OWNER TO " + role, "CREATE SCHEMA ferry AUTHORIZATION "
        + role);
    return target.bareUrl() + "?user=" + role + "&password=owner-pw";
  }

  private static TestDatabase pgSource() {
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, PG_SCHEMA, "INSERT INTO item VALUES (1, 'ada', NULL), (2, 'bob', NULL)");
    return source;
  }

  @Test
  void anUpdateTriggerDoesNotStopALoadIntoPostgresByATableOwner() {
    // given
    TestDatabase source = pgSource();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, PG_SCHEMA, "CREATE TRIGGER item_touch BEFORE UPDATE ON item"
        + " FOR EACH ROW EXECUTE FUNCTION touch()");
    String owner = ownedByLogin(target);

    // when
    Cli.Run run = copy(source.url(), owner);

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, name, last_updated FROM item ORDER BY id"))
        .containsExactly("1|ada|null", "2|bob|null");
  }

  @Test
  void anInsertTriggerStillStopsItAndSaysWhichEventFires() {
    TestDatabase source = pgSource();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, PG_SCHEMA, "CREATE TRIGGER item_shout BEFORE INSERT OR UPDATE ON item"
        + " FOR EACH ROW EXECUTE FUNCTION shout()");
    String owner = ownedByLogin(target);

    Cli.Run run = copy(source.url(), owner);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("item_shout (trigger, BEFORE INSERT,UPDATE)");
    assertThat(Sql.count(target, "item")).isZero();
  }

  @Test
  void aTriggerThatFiresInEverySessionIsNotSilencedByTheReplicaRole() {
    // given: a superuser silences ordinary triggers with session_replication_role = replica, but
    // not one enabled ALWAYS
    TestDatabase source = pgSource();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, PG_SCHEMA, "CREATE TRIGGER item_shout BEFORE INSERT ON item"
        + " FOR EACH ROW EXECUTE FUNCTION shout()",
        "ALTER TABLE item ENABLE ALWAYS TRIGGER item_shout");

    // when
    Cli.Run run = copy(source.url(), target.url());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("item_shout", "session_replication_role");
    assertThat(Sql.count(target, "item")).isZero();
    assertThat(triggersOf(target, "item")).singleElement()
        .satisfies(t -> assertThat(t.firesWhenSilenced()).isTrue());
  }

  @Test
  void anUpdateTriggerOnATableAFixUpUpdatesCounts() {
    // given: a nullable cycle, loaded NULL first and fixed up by UPDATE (no superuser)
    String schema = """
        CREATE TABLE team (id int PRIMARY KEY, lead_id int, touched int);
        CREATE TABLE person (id int PRIMARY KEY, team_id int NOT NULL REFERENCES team (id));
        ALTER TABLE team ADD FOREIGN KEY (lead_id) REFERENCES person (id);
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.touched := 1; RETURN NEW; END $$;
        """;
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, schema, "INSERT INTO team VALUES (1, NULL, NULL)",
        "INSERT INTO person VALUES (5, 1)", "UPDATE team SET lead_id = 5");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, schema, "CREATE TRIGGER team_touch BEFORE UPDATE ON team"
        + " FOR EACH ROW EXECUTE FUNCTION touch()");
    String role = TestDatabases.createPostgresLogin(target, "owner-pw");
    Sql.exec(target, "ALTER TABLE team OWNER TO " + role, "ALTER TABLE person OWNER TO " + role,
        "CREATE SCHEMA ferry AUTHORIZATION " + role);

    // when
    Cli.Run run = copy(source.url(), target.bareUrl() + "?user=" + role + "&password=owner-pw");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("team_touch (trigger, BEFORE UPDATE)", "fix-up");
  }

  // ---- MariaDB ----

  @Test
  void anUpdateTriggerDoesNotStopALoadIntoMariaDb() {
    String schema = "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL,"
        + " last_updated DATETIME NULL)";
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, schema, "INSERT INTO item VALUES (1, 'ada', NULL)");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, schema, "CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW"
        + " SET NEW.last_updated = NOW()");

    Cli.Run run = copy(source.url(), target.url());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, name, last_updated FROM item"))
        .containsExactly("1|ada|null");
  }

  @Test
  void aDeleteTriggerCountsWhenTruncateTargetDeletes() {
    String schema = "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)";
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, schema, "INSERT INTO item VALUES (1, 'ada')");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, schema, "CREATE TABLE gone (id INT)", "INSERT INTO item VALUES (9, 'old')",
        "CREATE TRIGGER item_gone AFTER DELETE ON item FOR EACH ROW"
            + " INSERT INTO gone VALUES (OLD.id)");

    Cli.Run plain = copy(source.url(), target.url(), "--include", "item");
    Cli.Run truncating = copy(source.url(), target.url(), "--include", "item",
        "--truncate-target");

    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    assertThat(truncating.exitCode()).as(truncating.toString()).isEqualTo(4);
    assertThat(truncating.err()).contains("item_gone (trigger, AFTER DELETE)",
        "--truncate-target");
    assertThat(Sql.rows(target, "SELECT id FROM item ORDER BY id")).containsExactly("1", "9");
    assertThat(Sql.count(target, "gone")).isZero();
  }

  // ---- SQLite ----

  @Test
  void anUpdateTriggerDoesNotStopALoadIntoSqliteAndItsEventIsReadWhateverItsName()
      throws Exception {
    String schema = "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, touched INTEGER)";
    TestDatabase source = TestDatabases.freshSqlite();
    Sql.exec(source, schema, "INSERT INTO item VALUES (1, 'ada', NULL)");
    TestDatabase target = TestDatabases.freshSqlite();
    try (Connection c = TestDatabases.connect(target); var s = c.createStatement()) {
      s.execute(schema);
      s.execute("CREATE TRIGGER \"touch item\" AFTER UPDATE OF name ON item"
          + " BEGIN UPDATE item SET touched = 1 WHERE id = NEW.id; END");
    }

    Cli.Run run = copy(source.url(), target.url());

    assertThat(triggersOf(target, "item")).extracting(Trigger::name, Trigger::events)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("touch item", "UPDATE"));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, name, touched FROM item"))
        .containsExactly("1|ada|null");
  }

  // ---- H2 ----

  @Test
  void h2TriggersAreListedOncePerTriggerAndOnlyThoseOnInsertStopALoad() {
    String schema = "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20))";
    String trigger = H2NoOpTrigger.class.getName();
    TestDatabase source = TestDatabases.freshH2();
    Sql.exec(source, schema, "INSERT INTO item VALUES (1, 'ada')");
    TestDatabase onUpdate = TestDatabases.freshH2();
    Sql.exec(onUpdate, schema, "CREATE TRIGGER item_touch BEFORE UPDATE ON item FOR EACH ROW"
        + " CALL '" + trigger + "'");
    TestDatabase onBoth = TestDatabases.freshH2();
    Sql.exec(onBoth, schema, "CREATE TRIGGER item_both BEFORE INSERT, UPDATE ON item"
        + " FOR EACH ROW CALL '" + trigger + "'");

    Cli.Run updateOnly = copy(source.url(), onUpdate.url());
    Cli.Run both = copy(source.url(), onBoth.url());

    assertThat(triggersOf(onBoth, "item")).extracting(Trigger::name, Trigger::events)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ITEM_BOTH", "INSERT,UPDATE"));
    assertThat(updateOnly.exitCode()).as(updateOnly.toString()).isZero();
    assertThat(Sql.count(onUpdate, "item")).isEqualTo(1);
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(4);
    assertThat(both.err()).contains("ITEM_BOTH (trigger, BEFORE INSERT,UPDATE)");
  }
}
