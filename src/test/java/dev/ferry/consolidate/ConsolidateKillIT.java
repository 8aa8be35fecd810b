package dev.ferry.consolidate;

import static dev.ferry.consolidate.ConsolidateIT.exec;
import static dev.ferry.consolidate.ConsolidateIT.rows;
import static dev.ferry.consolidate.ConsolidateIT.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consolidation killed with {@code kill -9} in its second tenant and resumed: the first
 * tenant is already complete and left alone, the second continues its own run, the third runs,
 * and the target ends equal to an uninterrupted consolidation (up to the keys the target gave).
 * The same with {@code --parallel-tenants 3}, killed while two tenants load at once.
 */
class ConsolidateKillIT {

  private static final int CUSTOMERS = 1_000;
  private static final int ORDERS = 4_000;

  @TempDir Path dir;

  @Test
  void killedInTheSecondTenantAndResumedOnlyTheUnfinishedTenantsRunAndTheEndIsTheSame()
      throws Exception {
    // given
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()),
        tenant("south", TestDatabases.freshMariaDb()), tenant("west", TestDatabases.freshSqlite()));
    TestDatabase killed = target(true);
    TestDatabase control = target(true);
    Path killedManifest = manifest(killed, sources, "killed");
    Cli.Result uninterrupted = run(manifest(control, sources, "control"));
    assertThat(uninterrupted.exitCode()).as(uninterrupted.toString()).isZero();

    // when: killed once south has committed some of its orders, then resumed
    Process child = start(killedManifest);
    long deadline = System.currentTimeMillis() + 180_000;
    while (child.isAlive() && System.currentTimeMillis() < deadline) {
      List<String> south = rows(killed, "SELECT count(*) FROM information_schema.tables WHERE"
          + " table_schema = 'ferry' AND table_name = 'id_map_int'").equals(List.of("1"))
          ? rows(killed, "SELECT count(*) FROM ferry.id_map_int WHERE tenant = 'south' AND"
              + " table_name LIKE '%orders'") : List.of("0");
      if (Long.parseLong(south.get(0)) > ORDERS / 10) {
        child.destroyForcibly();
        break;
      }
      Thread.sleep(20);
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed in south\n%s", output()).isEqualTo(137);
    assertThat(rows(killed, "SELECT count(*) FROM orders WHERE tenant_id = 'west'"))
        .containsExactly("0");
    // the same --report directory: a tenant's merge audit continues where its run left it
    Cli.Result resumed = Cli.run("consolidate", "--manifest", killedManifest.toString(),
        "--report", dir.resolve("k").toString(), "--resume");

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("tenant north: already-complete")
        .containsPattern("tenant south: done \\(run [0-9a-f-]+, resumed")
        .contains("tenant west: done");
    String joined = "SELECT o.tenant_id, o.note, c.tenant_id, c.name FROM orders o JOIN"
        + " customer c ON c.id = o.customer_id ORDER BY 1, 2";
    assertThat(rows(killed, joined)).hasSize(3 * ORDERS).isEqualTo(rows(control, joined));
    String map = "SELECT tenant, count(*), count(DISTINCT table_name || target_key) FROM"
        + " " + ConsolidateIT.ID_MAP + " GROUP BY 1 ORDER BY 1";
    assertThat(rows(killed, map)).isEqualTo(rows(control, map)).containsExactly(
        "north|5000|5000", "south|5000|5000", "west|5000|5000");
    assertThat(rows(killed, "SELECT count(*) FROM customer")).containsExactly("3000");
  }

  @Test
  void killedWhileTwoTenantsLoadInParallelAndResumedTheEndIsTheSame() throws Exception {
    // given
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()),
        tenant("south", TestDatabases.freshMariaDb()), tenant("west", TestDatabases.freshSqlite()));
    TestDatabase killed = target(true);
    TestDatabase control = target(true);
    Path killedManifest = manifest(killed, sources, "killed");
    Cli.Result uninterrupted = run(manifest(control, sources, "control"));
    assertThat(uninterrupted.exitCode()).as(uninterrupted.toString()).isZero();

    // when: killed once south and west, loading at once after north, have both committed
    // some of their orders, then resumed. Neither may finish first: a transaction of the test
    // holds each one's pair of order 2001 in the id map (named by the source's table), so each
    // tenant's batch holding that order waits for it until the kill
    Map<String, String> gates = Map.of("south", sources.get(1).name() + ".orders", "west",
        "orders");
    Process child = start(killedManifest, "--parallel-tenants", "3");
    long deadline = System.currentTimeMillis() + 180_000;
    while (child.isAlive() && ordersMapped(killed, "north") == 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    try (Connection gate = ConsolidateIT.connect(killed)) {
      gate.setAutoCommit(false);
      try (PreparedStatement ps = gate.prepareStatement("INSERT INTO ferry.id_map_int (tenant,"
          + " table_name, source_key, target_key, run_id) VALUES (?, ?, ?, -1, 'test-gate')")) {
        for (var tenant : gates.entrySet()) {
          ps.setString(1, tenant.getKey());
          ps.setString(2, tenant.getValue());
          ps.setLong(3, ORDERS / 2 + 1);
          ps.executeUpdate();
        }
      }
      while (child.isAlive() && System.currentTimeMillis() < deadline) {
        if (ordersMapped(killed, "south") > 0 && ordersMapped(killed, "west") > 0) {
          child.destroyForcibly();
          break;
        }
        Thread.sleep(10);
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      gate.rollback();
    }
    assertThat(child.exitValue()).as("killed in south and west\n%s", output()).isEqualTo(137);
    for (var tenant : gates.entrySet()) {
      // the gate held the tenant's own pairs: it names its orders as the id map does
      assertThat(rows(killed, "SELECT DISTINCT table_name FROM ferry.id_map_int WHERE tenant = '"
          + tenant.getKey() + "' AND table_name LIKE '%orders'"))
          .containsExactly(tenant.getValue());
      assertThat(ordersMapped(killed, tenant.getKey())).isBetween(1L, ORDERS / 2L);
    }
    awaitNoOtherSession(killed);
    Cli.Result resumed = Cli.run("consolidate", "--manifest", killedManifest.toString(),
        "--report", dir.resolve("k").toString(), "--resume", "--parallel-tenants", "3");

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).containsPattern("(?s)tenant north: already-complete.*\n  tenant"
        + " south: done \\(run [0-9a-f-]+, resumed.*\n  tenant west: done \\(run [0-9a-f-]+,"
        + " resumed");
    String joined = "SELECT o.tenant_id, o.note, c.tenant_id, c.name FROM orders o JOIN"
        + " customer c ON c.id = o.customer_id ORDER BY 1, 2";
    assertThat(rows(killed, joined)).hasSize(3 * ORDERS).isEqualTo(rows(control, joined));
    String map = "SELECT tenant, table_name, source_key FROM " + ConsolidateIT.ID_MAP
        + " ORDER BY 1, 2, 3";
    assertThat(rows(killed, map)).hasSize(3 * (CUSTOMERS + ORDERS))
        .isEqualTo(rows(control, map));
    assertThat(rows(killed, "SELECT count(*) FROM customer")).containsExactly("3000");
    assertThat(rows(killed, "SELECT count(*) FROM currency")).containsExactly("1");
  }

  /**
   * Waits until the killed process's sessions are gone from the target: one that waited for the
   * test's gate ends only once the gate is released and it finds its client gone.
   */
  private static void awaitNoOtherSession(TestDatabase target) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    String others = "SELECT count(*) FROM pg_stat_activity WHERE usename = current_user AND pid"
        + " <> pg_backend_pid()";
    while (!rows(target, others).equals(List.of("0")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(rows(target, others)).containsExactly("0");
  }

  /** The tenant's pairs of orders in the id map so far. */
  private static long ordersMapped(TestDatabase target, String tenant) {
    List<String> exists = rows(target, "SELECT count(*) FROM information_schema.tables WHERE"
        + " table_schema = 'ferry' AND table_name = 'id_map_int'");
    return exists.equals(List.of("1")) ? Long.parseLong(rows(target, "SELECT count(*) FROM"
        + " ferry.id_map_int WHERE tenant = '" + tenant + "' AND table_name LIKE '%orders'")
        .get(0)) : 0;
  }

  /** A tenant's source, {@link #CUSTOMERS} customers and {@link #ORDERS} orders, keys from 1. */
  private static TestDatabase tenant(String name, TestDatabase db) throws SQLException {
    exec(db, ConsolidateIT.SOURCE_DDL);
    exec(db, "INSERT INTO currency (code, name) VALUES ('EUR', 'Euro')");
    try (Connection c = TestDatabases.connect(db)) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO customer (id, name) VALUES (?, ?)")) {
        for (int i = 1; i <= CUSTOMERS; i++) {
          ps.setInt(1, i);
          ps.setString(2, name + "-c" + i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, customer_id,"
          + " note, currency) VALUES (?, ?, ?, 'EUR')")) {
        for (int i = 1; i <= ORDERS; i++) {
          ps.setInt(1, i);
          ps.setInt(2, (i * 7) % CUSTOMERS + 1);
          ps.setString(3, String.format("%s-o%05d", name, i));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
    return db;
  }

  private Path manifest(TestDatabase target, List<TestDatabase> sources, String name)
      throws Exception {
    ConsolidateIT it = new ConsolidateIT();
    it.dir = Files.createDirectories(dir.resolve(name));
    it.batchSize = 100;
    return it.manifest(target, sources, "").getParent().resolve("consolidation.yaml");
  }

  private Cli.Result run(Path manifest) {
    return Cli.run("consolidate", "--manifest", manifest.toString(), "--report",
        dir.resolve("r" + System.nanoTime()).toString());
  }

  private Process start(Path manifest, String... more) throws Exception {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-jar",
        jar.toString(), "consolidate", "--manifest", manifest.toString(), "--report",
        dir.resolve("k").toString()));
    command.addAll(List.of(more));
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve("kill.out").toFile())
        .redirectError(dir.resolve("kill.err").toFile())
        .start();
  }

  private String output() throws Exception {
    return Files.readString(dir.resolve("kill.out")) + Files.readString(dir.resolve("kill.err"));
  }
}
