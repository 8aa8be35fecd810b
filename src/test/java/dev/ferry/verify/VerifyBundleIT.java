package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerificationReport.Failure;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles: {@code verify --bundle} checks one on its own, and a bundle verifies against the
 * database it was exported from; a truncated file and a flipped byte are each found and named.
 */
class VerifyBundleIT {

  @TempDir Path dir;

  TestDatabase source;
  Path bundle;

  @BeforeEach
  void export() {
    source = Shop.filled("postgres");
    bundle = dir.resolve("bundle");
    Cli.Result export = Cli.run("export", "--from", source.url(), "--to", bundle.toString(),
        "--report", dir.resolve("export").toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
  }

  @Test
  void intactBundlePassesOnItsOwnAndAgainstItsSource() {
    // when
    Cli.Result alone = Cli.run("verify", "--bundle", bundle.toString(), "--out",
        dir.resolve("alone").toString());
    Cli.Result toBundle = Cli.run("verify", "--from", source.url(), "--to", bundle.toString(),
        "--out", dir.resolve("to").toString());
    Cli.Result fromBundle = Cli.run("verify", "--from", bundle.toString(), "--to", source.url(),
        "--out", dir.resolve("from").toString());

    // then
    assertThat(alone.exitCode()).as(alone.toString()).isZero();
    assertThat(toBundle.exitCode()).as(toBundle.toString()).isZero();
    assertThat(fromBundle.exitCode()).as(fromBundle.toString()).isZero();
    VerificationReport report = Shop.read(dir.resolve("alone"));
    assertThat(report.mode()).isEqualTo("bundle");
    assertThat(report.rules()).extracting(VerificationReport.Rule::rule).containsExactly(
        "bundle-manifest", "bundle-tables", "bundle-files", "bundle-rows");
    assertThat(report.bundle().tablesChecked()).isEqualTo(3);
    assertThat(report.bundle().rowsChecked()).isEqualTo(Shop.CUSTOMERS + Shop.ORDERS + 4);
    assertThat(Shop.read(dir.resolve("to")).notes())
        .contains("orphans are not checked: the target is a bundle, not a database");
  }

  @Test
  void truncatedFileIsFoundByItsSize() throws IOException {
    // given
    Path file = dataFile("orders");
    long size = Files.size(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size - 100);
    }

    // when
    Cli.Result run = Cli.run("verify", "--bundle", bundle.toString(), "--out", dir.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    VerificationReport report = Shop.read(dir);
    Failure failure = Shop.failures(report, "bundle-files").get(0);
    assertThat(failure.table()).isEqualTo("public.orders");
    assertThat(failure.column()).isEqualTo(file.getFileName().toString());
    assertThat(failure.message()).isEqualTo("size: expected " + size + " bytes, found "
        + (size - 100));
    assertThat(report.rule("bundle-rows").orElseThrow().passed()).isFalse();
    assertThat(run.out()).contains("FAILED bundle-files");
  }

  @Test
  void flippedByteIsFoundByItsSha256AndStopsAComparison() throws IOException {
    // given
    Path file = dataFile("customer");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(40);
      int b = f.read();
      f.seek(40);
      f.write(b ^ 0x01);
    }

    // when
    Cli.Result alone = Cli.run("verify", "--bundle", bundle.toString(), "--out",
        dir.resolve("alone").toString());
    Cli.Result against = Cli.run("verify", "--from", source.url(), "--to", bundle.toString(),
        "--out", dir.resolve("against").toString());

    // then
    assertThat(alone.exitCode()).as(alone.toString()).isEqualTo(3);
    Failure failure = Shop.failures(Shop.read(dir.resolve("alone")), "bundle-files").get(0);
    assertThat(failure.table()).isEqualTo("public.customer");
    assertThat(failure.message()).startsWith("sha256: expected SHA-256 ");
    assertThat(against.exitCode()).as(against.toString()).isEqualTo(3);
    assertThat(Shop.failures(Shop.read(dir.resolve("against")), "tables")).singleElement()
        .satisfies(f -> {
          assertThat(f.table()).isEqualTo("public.customer");
          assertThat(f.message()).contains("does not match the bundle's manifest");
        });
  }

  private Path dataFile(String table) throws IOException {
    try (Stream<Path> files = Files.list(bundle)) {
      return files.filter(p -> p.getFileName().toString().endsWith("public." + table + ".jsonl"))
          .findFirst().orElseThrow();
    }
  }
}
