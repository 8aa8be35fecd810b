package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.Endpoint;
import dev.ferry.api.UnitDigest;
import dev.ferry.api.VerifyRequest;
import dev.ferry.api.VerifyUnit;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The entry point for other runners refuses what it cannot answer as {@code ferry verify} would,
 * before it reads anything: features a unit's digest does not carry, and digests that do not
 * cover a table exactly once.
 */
class VerifyUnitsTest {

  private static final Endpoint SOURCE = new Endpoint.Database(new ConnectionSpec(null,
      "jdbc:postgresql://nowhere.invalid/source", "u", "secret-pw"));
  private static final Endpoint TARGET = new Endpoint.Database(new ConnectionSpec(null,
      "jdbc:postgresql://nowhere.invalid/target", "u", "secret-pw"));

  @Test
  void aRequestWithAFeatureUnitsDoNotCarryIsRefusedByEveryStepAndCannotBeSerialized() {
    // given
    VerifyRequest filtered = VerifyRequest.builder(SOURCE, TARGET).rowFilters(List.of(
        new CopyOptions.RowFilter("public.orders", "id > 5", null, null, null))).build();
    VerifyRequest bundle = VerifyRequest.builder(new Endpoint.Bundle(Path.of("export")), TARGET)
        .build();
    VerifyRequest inDatabase = VerifyRequest.builder(SOURCE, TARGET).streaming(false).build();

    // then
    for (VerifyRequest r : List.of(filtered, bundle, inDatabase)) {
      assertThatThrownBy(() -> VerifyUnits.plan(r)).isInstanceOfSatisfying(FerryException.class,
          e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).contains("cannot be cut into units",
                "Run ferry verify itself");
          });
      assertThatThrownBy(() -> VerifyUnits.digest(r, VerifyUnit.whole("public.orders")))
          .isInstanceOf(FerryException.class);
      assertThatThrownBy(() -> VerifyUnits.report(r, List.of()))
          .isInstanceOf(FerryException.class);
      assertThatThrownBy(() -> serialize(r)).isInstanceOf(NotSerializableException.class)
          .hasMessageContaining("cannot be sent to a runner");
    }
    assertThat(filtered.unitsRefusal()).contains("row filters");
    assertThat(bundle.unitsRefusal()).contains("databases");
  }

  @Test
  void digestsThatDoNotCoverATableOnceAreRefusedBeforeAnyRead() {
    // given: ranges 1 and 3 of 3, and range 2 twice
    VerifyRequest request = VerifyRequest.builder(SOURCE, TARGET).build();
    VerifyUnit first = new VerifyUnit("public.orders", "id", 1, 3, null, 100L);
    VerifyUnit second = new VerifyUnit("public.orders", "id", 2, 3, 100L, 200L);
    VerifyUnit third = new VerifyUnit("public.orders", "id", 3, 3, 200L, null);

    // then
    for (List<VerifyUnit> units : List.of(List.of(first, third),
        List.of(first, second, second, third),
        List.of(first, new VerifyUnit("public.orders", "id", 2, 3, 150L, 200L), third))) {
      List<UnitDigest> digests = units.stream().map(VerifyUnitsTest::empty).toList();
      assertThatThrownBy(() -> VerifyUnits.report(request, digests))
          .isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
            assertThat(e.getMessage()).contains("do not cover it once", "public.orders");
          });
    }
  }

  @Test
  void aPlainRequestSurvivesSerializationWithItsSettings() throws Exception {
    // given
    VerifyRequest request = VerifyRequest.builder(SOURCE, TARGET).schemas(List.of("public"))
        .maxDiffs(7).batchSize(500).parallel(3).splitRows(5000).outDir(Path.of("out")).build();

    // when
    byte[] bytes = serialize(request);
    VerifyRequest back;
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes))) {
      back = (VerifyRequest) in.readObject();
    }

    // then
    assertThat(back).isEqualTo(request);
  }

  private static UnitDigest empty(VerifyUnit unit) {
    UnitDigest.Side side = new UnitDigest.Side(0, 0, new long[2 * Bisection.BUCKETS],
        new long[1], new long[1]);
    return new UnitDigest(unit, side, side, 0);
  }

  private static byte[] serialize(Object value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }
}
