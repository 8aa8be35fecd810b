package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What copying the public sample databases (Sakila, Pagila) from PostgreSQL into each engine
 * found, each reduced to the few rows that show it.
 */
class SampleSchemaCopyIT {

  @TempDir Path dir;

  private Cli.Run copy(TestDatabase from, TestDatabase to, String... more) {
    String[] args = {"copy", "--from", from.url(), "--to", to.url(), "--report",
        dir.resolve("copy-" + System.nanoTime()).toString()};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.run(all);
  }

  @Test
  void sequencesNamedOnlyByDefaultsMovePastTheKeysOfEveryTableSharingThem() {
    // given: as in Sakila's dump, no sequence is OWNED BY its column, and the payment
    // partitions (inheritance children) draw their keys from the parent's sequence
    String schema = """
        CREATE SEQUENCE actor_actor_id_seq;
        CREATE TABLE actor (actor_id int DEFAULT nextval('actor_actor_id_seq') PRIMARY KEY,
          name text);
        CREATE SEQUENCE payment_payment_id_seq;
        CREATE TABLE payment (payment_id int DEFAULT nextval('payment_payment_id_seq')
          PRIMARY KEY, amount numeric(5,2));
        CREATE TABLE payment_p2007_01 () INHERITS (payment);
        CREATE TABLE payment_p2007_02 () INHERITS (payment);
        """;
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, schema);
    Sql.exec(target, schema);
    Sql.exec(source, "INSERT INTO actor VALUES (1, 'a'), (200, 'b')",
        "INSERT INTO payment VALUES (1, 1.00), (2, 2.00)",
        "INSERT INTO payment_p2007_01 VALUES (90, 9.00)");

    // when
    Cli.Run run = copy(source, target);

    // then: the next key of each sequence is past every table drawing from it
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT nextval('actor_actor_id_seq')")).containsExactly("201");
    assertThat(Sql.rows(target, "SELECT nextval('payment_payment_id_seq')"))
        .containsExactly("91");
  }

  @Test
  void aSharedSequenceNeedsTheRoleToReadEveryOtherTableDrawingFromIt() {
    // given: the role may read the parent (and so its child's rows), not the archive table
    // drawing from the same sequence
    String schema = """
        CREATE SEQUENCE payment_payment_id_seq;
        CREATE TABLE payment (payment_id int DEFAULT nextval('payment_payment_id_seq')
          PRIMARY KEY);
        CREATE TABLE payment_p2007_01 () INHERITS (payment);
        CREATE TABLE payment_archive (payment_id int DEFAULT nextval('payment_payment_id_seq'));
        """;
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, schema, "INSERT INTO payment VALUES (1), (2)");
    Sql.exec(target, schema, "CREATE SCHEMA ferry");
    String role = TestDatabases.createPostgresLogin(target, "pw");
    Sql.exec(target, "GRANT SELECT, INSERT ON payment TO " + role,
        "GRANT UPDATE ON SEQUENCE payment_payment_id_seq TO " + role,
        "ALTER SCHEMA ferry OWNER TO " + role);
    TestDatabase writer = new TestDatabase("postgres", target.bareUrl() + "?user=" + role
        + "&password=pw", target.name());

    // when
    Cli.Run run = copy(source, writer, "--include", "payment");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("lacks SELECT on public.payment_archive (its keys draw from"
        + " sequence public.payment_payment_id_seq").doesNotContain("payment_p2007_01");
    assertThat(Sql.count(target, "payment")).isZero();
  }

  @Test
  void datesBeforeChristAndAfterYear9999LoadIntoPostgres() {
    // given: PostgreSQL's whole range of dates and timestamps
    String schema = "CREATE TABLE era (id int PRIMARY KEY, d date, ts timestamp,"
        + " tz timestamptz)";
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, schema, "INSERT INTO era VALUES"
        + " (1, '4713-01-01 BC', '4713-01-01 00:00:00 BC', '4713-01-02 00:00:00+00 BC'),"
        + " (2, '0001-12-31 BC', '0001-12-31 23:59:59.999999 BC', '0001-12-31 12:00:00+00 BC'),"
        + " (3, '294276-12-31', '294276-12-31 23:59:59.999999', '294276-12-30 23:59:59+00'),"
        + " (4, '10000-01-01', '10000-01-01 00:00:00.5', '10000-01-01 00:00:00+00'),"
        + " (5, '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00')");
    Sql.exec(target, schema);

    // when
    Cli.Run run = copy(source, target);

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String all = "SELECT id, d::text, ts::text, tz AT TIME ZONE 'UTC' FROM era ORDER BY id";
    assertThat(Sql.rows(target, all)).isEqualTo(Sql.rows(source, all));
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", target.url(), "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void jsonLoadsIntoH2AsJsonNotAsAJsonString() {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE doc (id int PRIMARY KEY, j jsonb, t text)",
        "INSERT INTO doc VALUES (1, '{\"e\": \"😀\", \"n\": 1.50}', '[1, 2]'),"
            + " (2, 'null', 'null'), (3, '\"str\"', '{}'), (4, NULL, NULL)");
    TestDatabase target = TestDatabases.freshH2();
    Sql.exec(target, "CREATE TABLE doc (id INT PRIMARY KEY, j JSON, t JSON)");

    // when
    Cli.Run run = copy(source, target);

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, CAST(j AS VARCHAR), CAST(t AS VARCHAR) FROM doc"
        + " ORDER BY id")).containsExactly("1|{\"e\":\"😀\",\"n\":1.50}|[1,2]",
        "2|null|null", "3|\"str\"|{}", "4|null|null");
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", target.url(), "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void aNullableColumnLoadsIntoANotNullOneWhenItHoldsNoNull() {
    // given: Sakila's customer.active is nullable on PostgreSQL, NOT NULL on MariaDB
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE customer (customer_id int PRIMARY KEY, active int,"
        + " last_update timestamp DEFAULT now())",
        "INSERT INTO customer VALUES (1, 1, '2006-02-15 04:57:20'), (2, 0, '2006-02-15 04:57:20')");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, "CREATE TABLE customer (customer_id INT PRIMARY KEY, active INT NOT NULL,"
        + " last_update DATETIME NOT NULL)");

    // when
    Cli.Run loaded = copy(source, target);
    Sql.exec(source, "UPDATE customer SET active = NULL WHERE customer_id = 2");
    Cli.Run refused = copy(source, target, "--truncate-target");

    // then
    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("public.customer.active: 1 value is NULL, but "
        + target.name() + ".customer.active is NOT NULL; first keys: 2");
    assertThat(Sql.count(target, "customer")).isEqualTo(2);
  }

  @Test
  void insertRulesDoNotStopACopyIntoPostgresWhichLoadsByCopy() {
    // given: Sakila routes INSERTs on payment to its partitions by rules; COPY fires no rule
    String schema = """
        CREATE TABLE payment (payment_id int PRIMARY KEY, payment_date timestamp NOT NULL);
        CREATE TABLE payment_p2007_02 (CHECK (payment_date >= '2007-02-01'
          AND payment_date < '2007-03-01')) INHERITS (payment);
        """;
    String rule = """
        CREATE RULE payment_insert_p2007_02 AS ON INSERT TO payment
          WHERE new.payment_date >= '2007-02-01' AND new.payment_date < '2007-03-01'
          DO INSTEAD INSERT INTO payment_p2007_02 VALUES (new.payment_id, new.payment_date)
        """;
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, schema, "INSERT INTO payment VALUES (1, '2007-02-14 21:21:59')",
        "INSERT INTO payment_p2007_02 VALUES (2, '2007-02-15 22:25:46')");
    // a table owner, who cannot silence rules the way a superuser's replica session does
    String owner = TestDatabases.createPostgresLogin(target, "pw");
    Sql.exec(target, "GRANT CREATE ON DATABASE " + target.name() + " TO " + owner,
        "GRANT CREATE ON SCHEMA public TO " + owner);
    TestDatabase asOwner = new TestDatabase("postgres", target.bareUrl() + "?user=" + owner
        + "&password=pw", target.name());
    Sql.exec(asOwner, schema, rule);

    // when
    Cli.Run run = copy(source, asOwner);

    // then: each row where the source has it
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT payment_id FROM ONLY payment")).containsExactly("1");
    assertThat(Sql.rows(target, "SELECT payment_id FROM payment_p2007_02"))
        .containsExactly("2");
  }

  @Test
  void aDeleteTriggerThatTruncateTargetSetsOffIsNamedForIt() {
    // given: Sakila's MariaDB film has del_film AFTER DELETE, and film is keyed
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE film (film_id int PRIMARY KEY, title text)",
        "INSERT INTO film VALUES (1, 'ACADEMY DINOSAUR')");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, "CREATE TABLE film (film_id INT PRIMARY KEY, title TEXT)",
        "CREATE TABLE film_text (film_id INT PRIMARY KEY)",
        "CREATE TRIGGER del_film AFTER DELETE ON film FOR EACH ROW"
            + " DELETE FROM film_text WHERE film_id = old.film_id");

    // when
    Cli.Run refused = copy(source, target, "--truncate-target", "--include", "film");

    // then
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("[del_film (trigger, AFTER DELETE)] set off by the"
        + " DELETE that empties the table").doesNotContain("keyless");
  }

  @Test
  void aTableMissingFromASqliteTargetIsNamedWithoutAnEmptySchemaList() {
    // given: Pagila's payment partitions have no counterpart in Sakila's SQLite schema
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE payment_p2022_01 (payment_id int PRIMARY KEY)");
    TestDatabase target = TestDatabases.freshSqlite();
    Sql.exec(target, "CREATE TABLE payment (payment_id INTEGER PRIMARY KEY)");

    // when
    Cli.Run run = copy(source, target);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("target has no table payment_p2022_01")
        .doesNotContain("(looked in )");
  }

  @Test
  void aDryRunOfATruncatingCopyPreviewsItAndTouchesNothing() throws Exception {
    // given: a target loaded before, to be replaced
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    String schema = "CREATE TABLE actor (actor_id int PRIMARY KEY, name text);"
        + " CREATE TABLE film_actor (actor_id int REFERENCES actor, film_id int,"
        + " PRIMARY KEY (actor_id, film_id))";
    Sql.exec(source, schema, "INSERT INTO actor SELECT g, 'a' || g FROM generate_series(1, 5) g",
        "INSERT INTO film_actor SELECT g, 1 FROM generate_series(1, 5) g");
    Sql.exec(target, schema, "INSERT INTO actor VALUES (1, 'old'), (9, 'gone')",
        "INSERT INTO film_actor VALUES (9, 2)");

    // when
    Cli.Run dry = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("dry").toString(), "--truncate-target", "--dry-run");
    Cli.Run partial = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("partial").toString(), "--truncate-target", "--dry-run", "--include",
        "actor");

    // then: the counts of the real run, nothing written; and the real run's refusals
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("Dry run (nothing written)", "public.actor: 5 rows",
        "public.film_actor: 5 rows");
    assertThat(Sql.rows(target, "SELECT actor_id, name FROM actor ORDER BY 1"))
        .containsExactly("1|old", "9|gone");
    assertThat(Sql.rows(target, "SELECT to_regclass('ferry.run') IS NULL")).containsExactly("t");
    assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(4);
    assertThat(partial.err()).contains("public.film_actor is not part of this run");
  }

  @Test
  void anArrayIntoAMariaDbSetIsRefusedBeforeTheFirstWrite() {
    // given: Sakila's film.special_features, text[] on PostgreSQL and SET on MariaDB
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE film (film_id int PRIMARY KEY, special_features text[])",
        "INSERT INTO film VALUES (1, '{Trailers}')");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, "CREATE TABLE film (film_id INT PRIMARY KEY,"
        + " special_features SET('Trailers','Commentaries','Deleted Scenes','Behind the Scenes'))");

    // when
    Cli.Run run = copy(source, target);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("public.film.special_features (_text) into " + target.name()
        + ".film.special_features (SET) does not fit: an array is written as its literal");
    assertThat(Sql.count(target, "film")).isZero();
  }

  @Test
  void aRerunAfterAFailedRunLeadsWithTheResumeHintNotWithTheCollisions() {
    // given: a run that failed on its second table (a CHECK the source breaks)
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    String schema = "CREATE TABLE actor (actor_id int PRIMARY KEY);"
        + " CREATE TABLE film_actor (actor_id int REFERENCES actor, film_id int,"
        + " PRIMARY KEY (actor_id, film_id))";
    Sql.exec(source, schema, "INSERT INTO actor SELECT generate_series(1, 200)",
        "INSERT INTO film_actor SELECT g, 7 FROM generate_series(1, 200) g");
    Sql.exec(target, schema, "ALTER TABLE film_actor ADD CHECK (film_id < 5)");
    Cli.Run failed = copy(source, target, "--parallel", "1");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);

    // when
    Cli.Run rerun = copy(source, target);

    // then: the way forward first, then the 200 colliding keys' table
    assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(4);
    String first = rerun.err().lines().filter(l -> l.startsWith("  - ")).findFirst()
        .orElseThrow();
    assertThat(first).contains("an unfinished run", "add --resume");
    assertThat(rerun.err()).contains("target table public.actor already holds rows");
  }
}
