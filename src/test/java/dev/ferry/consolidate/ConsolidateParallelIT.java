package dev.ferry.consolidate;

import static dev.ferry.consolidate.ConsolidateIT.exec;
import static dev.ferry.consolidate.ConsolidateIT.rows;
import static dev.ferry.consolidate.ConsolidateIT.target;
import static dev.ferry.consolidate.ConsolidateIT.tenant;
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
 * {@code ferry consolidate --parallel-tenants N} (docs/consolidate.md): tenants on PostgreSQL,
 * MariaDB and SQLite loaded at once into one PostgreSQL target whose non-superuser owner loads
 * them end as a consolidation one tenant after another does; a tenant that fails does so alone,
 * and resumes although the others have written into its tables since.
 */
class ConsolidateParallelIT {

  /** Every order on its customer, both with their tenants, and the shared currency. */
  static final String JOINED = "SELECT o.tenant_id, o.note, o.currency, c.tenant_id, c.name,"
      + " c.legacy_uuid, c.origin FROM orders o JOIN customer c ON c.id = o.customer_id"
      + " ORDER BY 1, 2";
  static final String MAP = "SELECT tenant, table_name, source_key FROM " + ConsolidateIT.ID_MAP
      + " ORDER BY 1, 2, 3";

  @TempDir Path dir;

  @Test
  void threeTenantsLoadedInParallelEndAsASequentialConsolidationReportedInManifestOrder()
      throws Exception {
    // given
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()),
        tenant("south", TestDatabases.freshMariaDb()), tenant("west", TestDatabases.freshSqlite()));
    TestDatabase sequential = target(true);
    TestDatabase parallel = target(true);
    Cli.Result one = run(manifest(sequential, sources, "s"));
    assertThat(one.exitCode()).as(one.toString()).isZero();

    // when
    Path manifest = manifest(parallel, sources, "p");
    Cli.Result three = run(manifest, "--parallel-tenants", "3");
    Cli.Result again = run(manifest, "--parallel-tenants", "3");

    // then
    assertThat(three.exitCode()).as(three.toString()).isZero();
    assertThat(three.out()).containsPattern("(?s)tenant north: done.*\n  tenant south: done.*\n"
        + "  tenant west: done");
    assertThat(rows(parallel, JOINED)).hasSize(9).isEqualTo(rows(sequential, JOINED));
    assertThat(rows(parallel, "SELECT count(*) FROM orders o JOIN customer c ON c.id ="
        + " o.customer_id WHERE c.tenant_id <> o.tenant_id")).containsExactly("0");
    assertThat(rows(parallel, "SELECT * FROM currency ORDER BY code"))
        .isEqualTo(rows(sequential, "SELECT * FROM currency ORDER BY code")).hasSize(2);
    assertThat(rows(parallel, MAP)).hasSize(15).isEqualTo(rows(sequential, MAP));
    // each tenant's pairs lead to its own rows
    assertThat(rows(parallel, "SELECT count(*) FROM ferry.id_map_int m JOIN customer c ON"
        + " CAST(c.id AS bigint) = m.target_key AND m.table_name LIKE '%customer' WHERE"
        + " c.tenant_id = m.tenant")).containsExactly("6");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).containsPattern("(?s)tenant north: already-complete.*\n  tenant"
        + " south: already-complete.*\n  tenant west: already-complete");
  }

  @Test
  void aTenantFailingInAParallelRunFailsAloneAndResumesAfterTheOthersWroteIntoItsTables()
      throws Exception {
    // given: south's third order references a customer it lacks, so its run fails after the
    // first chunk of orders, while north and west load the same tables
    TestDatabase south = tenant("south", TestDatabases.freshMariaDb());
    exec(south, "SET FOREIGN_KEY_CHECKS = 0", "DELETE FROM orders WHERE id = 3",
        "INSERT INTO orders (id, customer_id, note, currency) VALUES (3, 99, 'south-o3', NULL),"
            + " (4, 1, 'south-o4', 'EUR')");
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()), south,
        tenant("west", TestDatabases.freshSqlite()));
    TestDatabase target = target(true);
    Path manifest = manifest(target, sources, "f");

    // when: south fails; then a fourth tenant, east, loads into the same tables; then south's
    // source is mended and its run resumed
    Cli.Result failed = run(manifest, "--parallel-tenants", "3");
    Path eastOnly = manifest(target, List.of(tenant("east", TestDatabases.freshSqlite())), "e");
    Files.writeString(eastOnly, Files.readString(eastOnly).replace("north", "east"));
    Cli.Result east = run(eastOnly);
    exec(south, "DELETE FROM orders WHERE id = 3");
    Cli.Result resumed = run(manifest, "--parallel-tenants", "3", "--resume");

    // then: south failed alone, the others loaded
    assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
    assertThat(failed.out()).contains("tenant north: done", "tenant south: failed",
        "tenant west: done", "failed: south");
    List<String> notes = rows(target, "SELECT tenant_id || ':' || note FROM orders ORDER BY 1");
    assertThat(notes).as(failed.toString()).contains("north:north-o1", "north:north-o2",
        "north:north-o3", "south:south-o1", "south:south-o2", "west:west-o1", "west:west-o2",
        "west:west-o3").doesNotContain("south:south-o3");
    assertThat(east.exitCode()).as(east.toString()).isZero();
    // and south resumed its run: the rows east wrote since are not south's
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("tenant north: already-complete",
        "tenant west: already-complete").containsPattern("tenant south: done \\(run"
            + " [0-9a-f-]+, resumed");
    assertThat(rows(target, "SELECT o.note, c.name FROM orders o JOIN customer c ON c.id ="
        + " o.customer_id WHERE o.tenant_id = 'south' ORDER BY 1")).containsExactly(
            "south-o1|south-ann", "south-o2|south-bob", "south-o4|south-ann");
    assertThat(rows(target, "SELECT tenant_id, count(*) FROM orders GROUP BY 1 ORDER BY 1"))
        .containsExactly("east|3", "north|3", "south|3", "west|3");
    assertThat(rows(target, "SELECT count(*) FROM orders o JOIN customer c ON c.id ="
        + " o.customer_id WHERE c.tenant_id <> o.tenant_id")).containsExactly("0");
  }

  private Path manifest(TestDatabase target, List<TestDatabase> sources, String name)
      throws Exception {
    ConsolidateIT it = new ConsolidateIT();
    it.dir = Files.createDirectories(dir.resolve(name));
    return it.manifest(target, sources, "");
  }

  private Cli.Result run(Path manifest, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "consolidate";
    args[1] = "--manifest";
    args[2] = manifest.toString();
    args[3] = "--report=" + manifest.getParent().resolve("reports");
    System.arraycopy(more, 0, args, 4, more.length);
    return Cli.run(args);
  }
}
