package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ferry verify} after a copy under {@code keys: remap} (docs/verification.md, "Keys
 * through the id map"): a remapped table's rows are compared under the target keys the id map
 * gave them, and every reference to it through the same map; a row the map does not pair and a
 * changed row are differences, located by key.
 */
class VerifyThroughIdMapIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite", "h2"})
  void aRemappedCopyVerifiesThroughTheIdMapAndItsDifferencesAreLocated(String engine)
      throws IOException {
    // given: source keys that the target's generated keys (1, 2, ...) cannot equal
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    RemapIT.shopTables(engine, source);
    RemapIT.shopTables(engine, target);
    Sql.exec(source, "INSERT INTO customer (id, name) VALUES (11, 'ann'), (12, 'bob')",
        "INSERT INTO orders (id, customer_id, parent_id, note) VALUES (21, 11, NULL, 'a'),"
            + " (22, 12, 21, 'b'), (23, 11, 22, 'c')",
        "INSERT INTO invoice (id, customer_id) VALUES (10, 12)");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  customer: {keys: remap}\n  orders: {keys: remap}\n");
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--report", dir.resolve("copy").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT count(*) FROM customer WHERE id > 10"))
        .containsExactly("0");

    // when
    Cli.Run intact = verify(source.url(), to, "intact");
    // a changed row, and a customer whose map entry is gone
    Sql.exec(target, "UPDATE orders SET note = 'z' WHERE note = 'c'");
    Sql.exec(target, "DELETE FROM " + mapTable(engine) + " WHERE LOWER("
        + q(engine, "table_name") + ") LIKE '%customer' AND " + q(engine, "source_key")
        + " = 11");
    Cli.Run broken = verify(source.url(), to, "broken");

    // then
    assertThat(intact.exitCode()).as(intact.toString()).isZero();
    JsonNode report = report("intact");
    assertThat(column(report, "orders", "parent_id").path("remapped").asBoolean()).isTrue();
    assertThat(column(report, "invoice", "customer_id").path("remapped").asBoolean()).isTrue();
    assertThat(column(report, "customer", "id").path("remapped").asBoolean()).isTrue();
    assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(3);
    JsonNode after = report("broken");
    assertThat(kinds(table(after, "customer"))).containsExactlyInAnyOrder("missing", "extra");
    assertThat(table(after, "orders").path("differences").path("listed").toString()
        .toLowerCase(Locale.ROOT)).contains("\"kind\":\"changed\"", "\"column\":\"note\"", "\"target\":\"z\"");
    assertThat(column(after, "invoice", "customer_id").path("unmapped").asLong(-1)).isZero();
    assertThat(column(after, "orders", "customer_id").path("unmapped").asLong(-1))
        .isEqualTo(2);
    assertThat(broken.out()).contains("not in the map");
  }

  // ---- helpers ----

  private Cli.Run verify(String from, String to, String out) {
    return Cli.run("verify", "--from", from, "--to", to, "--out",
        dir.resolve(out).toString());
  }

  private JsonNode report(String out) throws IOException {
    return Json.mapper().readTree(Files.readString(dir.resolve(out).resolve("verification.json")));
  }

  static JsonNode table(JsonNode report, String table) {
    for (JsonNode t : report.path("tables")) {
      if (t.path("table").asText().toLowerCase(Locale.ROOT).endsWith(table)) {
        return t;
      }
    }
    throw new AssertionError("no table " + table + " in " + report);
  }

  static JsonNode column(JsonNode report, String table, String column) {
    for (JsonNode c : table(report, table).path("columns")) {
      if (c.path("name").asText().equalsIgnoreCase(column)) {
        return c;
      }
    }
    throw new AssertionError("no column " + column + " of " + table);
  }

  static List<String> kinds(JsonNode table) {
    List<String> kinds = new ArrayList<>();
    table.path("differences").path("listed").forEach(d -> kinds.add(d.path("kind").asText()));
    return kinds;
  }

  /** The id map's table of integer pairs, which holds these tests' pairs. */
  static String mapTable(String engine) {
    return switch (engine) {
      case "postgres" -> "ferry.id_map_int";
      case "h2" -> "FERRY.ID_MAP_INT";
      default -> "ferry_id_map_int";
    };
  }

  static String q(String engine, String column) {
    return engine.equals("h2") ? "\"" + column + "\"" : column;
  }
}
