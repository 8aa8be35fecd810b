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
  void aWholeNumberConstantIsAnIntegerAndAnythingElseText() {
    assertThat(Computed.constant("42").value("t", new Object[0], new int[0])).isEqualTo(42L);
    assertThat(Computed.constant("acme").column("tenant_id").type()).isEqualTo("varchar");
    assertThat(Computed.constant("42").column("tenant_id").type()).isEqualTo("bigint");
  }
}
