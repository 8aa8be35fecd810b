package dev.ferry.consolidate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code ferry rollback --tenant} (docs/rollback.md): one tenant's run of a consolidation undone,
 * the target's fingerprint back to the one before that tenant loaded, the other tenant's rows and
 * id map pairs untouched.
 */
class ConsolidateRollbackIT {

  @TempDir Path dir;

  @Test
  void oneTenantsRunIsRolledBackLeavingTheOtherTenantAsItWas() throws Exception {
    // given: north consolidated, then south beside it
    ConsolidateIT setup = new ConsolidateIT();
    setup.dir = dir;
    TestDatabase north = ConsolidateIT.tenant("north", TestDatabases.freshPostgres());
    TestDatabase south = ConsolidateIT.tenant("south", TestDatabases.freshSqlite());
    TestDatabase target = ConsolidateIT.target(true);
    Path one = setup.manifest(target, List.of(north), "");
    Cli.Result first = Cli.run("consolidate", "--manifest", one.toString(), "--report",
        dir.resolve("one").toString());
    JsonNode before = fingerprint(target);
    Path two = setup.manifest(target, List.of(north, south), "");
    Cli.Result second = Cli.run("consolidate", "--manifest", two.toString(), "--report",
        dir.resolve("two").toString());
    String southRun = Json.mapper().readTree(Files.readString(dir.resolve("two/south")
        .resolve("run-report.json"))).path("runId").asText();

    // when
    Cli.Result rollback = Cli.run("rollback", "--to", target.url(), "--password-file",
        dir.resolve("owner.pw").toString(), "--run", southRun, "--tenant", "south");

    // then
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("tenant north: already-complete", "tenant south: done");
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(rollback.out()).contains("(tenant south)");
    assertThat(fingerprint(target)).isEqualTo(before);
    assertThat(ConsolidateIT.rows(target, "SELECT tenant, count(*) FROM " + ConsolidateIT.ID_MAP
        + " GROUP BY tenant ORDER BY tenant")).containsExactly("north|5");
  }

  @Test
  void oneTenantsTableRolledBackFromABatchIsLoadedAgainByTheConsolidationsResume()
      throws Exception {
    // given: north and south consolidated, a batch per row
    ConsolidateIT setup = new ConsolidateIT();
    setup.dir = dir;
    setup.batchSize = 1;
    TestDatabase north = ConsolidateIT.tenant("north", TestDatabases.freshPostgres());
    TestDatabase south = ConsolidateIT.tenant("south", TestDatabases.freshSqlite());
    TestDatabase target = ConsolidateIT.target(true);
    Path one = setup.manifest(target, List.of(north), "");
    Cli.Result first = Cli.run("consolidate", "--manifest", one.toString(), "--report",
        dir.resolve("one").toString());
    JsonNode before = fingerprint(target);
    Path two = setup.manifest(target, List.of(north, south), "");
    Cli.Result second = Cli.run("consolidate", "--manifest", two.toString(), "--report",
        dir.resolve("two").toString());
    String southRun = Json.mapper().readTree(Files.readString(dir.resolve("two/south")
        .resolve("run-report.json"))).path("runId").asText();
    String orders = "SELECT tenant_id, note FROM orders ORDER BY tenant_id, note";
    List<String> loaded = ConsolidateIT.rows(target, orders);

    // when: south's orders from its second batch on rolled back, then the consolidation resumed
    Cli.Result partial = Cli.run("rollback", "--to", target.url(), "--password-file",
        dir.resolve("owner.pw").toString(), "--run", southRun, "--tenant", "south", "--table",
        "orders", "--from-batch", "2");
    List<String> left = ConsolidateIT.rows(target, orders);
    List<String> status = ConsolidateIT.rows(target, "SELECT status FROM ferry.run WHERE run_id"
        + " = '" + southRun + "'");
    Cli.Result resumed = Cli.run("consolidate", "--manifest", two.toString(), "--report",
        dir.resolve("two").toString(), "--resume");
    List<String> reloaded = ConsolidateIT.rows(target, orders);
    Cli.Result whole = Cli.run("rollback", "--to", target.url(), "--password-file",
        dir.resolve("owner.pw").toString(), "--run", southRun, "--tenant", "south");

    // then
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(partial.exitCode()).as(partial.toString()).isZero();
    assertThat(partial.out()).contains("orders: 2 inserted rows deleted");
    assertThat(left).containsExactly("north|north-o1", "north|north-o2", "north|north-o3",
        "south|south-o1");
    assertThat(status).containsExactly("partly-rolled-back");
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("tenant north: already-complete", "tenant south: done");
    assertThat(reloaded).isEqualTo(loaded);
    assertThat(whole.exitCode()).as(whole.toString()).isZero();
    assertThat(fingerprint(target)).isEqualTo(before);
  }

  private JsonNode fingerprint(TestDatabase target) throws Exception {
    Path out = dir.resolve("fp-" + System.nanoTime() + ".json");
    Cli.Result run = Cli.run("fingerprint", target.url(), "--password-file",
        dir.resolve("owner.pw").toString(), "--out", out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return Json.mapper().readTree(Files.readString(out)).path("tables");
  }
}
