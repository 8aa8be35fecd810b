package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy --create-schema} creates unique constraints after the load, before the foreign
 * keys that reference them (PostgreSQL as a table owner, MariaDB, H2; SQLite keeps them in
 * {@code CREATE TABLE}); a duplicate the target's unique refuses fails the phase naming it.
 */
class AfterLoadUniquesIT {

  /** A composite unique (not the primary key) that a foreign key references. */
  private static final String REGIONS = """
      CREATE TABLE region (id INT PRIMARY KEY, country CHAR(2) NOT NULL,
        code VARCHAR(10) NOT NULL, name VARCHAR(40),
        CONSTRAINT region_code UNIQUE (country, code));
      CREATE TABLE store (id INT PRIMARY KEY, country CHAR(2), region_code VARCHAR(10),
        CONSTRAINT store_region FOREIGN KEY (country, region_code)
          REFERENCES region (country, code));
      INSERT INTO region VALUES (1, 'DE', 'BY', 'Bayern'), (2, 'AT', 'BY', NULL),
        (3, 'DE', 'HH', 'Hamburg');
      INSERT INTO store VALUES (1, 'DE', 'BY'), (2, 'AT', 'BY'), (3, NULL, NULL),
        (4, 'DE', 'HH');
      """;

  /**
   * Two labels that differ in a trailing space only: one value in a {@code char(2)} column (the
   * cast rule's), as in MariaDB's PAD SPACE collations.
   */
  private static final String DUPLICATE = """
      CREATE TABLE tag (id int PRIMARY KEY, label varchar(5),
        CONSTRAINT tag_label UNIQUE (label));
      INSERT INTO tag VALUES (1, 'a'), (2, 'a '), (3, 'b');
      """;

  @TempDir Path dir;

  @Test
  void aCompositeUniqueAndTheKeyReferencingItArriveOnEveryEngine() throws Exception {
    // given
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, REGIONS);
    SchemaDdlIT.Shape expected = SchemaDdlIT.Shape.of(SchemaDdlIT.read(source));
    for (TestDatabase target : List.of(SchemaDdlIT.owner(TestDatabases.freshPostgres()),
        TestDatabases.freshMariaDb(), TestDatabases.freshH2(), TestDatabases.freshSqlite())) {
      TestDatabases.connect(target).close();

      // when
      Cli.Result run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
          "--create-schema", "--report", dir.resolve("run-" + target.name()).toString());
      Cli.Result verify = Cli.run("verify", "--from", source.url(), "--to", target.url(),
          "--out", dir.resolve("verify-" + target.name()).toString());

      // then
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(verify.exitCode()).as(verify.toString()).isZero();
      SchemaDdlIT.Shape created = SchemaDdlIT.Shape.of(SchemaDdlIT.read(target));
      assertThat(created).as(target.engine()).isEqualTo(expected);
      assertThat(created.tables().get("region")).as(target.engine())
          .contains("unique country,code");
    }
  }

  @Test
  void aDuplicateTheTargetRefusesFailsThePhaseNamingTheConstraintAndItsTable() throws Exception {
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, DUPLICATE);
    Path config = java.nio.file.Files.writeString(dir.resolve("ferry.yaml"), """
        casts:
          - table: tag
            column: label
            to: char(2)
        """);
    for (TestDatabase target : List.of(SchemaDdlIT.owner(TestDatabases.freshPostgres()),
        TestDatabases.freshMariaDb(), TestDatabases.freshH2())) {
      TestDatabases.connect(target).close();

      Cli.Result run = Cli.run("copy", "--config", config.toString(), "--from", source.url(),
          "--to", target.url(), "--create-schema", "--report", dir.resolve("dup-" + target.name()).toString());

      // then: every row loaded, the unique not there, the run left to resume
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err()).as(target.engine()).contains("the unique constraint tag_label of"
          + " tag could not be created after the load", "--resume");
      assertThat(count(target, "SELECT count(*) FROM " + dev.ferry.dialect.Dialects.forUrl(
          target.url()).quote("tag"))).isEqualTo(3);
      assertThat(SchemaDdlIT.read(target).tables().get(0).uniqueKeys()).as(target.engine())
          .isEmpty();
    }
  }

  @Test
  void aPrimaryKeyComesAfterThePostgresLoadAndADuplicateFailsThePhaseNamingIt()
      throws Exception {
    // given: two keys that differ in a trailing space only, one value in char(2) (the rule's)
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, """
        CREATE TABLE tag (label varchar(5) PRIMARY KEY, note int);
        INSERT INTO tag VALUES ('a', 1), ('a ', 2), ('b', 3);
        """);
    Path config = java.nio.file.Files.writeString(dir.resolve("pk.yaml"), """
        casts:
          - table: tag
            column: label
            to: char(2)
        """);
    TestDatabase target = SchemaDdlIT.owner(TestDatabases.freshPostgres());

    // when
    Cli.Result run = Cli.run("copy", "--config", config.toString(), "--from", source.url(),
        "--to", target.url(), "--create-schema", "--report", dir.resolve("pk").toString());

    // then: every row loaded (the key was not there to refuse one), the key named, not there
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.err()).contains("the primary key tag_pkey of tag could not be created after"
        + " the load", "--resume");
    assertThat(count(target, "SELECT count(*) FROM tag")).isEqualTo(3);
    assertThat(SchemaDdlIT.read(target).tables().get(0).primaryKey()).isNull();

    // and when: one of the two changed in the target, as the message says, and resumed
    try (Connection c = TestDatabases.connect(target); Statement s = c.createStatement()) {
      s.execute("UPDATE tag SET label = 'c' WHERE note = 2");
    }
    Cli.Result resumed = Cli.run("copy", "--config", config.toString(), "--from", source.url(),
        "--to", target.url(), "--create-schema", "--resume", "--report",
        dir.resolve("pk-resumed").toString());

    // then: the key is there; verify names the changed row
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(SchemaDdlIT.read(target).tables().get(0).primaryKey().columns())
        .containsExactly("label");
    Cli.Result verify = Cli.run("verify", "--config", config.toString(), "--from", source.url(),
        "--to", target.url(), "--out", dir.resolve("pk-verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(3);
    assertThat(verify.out() + verify.err()).contains("tag");
  }

  @Test
  void aMatchTablesNaturalKeyStaysWithTheTableAndTheOtherUniqueComesAfterTheLoad()
      throws Exception {
    // given: customers matched by email (keys: match), with a second unique on nick
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, """
        CREATE TABLE customer (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          email varchar(40) NOT NULL, nick varchar(20),
          CONSTRAINT customer_email UNIQUE (email), CONSTRAINT customer_nick UNIQUE (nick));
        INSERT INTO customer (email, nick) VALUES ('a@x.org', 'a'), ('b@x.org', 'b');
        """);
    TestDatabase admin = TestDatabases.freshPostgres();
    TestDatabase target = SchemaDdlIT.owner(admin);
    Path config = java.nio.file.Files.writeString(dir.resolve("match.yaml"),
        "tables:\n  customer:\n    keys: match\n    match: [email]\n");

    // when
    Cli.Result run = Cli.run("copy", "--config", config.toString(), "--from", source.url(),
        "--to", target.url(), "--create-schema", "--report", dir.resolve("match").toString());

    // then: created in this order: the natural key with the table, the run's state, the other
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(names(admin, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON"
        + " n.oid = c.relnamespace WHERE c.relname IN ('customer_email', 'customer_nick')"
        + " OR n.nspname = 'ferry' AND c.relname = 'checkpoint' ORDER BY c.oid"))
        .containsExactly("customer_email", "checkpoint", "customer_nick");
  }

  @Test
  void aReusedTableKeepsItsOwnUniqueOfTheSameColumnsUnderItsName() throws Exception {
    // given: the owner made region with the source's unique key under another name
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, REGIONS);
    TestDatabase admin = TestDatabases.freshPostgres();
    TestDatabase target = SchemaDdlIT.owner(admin);
    SqlScripts.execute(target, "CREATE TABLE region (id int PRIMARY KEY, country char(2) NOT"
        + " NULL, code varchar(10) NOT NULL, name varchar(40), CONSTRAINT mine UNIQUE (country,"
        + " code))");

    // when
    Cli.Result run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--create-schema=reuse", "--report", dir.resolve("reuse").toString());

    // then: no second unique key on those columns; the foreign key references the owner's
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(names(admin, "SELECT conrelid::regclass || ' ' || conname FROM pg_constraint"
        + " WHERE contype IN ('u', 'f') AND connamespace = 'public'::regnamespace ORDER BY 1"))
        .containsExactly("region mine", "store store_region");
  }

  private static List<String> names(TestDatabase db, String sql) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static long count(TestDatabase db, String sql) throws Exception {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
