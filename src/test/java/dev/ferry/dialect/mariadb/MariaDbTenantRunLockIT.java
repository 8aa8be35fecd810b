package dev.ferry.dialect.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.dialect.LockAttempt;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The run lock of a consolidation's tenant on MariaDB (docs/consolidate.md), made of named
 * locks: runs of different tenants share the target, a second run of the same tenant is refused,
 * and a plain run excludes every tenant run and is excluded by any. Each on a session of its own.
 */
class MariaDbTenantRunLockIT {

  private final Dialect dialect = Dialects.byId("mariadb");

  @Test
  void tenantsShareTheTargetButNotWithThemselvesNorWithAPlainRun() throws Exception {
    // given
    TestDatabase target = TestDatabases.freshMariaDb();
    try (Connection north = TestDatabases.connect(target);
        Connection south = TestDatabases.connect(target);
        Connection northAgain = TestDatabases.connect(target);
        Connection plain = TestDatabases.connect(target)) {

      // when
      LockAttempt n = dialect.tryTenantRunLock(north, "ferry run a of tenant north", "north");
      LockAttempt s = dialect.tryTenantRunLock(south, "ferry run b of tenant south", "south");
      LockAttempt n2 = dialect.tryTenantRunLock(northAgain, "ferry run c of tenant north",
          "north");
      LockAttempt p = dialect.tryRunLock(plain, "ferry run d");

      // then
      assertThat(dialect.runLockPerTenant()).isTrue();
      assertThat(n.isTaken()).isTrue();
      assertThat(s.isTaken()).isTrue();
      assertThat(n2.isTaken()).isFalse();
      assertThat(n2.heldBy()).contains("tenant north");
      assertThat(p.isTaken()).isFalse();
      assertThat(p.heldBy()).contains("a tenant's run");

      // and once the tenants are gone, a plain run takes the target and keeps tenants out
      n.release().close();
      s.release().close();
      LockAttempt p2 = dialect.tryRunLock(plain, "ferry run d");
      assertThat(p2.isTaken()).isTrue();
      LockAttempt n3 = dialect.tryTenantRunLock(northAgain, "ferry run e of tenant north",
          "north");
      assertThat(n3.isTaken()).isFalse();
      assertThat(n3.heldBy()).contains("a run of the whole target");
      p2.release().close();
      LockAttempt n4 = dialect.tryTenantRunLock(northAgain, "ferry run e of tenant north",
          "north");
      assertThat(n4.isTaken()).isTrue();
    }
  }
}
