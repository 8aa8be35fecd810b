package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.Ferry;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.api.UnitDigest;
import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerifyRequest;
import dev.ferry.api.VerifyUnit;
import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table above {@code --split-rows} is hashed as key ranges, several at once on each side, and
 * the verification is the one of the table hashed whole, byte for byte (but its timing): equal
 * data passes, one changed row is found and located. The same ranges digested one by one
 * through {@link Ferry#verifyUnits} (each serialized, as a Spark task gets and returns it) give the
 * report {@code ferry verify} writes. PostgreSQL is read as a login that owns the tables and is
 * no superuser.
 */
class VerifyRangesIT {

  static final int ORDERS = 30_000;
  static final long CHANGED = 3L * 17_000;

  @TempDir Path dir;

  /** The same customer ← orders on both sides; orders' keys sparse (3, 6, …, 90,000). */
  private static String[] data(String engine) {
    boolean pg = engine.equals("postgres");
    String series = pg ? "generate_series(1, %d) g" : "seq_1_to_%d";
    String g = pg ? "g" : "seq";
    return new String[] {
      "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
      "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL REFERENCES"
          + " customer (id), note VARCHAR(60), amount NUMERIC(12, 2), placed DATE)",
      "INSERT INTO customer SELECT " + g + ", CONCAT('c', " + g + ") FROM "
          + series.formatted(100),
      "INSERT INTO orders SELECT 3 * " + g + ", 1 + " + g + " % 100, CASE WHEN " + g
          + " % 11 = 0 THEN NULL ELSE CONCAT('order ', " + g + ") END, " + g + " * 1.25, "
          + (pg ? "DATE '2024-01-01' + g % 300" : "DATE '2024-01-01' + INTERVAL seq % 300 DAY")
          + " FROM " + series.formatted(ORDERS),
      pg ? "ANALYZE" : "ANALYZE TABLE customer, orders"
    };
  }

  /** A database of the engine with the data, and its URL for verify: on PostgreSQL its owner. */
  private static String database(String engine) {
    TestDatabase db = engine.equals("postgres") ? TestDatabases.freshPostgres()
        : TestDatabases.freshMariaDb();
    Db.exec(db, data(engine));
    if (!engine.equals("postgres")) {
      return db.url();
    }
    String role = TestDatabases.createPostgresLogin(db, "owner-pw");
    Db.exec(db, "ALTER TABLE customer OWNER TO " + role, "ALTER TABLE orders OWNER TO " + role);
    return db.bareUrl() + "?user=" + role + "&password=owner-pw";
  }

  private Cli.Result verify(String source, String target, String out, String... more) {
    List<String> args = new ArrayList<>(List.of("verify", "--from", source, "--to", target,
        "--out", dir.resolve(out).toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb"})
  void aLargeTableHashedAsRangesVerifiesAsItWouldWhole(String engine) throws Exception {
    // given
    String source = database(engine);
    String target = database(engine);

    // when
    Cli.Result ranged = verify(source, target, "ranged", "--split-rows", "5000", "--parallel",
        "3", "--batch-size", "1000");
    Cli.Result whole = verify(source, target, "whole", "--split-rows", "0");

    // then: six ranges of orders or a few more (about 30,000 rows by the engine's estimate, one
    // range per 5,000), customer whole, and the same verification.json
    assertThat(ranged.exitCode()).as(ranged.toString()).isZero();
    assertThat(whole.exitCode()).as(whole.toString()).isZero();
    assertThat(ranges(dir.resolve("ranged"), "orders")).isBetween(6, 8);
    assertThat(ranges(dir.resolve("ranged"), "customer")).isNull();
    assertThat(ranges(dir.resolve("whole"), "orders")).isNull();
    assertThat(withoutTiming(dir.resolve("ranged"))).isEqualTo(withoutTiming(dir.resolve("whole")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb"})
  void oneChangedRowIsLocatedInARangedTableAsInAWholeOne(String engine) throws Exception {
    // given
    String source = database(engine);
    String target = database(engine);
    Db.exec(new TestDatabase(engine, target, null),
        "UPDATE orders SET note = 'changed' WHERE id = " + CHANGED);

    // when
    Cli.Result ranged = verify(source, target, "ranged", "--split-rows", "5000", "--parallel",
        "2");
    Cli.Result whole = verify(source, target, "whole", "--split-rows", "0");

    // then
    assertThat(ranged.exitCode()).as(ranged.toString()).isEqualTo(3);
    assertThat(whole.exitCode()).as(whole.toString()).isEqualTo(3);
    VerificationReport report = Shop.read(dir.resolve("ranged"));
    VerificationReport.TableResult orders = orders(report);
    assertThat(orders.passed()).isFalse();
    assertThat(orders.differences().listed()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("changed");
      assertThat(d.key()).containsExactly(Long.toString(CHANGED));
      assertThat(d.columns()).singleElement().satisfies(c -> {
        assertThat(c.column()).isEqualTo("note");
        assertThat(c.target()).isEqualTo("changed");
      });
    });
    assertThat(orders.differences().rowsFetched()).isLessThan(ORDERS / 100);
    assertThat(ranges(dir.resolve("ranged"), "orders")).isBetween(6, 8);
    assertThat(withoutTiming(dir.resolve("ranged"))).isEqualTo(withoutTiming(dir.resolve("whole")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "mariadb"})
  void unitsDigestedApartAndReportedTogetherGiveTheLocalVerification(String engine)
      throws Exception {
    // given: one changed row, so that the report must also locate it
    String source = database(engine);
    String target = database(engine);
    Db.exec(new TestDatabase(engine, target, null),
        "UPDATE orders SET amount = 0 WHERE id = " + CHANGED);
    VerifyRequest request = request(source, target, dir.resolve("units"));

    // when: planned on the driver, each unit digested from serialized copies, reported
    List<VerifyUnit> units = Ferry.verifyUnits(request);
    List<UnitDigest> digests = new ArrayList<>();
    for (VerifyUnit unit : units) {
      digests.add(roundTrip(Ferry.verifyUnit(roundTrip(request), roundTrip(unit))));
    }
    java.util.Collections.reverse(digests);
    VerificationReport report = Ferry.verifyReport(request, digests);
    VerificationReport local = Ferry.verify(request(source, target, dir.resolve("local")));

    // then
    List<VerifyUnit> orders = units.stream().filter(u -> u.table().endsWith("orders")).toList();
    assertThat(orders).hasSizeBetween(6, 8).allSatisfy(u -> assertThat(u.key()).isEqualTo("id"));
    assertThat(units).filteredOn(u -> u.table().endsWith("customer")).singleElement()
        .satisfies(u -> assertThat(u.ranged()).isFalse());
    assertThat(report.passed()).isFalse();
    assertThat(orders(report).differences().listed()).singleElement()
        .satisfies(d -> assertThat(d.key()).containsExactly(Long.toString(CHANGED)));
    assertThat(withoutTiming(dir.resolve("units"))).isEqualTo(withoutTiming(dir.resolve("local")));
    assertThat(local.timing().tables().values()).anySatisfy(t ->
        assertThat(t.ranges()).isBetween(6, 8));
  }

  private static VerifyRequest request(String source, String target, Path out) {
    return VerifyRequest.builder(new Endpoint.Database(new ConnectionSpec(null, source, null,
        null)), new Endpoint.Database(new ConnectionSpec(null, target, null, null)))
        .splitRows(5000).parallel(3).batchSize(2000).outDir(out).build();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(
        bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  private static VerificationReport.TableResult orders(VerificationReport report) {
    return report.tables().stream().filter(t -> t.table().endsWith("orders")).findFirst()
        .orElseThrow();
  }

  /** The key ranges a table was hashed as, from verification.json's timing; null: whole. */
  private static Integer ranges(Path dir, String table) throws Exception {
    JsonNode tables = Json.mapper().readTree(dir.resolve("verification.json").toFile())
        .path("timing").path("tables");
    var names = tables.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (name.endsWith("." + table) || name.equals(table)) {
        JsonNode n = tables.path(name).path("ranges");
        return n.isMissingNode() || n.isNull() ? null : n.asInt();
      }
    }
    throw new AssertionError("no table " + table + " in the timing of " + dir);
  }

  private static String withoutTiming(Path dir) throws Exception {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(
        Files.readString(dir.resolve("verification.json")));
    tree.remove("timing");
    return Json.pretty(tree);
  }
}
