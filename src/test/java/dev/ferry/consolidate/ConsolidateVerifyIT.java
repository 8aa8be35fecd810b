package dev.ferry.consolidate;

import static dev.ferry.consolidate.ConsolidateIT.exec;
import static dev.ferry.consolidate.ConsolidateIT.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry verify --manifest} (docs/consolidate.md, "Verifying a consolidation"): tenants on
 * PostgreSQL, MariaDB and SQLite consolidated into PostgreSQL by its non-superuser owner, each
 * verified against its own rows through its own pairs of the id map, and every reference held
 * within its tenant.
 */
class ConsolidateVerifyIT {

  @TempDir Path dir;

  private final ConsolidateIT fixture = new ConsolidateIT();

  @Test
  void eachTenantPassesAgainstItsOwnRowsAndTamperingFailsTheTenantItTouchedNamingTheRows()
      throws Exception {
    // given: a consolidation done, one tenant's id hostile to SQL (quote, backslash)
    fixture.dir = dir;
    List<TestDatabase> sources = List.of(tenant("north", TestDatabases.freshPostgres()),
        tenant("south", TestDatabases.freshMariaDb()), tenant("west", TestDatabases.freshSqlite()));
    TestDatabase target = ConsolidateIT.target(true);
    Path manifest = fixture.manifest(target, sources, "");
    Files.writeString(manifest, Files.readString(manifest).replace("id: west",
        "id: \"w'st\\\\x\""));
    Cli.Result load = fixture.consolidate(manifest);
    assertThat(load.exitCode()).as(load.toString()).isZero();

    // when: verified as loaded
    Cli.Result clean = verify(manifest, "clean");

    // then: every tenant passed, each through its own pairs
    assertThat(clean.exitCode()).as(clean + Files.readString(dir.resolve(
        "clean/verification.json"))).isZero();
    assertThat(clean.out()).contains("tenant north: passed", "tenant south: passed",
        "tenant west: passed").doesNotContain(ConsolidateIT.PASSWORD);
    JsonNode report = read(dir.resolve("clean/verification.json"));
    assertThat(report.get("passed").asBoolean()).isTrue();
    assertThat(report.get("tenants")).hasSize(3);
    JsonNode west = report.get("tenants").get(2);
    assertThat(west.get("id").asText()).isEqualTo("w'st\\x");
    assertThat(west.at("/report/transformations/tenant").asText()).isEqualTo("w'st\\x");
    assertThat(tableRows(west, "customer")).isEqualTo(2);
    assertThat(tableRows(west, "orders")).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("clean/report.html"))).contains("passed")
        .contains("w&#39;st\\x").doesNotContain("<script");
    assertThat(dir.resolve("clean/south/verification.json")).exists();

    // when: one tenant's row changed, another's deleted, a third's computed UUID altered, and
    // one of south's orders pointed at a north customer
    exec(target, "UPDATE customer SET name = 'changed' WHERE name = 'south-bob'",
        "DELETE FROM orders WHERE note = 'west-o3'",
        "UPDATE customer SET legacy_uuid = '00000000-0000-0000-0000-000000000001'"
            + " WHERE name = 'north-ann'",
        "UPDATE orders SET customer_id = (SELECT id FROM customer WHERE name = 'north-bob')"
            + " WHERE note = 'south-o2'");
    Cli.Result tampered = verify(manifest, "tampered");

    // then: each tenant fails on what touched it, located; the crossing reference is named
    assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(3);
    JsonNode after = read(dir.resolve("tampered/verification.json"));
    assertThat(after.get("passed").asBoolean()).isFalse();
    assertThat(failed(after, 0)).contains("checksum", "rows");
    assertThat(failed(after, 1)).contains("rows");
    assertThat(failed(after, 2)).contains("row-count");
    assertThat(after.at("/tenants/1/report").toString()).contains("changed");
    assertThat(after.get("crossTenant")).hasSize(1);
    assertThat(after.at("/crossTenant/0/table").asText()).isEqualTo("public.orders");
    assertThat(after.at("/crossTenant/0/rows").asLong()).isEqualTo(1);
    assertThat(after.at("/crossTenant/0/first/0").asText()).contains("tenant south",
        "its parent's north");
    assertThat(tampered.out()).contains("tenant north: FAILED", "tenant south: FAILED",
        "tenant west: FAILED", "1 rows reference another tenant's row");

    // when: one tenant alone, and a name that is no tenant
    Cli.Result north = Cli.run("verify", "--manifest", manifest.toString(), "--tenant", "west",
        "--out", dir.resolve("one").toString());
    Cli.Result unknown = Cli.run("verify", "--manifest", manifest.toString(), "--tenant",
        "nowhere");

    // when: a tenant whose source cannot be reached
    Path more = dir.resolve("more.yaml");
    Files.writeString(more, Files.readString(manifest) + "  - name: east\n    source: {url:"
        + " 'jdbc:postgresql://127.0.0.1:1/nowhere'}\n");
    Cli.Result east = Cli.run("verify", "--manifest", more.toString(), "--tenant", "east",
        "--out", dir.resolve("east").toString());

    // then
    assertThat(east.exitCode()).as(east.toString()).isEqualTo(2);
    assertThat(east.out()).contains("tenant east: FAILED (", "127.0.0.1:1");
    assertThat(read(dir.resolve("east/verification.json")).at("/tenants/0/error").asText())
        .isNotEmpty();
    assertThat(read(dir.resolve("one/verification.json")).get("tenants")).hasSize(1);
    assertThat(north.out()).contains("tenant west: FAILED").doesNotContain("tenant north");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("nowhere", "no such tenant", "north, south, west");
  }

  private Cli.Result verify(Path manifest, String out) {
    return Cli.run("verify", "--manifest", manifest.toString(), "--out",
        dir.resolve(out).toString());
  }

  private static JsonNode read(Path file) throws Exception {
    return new ObjectMapper().readTree(file.toFile());
  }

  private static long tableRows(JsonNode tenant, String table) {
    for (JsonNode t : tenant.at("/report/tables")) {
      if (t.get("table").asText().endsWith(table)) {
        return t.at("/rows/target").asLong();
      }
    }
    throw new AssertionError("no table " + table + " in " + tenant);
  }

  private static List<String> failed(JsonNode report, int tenant) {
    List<String> rules = new ArrayList<>();
    report.at("/tenants/" + tenant + "/failedRules").forEach(r -> rules.add(r.asText()));
    return rules;
  }
}
