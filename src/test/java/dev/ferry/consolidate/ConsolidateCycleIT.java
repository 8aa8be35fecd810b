package dev.ferry.consolidate;

import static dev.ferry.consolidate.ConsolidateIT.exec;
import static dev.ferry.consolidate.ConsolidateIT.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consolidation of tenants whose schema has a foreign-key cycle (a user's team, a team's lead
 * user) that the copy breaks by loading a column as NULL first: the tenant tables' default merge
 * mode lets the fix-up set it, within each tenant, and verify --manifest proves it.
 */
class ConsolidateCycleIT {

  @TempDir Path dir;

  @Test
  void tenantsWithAForeignKeyCycleConsolidateUnderTheDefaultsAndVerify() throws Exception {
    // given: two SQLite tenants with the same legacy keys, a PostgreSQL target owned by a login
    TestDatabase north = cycle(TestDatabases.freshSqlite(), "north");
    TestDatabase south = cycle(TestDatabases.freshSqlite(), "south");
    TestDatabase admin = TestDatabases.freshPostgres();
    exec(admin, "CREATE TABLE team (id SERIAL PRIMARY KEY, tenant_id VARCHAR(10) NOT NULL,"
            + " name VARCHAR(20) NOT NULL, lead_user_id INTEGER NOT NULL)",
        "CREATE TABLE app_user (id SERIAL PRIMARY KEY, tenant_id VARCHAR(10) NOT NULL,"
            + " name VARCHAR(20) NOT NULL, team_id INTEGER REFERENCES team (id))",
        "ALTER TABLE team ADD FOREIGN KEY (lead_user_id) REFERENCES app_user (id)");
    String role = TestDatabases.createPostgresLogin(admin, ConsolidateIT.PASSWORD);
    exec(admin, "ALTER TABLE team OWNER TO " + role, "ALTER TABLE app_user OWNER TO " + role,
        "CREATE SCHEMA ferry AUTHORIZATION " + role);
    TestDatabase target = new TestDatabase(admin.engine(), admin.bareUrl() + "?user=" + role,
        admin.name());
    Files.writeString(dir.resolve("pw"), ConsolidateIT.PASSWORD + "\n");
    Path manifest = dir.resolve("m.yaml");
    Files.writeString(manifest, "target: {url: '" + target.url() + "', password-file: pw}\n"
        + "tenants:\n  - {name: north, source: {url: '" + north.url() + "'}}\n"
        + "  - {name: south, source: {url: '" + south.url() + "'}}\n");

    // when
    Cli.Result load = Cli.run("consolidate", "--manifest", manifest.toString(), "--report",
        dir.resolve("r").toString());
    Cli.Result verify = Cli.run("verify", "--manifest", manifest.toString(), "--out",
        dir.resolve("v").toString());

    // then: each user in its own tenant's team, each team led by its own tenant's user
    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(rows(target, "SELECT u.name, t.name, l.name FROM app_user u JOIN team t ON"
        + " t.id = u.team_id JOIN app_user l ON l.id = t.lead_user_id ORDER BY u.name"))
        .containsExactly("north-ann|north-red|north-ann", "north-bob|north-red|north-ann",
            "south-ann|south-red|south-ann", "south-bob|south-red|south-ann");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("tenant north: passed", "tenant south: passed");
  }

  private static TestDatabase cycle(TestDatabase db, String tenant) {
    exec(db, "CREATE TABLE app_user (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL,"
            + " team_id INTEGER REFERENCES team (id))",
        "CREATE TABLE team (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL,"
            + " lead_user_id INTEGER NOT NULL REFERENCES app_user (id))",
        "INSERT INTO app_user (id, name, team_id) VALUES (1, '" + tenant + "-ann', NULL),"
            + " (2, '" + tenant + "-bob', NULL)",
        "INSERT INTO team (id, name, lead_user_id) VALUES (1, '" + tenant + "-red', 1)",
        "UPDATE app_user SET team_id = 1");
    return db;
  }
}
