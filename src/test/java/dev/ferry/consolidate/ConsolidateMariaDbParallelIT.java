package dev.ferry.consolidate;

import static dev.ferry.consolidate.ConsolidateIT.exec;
import static dev.ferry.consolidate.ConsolidateIT.rows;
import static dev.ferry.consolidate.ConsolidateIT.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry consolidate --parallel-tenants 3} into a MariaDB target (docs/consolidate.md):
 * its tenants' runs share the target under per-tenant named locks; each tenant verifies, and one
 * tenant's run is rolled back leaving the others as they were.
 */
class ConsolidateMariaDbParallelIT {

  private static final String[] NAMES = {"north", "south", "west", "east"};

  @TempDir Path dir;

  @Test
  void fourTenantsThreeAtOnceIntoMariaDbEachVerifiedAndOneRolledBack() throws Exception {
    // given
    TestDatabase target = TestDatabases.freshMariaDb();
    exec(target, "CREATE TABLE currency (code VARCHAR(3) PRIMARY KEY, name VARCHAR(30))",
        "CREATE TABLE customer (id INT AUTO_INCREMENT PRIMARY KEY, tenant_id VARCHAR(20) NOT"
            + " NULL, name VARCHAR(50) NOT NULL)",
        "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, tenant_id VARCHAR(20) NOT NULL,"
            + " customer_id INT NOT NULL, note VARCHAR(50), currency VARCHAR(3),"
            + " FOREIGN KEY (customer_id) REFERENCES customer (id),"
            + " FOREIGN KEY (currency) REFERENCES currency (code))");
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()),
        tenant("south", TestDatabases.freshSqlite()), tenant("west", TestDatabases.freshSqlite()),
        tenant("east", TestDatabases.freshMariaDb()));
    StringBuilder yaml = new StringBuilder("target: {url: '" + target.url() + "'}\n"
        + "tenant-column: tenant_id\nbatch-size: 2\ntables:\n  currency: {tenant-column: none}\n"
        + "tenants:\n");
    for (int i = 0; i < sources.size(); i++) {
      yaml.append("  - {name: ").append(NAMES[i]).append(", id: ").append(NAMES[i])
          .append(", source: {url: '").append(sources.get(i).url()).append("'}}\n");
    }
    Path manifest = Files.writeString(dir.resolve("consolidation.yaml"), yaml);
    String orders = "SELECT tenant_id, count(*) FROM orders GROUP BY tenant_id ORDER BY 1";

    // when
    Cli.Result run = Cli.run("consolidate", "--manifest", manifest.toString(), "--report",
        dir.resolve("r").toString(), "--parallel-tenants", "3");
    List<Integer> verified = verifyAll(manifest, "v");
    String southRun = Json.mapper().readTree(Files.readString(dir.resolve("r/south")
        .resolve("run-report.json"))).path("runId").asText();
    Cli.Result rollback = Cli.run("rollback", "--to", target.url(), "--run", southRun,
        "--tenant", "south");
    List<String> pairs = rows(target, "SELECT tenant, count(*) FROM ferry_id_map_int GROUP BY"
        + " tenant ORDER BY 1");
    Cli.Result north = Cli.run("verify", "--manifest", manifest.toString(), "--tenant", "north",
        "--out", dir.resolve("after").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).containsPattern("(?s)tenant north: done.*\n  tenant south: done.*\n"
        + "  tenant west: done.*\n  tenant east: done");
    assertThat(verified).containsExactly(0, 0, 0, 0);
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(rows(target, orders)).containsExactly("east|3", "north|3", "west|3");
    assertThat(rows(target, "SELECT count(*) FROM orders o JOIN customer c ON c.id ="
        + " o.customer_id WHERE c.tenant_id <> o.tenant_id")).containsExactly("0");
    assertThat(pairs).containsExactly("east|5", "north|5", "west|5");
    assertThat(north.exitCode()).as(north.toString()).isZero();
  }

  private List<Integer> verifyAll(Path manifest, String out) {
    return List.of(NAMES).stream().map(t -> {
      Cli.Result v = Cli.run("verify", "--manifest", manifest.toString(), "--tenant", t,
          "--out", dir.resolve(out + "-" + t).toString());
      assertThat(v.exitCode()).as(v.toString()).isZero();
      return v.exitCode();
    }).toList();
  }
}
