package dev.ferry.consolidate;

import static dev.ferry.consolidate.ConsolidateIT.exec;
import static dev.ferry.consolidate.ConsolidateIT.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consolidation carries the files tenants' rows point to: each tenant's own store into the
 * target's, content-addressed, the references rewritten; per-tenant verify proves the files; a
 * rerun copies none twice; a tenant whose store cannot be opened is refused before any tenant
 * writes.
 */
class ConsolidateFilesIT {

  @TempDir Path dir;

  @Test
  void eachTenantsFilesArriveContentAddressedProvenPerTenantAndARerunCopiesNone()
      throws Exception {
    // given: two SQLite tenants whose rows name the same relative paths, holding other bytes
    // (and one file the same in both), and a PostgreSQL target a non-superuser owns
    TestDatabase north = tenant("north");
    TestDatabase south = tenant("south");
    Path store = Files.createDirectories(dir.resolve("store"));
    TestDatabase target = target();
    Path manifest = manifest(north, south, "uploads-north", "uploads-south");

    // when
    Cli.Result load = Cli.run("consolidate", "--manifest", manifest.toString(), "--report",
        dir.resolve("r").toString());
    List<String> stored = files(store);
    Cli.Result verify = Cli.run("verify", "--manifest", manifest.toString(), "--out",
        dir.resolve("v").toString());
    Cli.Result again = Cli.run("consolidate", "--manifest", manifest.toString(), "--report",
        dir.resolve("r2").toString());

    // then: three distinct contents, one file each; every row points at its own content
    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(stored).hasSize(3).allSatisfy(f -> assertThat(f).startsWith("sha256/"));
    assertThat(rows(target, "SELECT tenant_id, title, path FROM doc ORDER BY tenant_id, title"))
        .containsExactly(
            "north|logo|" + stored("logo", "png"), "north|report|" + stored("north report",
                "pdf"),
            "south|logo|" + stored("logo", "png"), "south|report|" + stored("south report",
                "pdf"));
    assertThat(Files.readString(store.resolve(stored("south report", "pdf"))))
        .isEqualTo("south report");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("tenant north: passed", "tenant south: passed");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(files(store)).isEqualTo(stored);
    try (Stream<Path> audits = Files.walk(dir.resolve("r2"))) {
      assertThat(audits.filter(p -> p.endsWith("file-audit.jsonl")).map(p -> {
        try {
          return Files.readString(p);
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }).filter(text -> text.contains("\"copied\"")).toList()).isEmpty();
    }
  }

  @Test
  void aTenantWhoseStoreIsMissingIsRefusedBeforeAnyTenantWrites() throws Exception {
    // given: south's store does not exist
    TestDatabase north = tenant("north");
    TestDatabase south = tenant("south");
    Files.createDirectories(dir.resolve("store"));
    TestDatabase target = target();
    Path manifest = manifest(north, south, "uploads-north", "no-such-dir");

    // when
    Cli.Result load = Cli.run("consolidate", "--manifest", manifest.toString(), "--report",
        dir.resolve("r").toString());

    // then
    assertThat(load.exitCode()).as(load.toString()).isEqualTo(4);
    assertThat(load.err()).contains("tenant south", "m.yaml:", "no-such-dir")
        .doesNotContain("Exception");
    assertThat(rows(target, "SELECT count(*) FROM doc")).containsExactly("0");
    assertThat(files(dir.resolve("store"))).isEmpty();
  }

  @Test
  void aManifestWhoseTenantLacksAStoreOrGivesFromIsRefusedWithItsLine() throws Exception {
    TestDatabase north = tenant("north");
    Path manifest = dir.resolve("bad.yaml");
    Files.writeString(manifest, "target: {url: 'jdbc:sqlite:" + dir.resolve("t.db") + "'}\n"
        + "tables:\n  doc:\n    files: {column: path, to: store}\n"
        + "tenants:\n  - {name: north, source: {url: '" + north.url() + "'}}\n");
    Files.writeString(dir.resolve("from.yaml"), "target: {url: 'jdbc:sqlite:"
        + dir.resolve("t.db") + "'}\n"
        + "tables:\n  doc:\n    files: {column: path, from: x, to: store}\n"
        + "tenants:\n  - {name: north, source: {url: '" + north.url() + "'},"
        + " files: {doc: uploads-north}}\n");

    Cli.Result lacking = Cli.run("consolidate", "--manifest", manifest.toString());
    Cli.Result from = Cli.run("consolidate", "--manifest", dir.resolve("from.yaml").toString());

    assertThat(lacking.exitCode()).isEqualTo(2);
    assertThat(lacking.err()).contains("bad.yaml:6", "tenant 'north' has no store for the files"
        + " of table 'doc'");
    assertThat(from.exitCode()).isEqualTo(2);
    assertThat(from.err()).contains("from.yaml:4", "each tenant has its own source store");
  }

  private TestDatabase tenant(String name) throws Exception {
    TestDatabase db = TestDatabases.freshSqlite();
    exec(db, "CREATE TABLE doc (id INTEGER PRIMARY KEY, title VARCHAR(20) NOT NULL,"
            + " path VARCHAR(200))",
        "INSERT INTO doc VALUES (1, 'report', 'a/report.pdf'), (2, 'logo', 'img/logo.png')");
    Path uploads = dir.resolve("uploads-" + name);
    Files.createDirectories(uploads.resolve("a"));
    Files.createDirectories(uploads.resolve("img"));
    Files.writeString(uploads.resolve("a/report.pdf"), name + " report");
    Files.writeString(uploads.resolve("img/logo.png"), "logo");
    return db;
  }

  private TestDatabase target() {
    TestDatabase admin = TestDatabases.freshPostgres();
    exec(admin, "CREATE TABLE doc (id SERIAL PRIMARY KEY, tenant_id VARCHAR(10) NOT NULL,"
        + " title VARCHAR(20) NOT NULL, path VARCHAR(200))");
    String role = TestDatabases.createPostgresLogin(admin, ConsolidateIT.PASSWORD);
    exec(admin, "ALTER TABLE doc OWNER TO " + role, "CREATE SCHEMA ferry AUTHORIZATION " + role);
    this.owner = new TestDatabase(admin.engine(), admin.bareUrl() + "?user=" + role,
        admin.name());
    return admin;
  }

  private TestDatabase owner;

  private Path manifest(TestDatabase north, TestDatabase south, String northStore,
      String southStore) throws Exception {
    Files.writeString(dir.resolve("pw"), ConsolidateIT.PASSWORD + "\n");
    Path manifest = dir.resolve("m.yaml");
    Files.writeString(manifest, "target: {url: '" + owner.url() + "', password-file: pw}\n"
        + "tables:\n  doc:\n    files: {column: path, to: store, template: sha256}\n"
        + "tenants:\n"
        + "  - {name: north, source: {url: '" + north.url() + "'}, files: {doc: " + northStore
        + "}}\n"
        + "  - {name: south, source: {url: '" + south.url() + "'}, files: {doc: " + southStore
        + "}}\n");
    return manifest;
  }

  private static List<String> files(Path store) throws Exception {
    try (Stream<Path> walk = Files.walk(store)) {
      return walk.filter(Files::isRegularFile).map(p -> store.relativize(p).toString())
          .filter(p -> !p.startsWith(".ferry-tmp")).sorted().toList();
    }
  }

  private static String stored(String content, String extension) throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(content.getBytes(StandardCharsets.UTF_8)));
    return "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha + "."
        + extension;
  }
}
