package dev.ferry.consolidate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The values a consolidation supplies (docs/consolidate.md). */
class ComputedTest {

  @Test
  void uuidFromKeyIsTheVersion5UuidAnyoneCanRecompute() {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'south/customer/2'))"
    assertThat(Computed.uuidFromKey("south").value("customer", new Object[] {2L, "bob"},
        new int[] {0}).toString()).isEqualTo("4ce21fac-2058-5088-bf95-82e5318b7fcf");
  }

  @Test
  void aKeyOfSeveralColumnsIsNamedUnambiguouslyAndABinaryKeyByItsBytes() {
    // given: two composite keys whose columns joined by a comma would read the same
    Computed uuid = Computed.uuidFromKey("north");
    Object one = uuid.value("t", new Object[] {"a,b", "c"}, new int[] {0, 1});
    Object other = uuid.value("t", new Object[] {"a", "b,c"}, new int[] {0, 1});
    // and: the same binary key in two arrays, and a decimal key written two ways
    Object bytes = uuid.value("t", new Object[] {new byte[] {1, 2}}, new int[] {0});
    Object sameBytes = uuid.value("t", new Object[] {new byte[] {1, 2}}, new int[] {0});
    Object decimal = uuid.value("t", new Object[] {new java.math.BigDecimal("1E+3")}, new int[] {0});

    // then: the composite keys are named as JSON arrays of texts, a binary key by its bytes in
    // hex, a decimal key in plain notation
    assertThat(one).isNotEqualTo(other)
        .isEqualTo(Computed.uuid("north/t/[\"a,b\",\"c\"]"));
    assertThat(bytes).isEqualTo(sameBytes).isEqualTo(Computed.uuid("north/t/0102"));
    assertThat(decimal).isEqualTo(Computed.uuid("north/t/1000"));
  }

  @Test
  void aWholeNumberConstantIsAnIntegerAndAnythingElseText() {
    assertThat(Computed.constant("42").value("t", new Object[0], new int[0])).isEqualTo(42L);
    assertThat(Computed.constant("acme").column("tenant_id").type()).isEqualTo("varchar");
    assertThat(Computed.constant("42").column("tenant_id").type()).isEqualTo("bigint");
  }
}
