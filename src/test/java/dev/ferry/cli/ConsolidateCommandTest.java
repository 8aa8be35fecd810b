package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry consolidate}'s own refusals, before any database is opened. */
class ConsolidateCommandTest {

  @TempDir Path dir;

  @Test
  void moreThanOneTenantAtOnceIntoATargetThatCannotLockPerTenantIsRefusedBeforeOpeningIt()
      throws Exception {
    Path target = dir.resolve("t.db");
    Path manifest = Files.writeString(dir.resolve("m.yaml"), "target: {url: 'jdbc:sqlite:"
        + target + "'}\ntenants:\n  - {name: a, source: {url: 'jdbc:sqlite:a'}}\n");

    Cli.Result run = Cli.run("consolidate", "--manifest", manifest.toString(),
        "--parallel-tenants", "2");
    Cli.Result none = Cli.run("consolidate", "--manifest", manifest.toString(),
        "--parallel-tenants", "0");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.all()).contains("--parallel-tenants 2: the target", "cannot lock a run per"
        + " tenant", "leave the option out");
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
    assertThat(none.all()).contains("--parallel-tenants 0: give how many tenants");
    assertThat(target).doesNotExist();
  }

  @Test
  void aBadManifestExitsTwoNamingItsLine() throws Exception {
    Path manifest = Files.writeString(dir.resolve("m.yaml"), "target: {url: 'jdbc:sqlite:t'}\n"
        + "tenants: []\n");

    Cli.Result run = Cli.run("consolidate", "--manifest", manifest.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.all()).contains(manifest + ":2: 'tenants:' must list at least one tenant");
  }
}
