package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.VerificationReport;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB to MariaDB, MariaDB to PostgreSQL and back: a clean copy verifies without a false
 * mismatch (the canonical encoding makes the engines' checksums equal), and every fault injected
 * at once is located with its table, key and column in one run.
 */
class VerifyMariaDbAndCrossEngineIT {

  @TempDir Path dir;

  private TestDatabase copied(TestDatabase source, String engine, String name) {
    TestDatabase target = Shop.empty(engine);
    Cli.Result copy = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve(name).toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    return target;
  }

  private VerificationReport verify(TestDatabase source, TestDatabase target, String name,
      int expectedExit) {
    Path out = dir.resolve(name);
    Cli.Result run = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--in-database", "--out", out.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(expectedExit);
    return Shop.read(out);
  }

  @Test
  void mariaDbCopyVerifiesAndEveryFaultIsLocatedInOneRun() {
    // given
    TestDatabase source = Shop.filled("mariadb");
    TestDatabase target = copied(source, "mariadb", "copy");

    // when
    VerificationReport clean = verify(source, target, "clean", 0);
    for (Shop.Fault fault : Shop.Fault.values()) {
      fault.inject(target);
    }
    VerificationReport faulty = verify(source, target, "faulty", 3);

    // then
    assertThat(clean.passed()).isTrue();
    assertThat(clean.tables()).extracting(VerificationReport.TableResult::method)
        .containsOnly("streaming");
    assertThat(clean.orphans()).singleElement().satisfies(o -> assertThat(o.passed()).isTrue());
    for (Shop.Fault fault : Shop.Fault.values()) {
      fault.assertLocated(faulty);
    }
  }

  @Test
  void mariaDbToPostgresVerifiesWithTheSameChecksumsAndFaultsAreLocated() {
    // given
    TestDatabase maria = Shop.filled("mariadb");
    TestDatabase postgres = copied(maria, "postgres", "there");
    TestDatabase back = copied(postgres, "mariadb", "back");

    // when
    VerificationReport there = verify(maria, postgres, "verify-there", 0);
    VerificationReport home = verify(postgres, back, "verify-back", 0);
    for (Shop.Fault fault : Shop.Fault.values()) {
      fault.inject(postgres);
    }
    VerificationReport faulty = verify(maria, postgres, "faulty", 3);

    // then
    assertThat(there.passed()).isTrue();
    assertThat(home.passed()).isTrue();
    // MariaDB streams, PostgreSQL hashes inside the server: the numbers still agree
    assertThat(there.tables()).extracting(VerificationReport.TableResult::method)
        .containsOnly("streaming/in-database");
    assertThat(there.tables()).allSatisfy(t ->
        assertThat(t.checksum().source()).isEqualTo(t.checksum().target()));
    for (Shop.Fault fault : Shop.Fault.values()) {
      fault.assertLocated(faulty);
    }
  }
}
