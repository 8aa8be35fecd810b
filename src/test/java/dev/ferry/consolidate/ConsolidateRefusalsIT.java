package dev.ferry.consolidate;

import static dev.ferry.consolidate.ConsolidateIT.exec;
import static dev.ferry.consolidate.ConsolidateIT.rows;
import static dev.ferry.consolidate.ConsolidateIT.target;
import static dev.ferry.consolidate.ConsolidateIT.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ferry consolidate} refuses before its first write, and a tenant that fails alone
 * (docs/consolidate.md).
 */
class ConsolidateRefusalsIT {

  @TempDir Path dir;

  @Test
  void driftBetweenTenantsIsRefusedWithTheDiffPerTenantAndNothingWritten() throws Exception {
    // given: south has a column more, west another kind of note
    TestDatabase south = tenant("south", TestDatabases.freshMariaDb());
    exec(south, "ALTER TABLE customer ADD COLUMN phone VARCHAR(20)");
    TestDatabase west = TestDatabases.freshSqlite();
    exec(west, ConsolidateIT.SOURCE_DDL[0], ConsolidateIT.SOURCE_DDL[1],
        ConsolidateIT.SOURCE_DDL[2].replace("note VARCHAR(50)", "note INTEGER"));
    TestDatabase target = target(true);
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()), south,
        west);

    // when
    Cli.Result refused = run(manifest(target, sources, ""));

    // then
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.all()).contains("tenant south: table customer: extra column phone",
        "tenant west: table orders: column note is INTEGER (integer), tenant north has",
        "drift: ignore-extra-columns", "Nothing was written");
    assertNothingWritten(target);

    // and: told to leave extra columns out, south loads without its phone; west still refused
    Cli.Result stillRefused = run(manifest(target, sources, "drift: ignore-extra-columns\n"));
    assertThat(stillRefused.exitCode()).as(stillRefused.toString()).isEqualTo(4);
    assertThat(stillRefused.all()).contains("tenant west: table orders: column note")
        .doesNotContain("phone");
    assertNothingWritten(target);
    Cli.Result loaded = run(manifest(target, sources.subList(0, 2),
        "drift: ignore-extra-columns\n"));
    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();
    assertThat(rows(target, "SELECT tenant_id, count(*) FROM customer GROUP BY tenant_id"
        + " ORDER BY 1")).containsExactly("north|2", "south|2");
  }

  @Test
  void aTargetTableWithoutItsTenantColumnIsRefusedBeforeAnythingIsWritten() throws Exception {
    TestDatabase target = target(false);
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()),
        tenant("south", TestDatabases.freshSqlite()));

    Cli.Result refused = run(manifest(target, sources, ""));

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.all()).contains("has no tenant column tenant_id",
        "tenant-column: none", "Nothing was written");
    assertNothingWritten(target);
  }

  @Test
  void aTenantWhoseSourceIsUnreachableFailsAloneAndIsNamed() throws Exception {
    TestDatabase target = target(true);
    TestDatabase nowhere = new TestDatabase("postgres",
        "jdbc:postgresql://127.0.0.1:1/nowhere?user=nobody&password=Never-shown-7", "nowhere");
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()), nowhere,
        tenant("west", TestDatabases.freshSqlite()));

    Cli.Result run = run(manifest(target, sources, ""));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).contains("tenant north: done", "tenant south: failed",
        "tenant west: done", "failed: south").doesNotContain("Never-shown-7");
    assertThat(rows(target, "SELECT tenant_id, count(*) FROM orders GROUP BY tenant_id"
        + " ORDER BY 1")).containsExactly("north|3", "west|3");
  }

  private static void assertNothingWritten(TestDatabase target) {
    assertThat(rows(target, "SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM"
        + " orders) + (SELECT count(*) FROM currency)")).containsExactly("0");
    assertThat(rows(target, "SELECT count(*) FROM information_schema.tables WHERE table_schema"
        + " = 'ferry'")).containsExactly("0");
  }

  private Path manifest(TestDatabase target, List<TestDatabase> sources, String more)
      throws Exception {
    ConsolidateIT it = new ConsolidateIT();
    it.dir = dir;
    return it.manifest(target, sources, more);
  }

  private Cli.Result run(Path manifest) {
    return Cli.run("consolidate", "--manifest", manifest.toString(), "--report",
        dir.resolve("r" + System.nanoTime()).toString());
  }
}
