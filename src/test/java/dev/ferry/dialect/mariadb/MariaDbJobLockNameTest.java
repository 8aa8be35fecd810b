package dev.ferry.dialect.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A sync job's leader lock name: readable when it fits MariaDB's 64 characters, else hashed. */
class MariaDbJobLockNameTest {

  @Test
  void aShortNameIsReadableAndALongOneIsHashedWithinSixtyFourCharacters() {
    String longJob = "j".repeat(80);

    assertThat(MariaDbLocks.jobLockName("crm_us", "orders"))
        .isEqualTo("ferry-sync:crm_us:orders");
    assertThat(MariaDbLocks.jobLockName("crm_us", longJob)).hasSize(64)
        .startsWith("ferry-sync:").isEqualTo(MariaDbLocks.jobLockName("crm_us", longJob))
        .isNotEqualTo(MariaDbLocks.jobLockName("crm_eu", longJob));
  }
}
