package dev.ferry.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.rows.TablePlan;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleDeterminismTest {

  private static final TablePlan USERS = BundleFixtures.plan("public.users", 1, "id:INTEGER",
      "name:TEXT", "balance:DECIMAL", "seen:TIMESTAMP_TZ", "avatar:BINARY");
  private static final TablePlan NOTES = BundleFixtures.plan("public.notes", 0, "body:TEXT");

  @TempDir
  Path root;

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {false, true})
  void exportingTheSameRowsTwiceGivesByteIdenticalBundles(boolean gzip) throws IOException {
    // given: two runs with different ids, tables finished in different orders
    Path first = root.resolve("first");
    Path second = root.resolve("second");

    // when
    BundleFixtures.export(new BundleTarget(first, gzip), BundleFixtures.header("run-a", USERS, NOTES),
        data(false), 2);
    BundleFixtures.export(new BundleTarget(second, gzip), BundleFixtures.header("run-b", USERS, NOTES),
        data(true), 3);

    // then: every compared file has the same bytes; only run.json (the run's log) differs
    Map<String, byte[]> a = files(first);
    Map<String, byte[]> b = files(second);
    assertThat(a.keySet()).containsExactlyElementsOf(b.keySet())
        .contains("manifest.json", "run.json");
    a.remove("run.json");
    for (String name : a.keySet()) {
      assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
    }
    assertThat(Files.readString(first.resolve("manifest.json")))
        .doesNotContain("run-a")
        .contains("\"status\" : \"complete\"");
  }

  private static Map<TablePlan, List<Object[]>> data(boolean notesFirst) {
    List<Object[]> users = List.of(
        new Object[] {1L, "ana", new BigDecimal("10.50"),
            OffsetDateTime.of(2024, 5, 1, 8, 0, 0, 500_000, ZoneOffset.ofHours(2)), new byte[] {1}},
        new Object[] {2L, "", null, null, new byte[0]},
        new Object[] {3L, "bo 😀", new BigDecimal("-0.001"), null, null});
    List<Object[]> notes = List.<Object[]>of(new Object[] {"x"}, new Object[] {null});
    Map<TablePlan, List<Object[]>> data = new LinkedHashMap<>();
    if (notesFirst) {
      data.put(NOTES, notes);
    }
    data.put(USERS, users);
    data.putIfAbsent(NOTES, notes);
    return data;
  }

  private static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        files.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }
}
