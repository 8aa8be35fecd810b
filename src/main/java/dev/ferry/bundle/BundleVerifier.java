package dev.ferry.bundle;

import dev.ferry.catalog.TableName;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a bundle against its own manifest without a database: every declared file is there with
 * its size and SHA-256, decodes as the manifest's columns declare, and holds as many rows as
 * declared; every table the load order loads has a file. Reads each file twice, streaming.
 */
public final class BundleVerifier {

  /** The manifest is missing, unreadable, of another format version, or lists a bad name. */
  public static final String MANIFEST = "manifest";
  /** The export did not finish. */
  public static final String INCOMPLETE = "incomplete";
  /** A table the load order loads has no data file in the manifest. */
  public static final String MISSING_TABLE = "missing-table";
  /** A declared data file is not in the directory. */
  public static final String MISSING_FILE = "missing-file";
  /** A data file's size differs from the manifest's. */
  public static final String SIZE = "size";
  /** A data file's SHA-256 differs from the manifest's (its size is right). */
  public static final String SHA256 = "sha256";
  /** A data file's rows do not decode as the manifest's columns declare. */
  public static final String CONTENT = "content";
  /** A data file holds another number of rows than the manifest says. */
  public static final String ROWS = "rows";

  private BundleVerifier() {}

  /**
   * What verification found.
   *
   * @param tablesChecked data files examined
   * @param rowsChecked rows decoded, over every file
   * @param problems every problem, in manifest order; empty when the bundle is intact
   */
  public record Result(int tablesChecked, long rowsChecked, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    /** True when there is no problem. */
    public boolean passed() {
      return problems.isEmpty();
    }
  }

  /**
   * One problem.
   *
   * @param check which check failed: one of this class's constants ({@link #SIZE}, ...)
   * @param table the table concerned, or null for the manifest as a whole
   * @param file the file concerned, relative to the bundle directory
   * @param message what was expected and what was found
   */
  public record Problem(String check, String table, String file, String message) {}

  /**
   * Verifies the bundle in {@code dir}. Never throws for a damaged bundle: every finding is a
   * {@link Problem}.
   */
  public static Result verify(Path dir) {
    List<Problem> problems = new ArrayList<>();
    Manifest manifest;
    try {
      manifest = Manifests.read(dir).orElse(null);
    } catch (FerryException e) {
      problems.add(new Problem(MANIFEST, null, DataFiles.MANIFEST, e.getMessage()));
      return new Result(0, 0, problems);
    }
    if (manifest == null) {
      problems.add(new Problem(MANIFEST, null, DataFiles.MANIFEST, "no " + DataFiles.MANIFEST
          + " in " + dir));
      return new Result(0, 0, problems);
    }
    if (manifest.formatVersion() != Manifest.FORMAT_VERSION) {
      problems.add(new Problem(MANIFEST, null, DataFiles.MANIFEST, "format version "
          + manifest.formatVersion() + ", this ferry reads " + Manifest.FORMAT_VERSION));
      return new Result(0, 0, problems);
    }
    if (!manifest.complete()) {
      problems.add(new Problem(INCOMPLETE, null, DataFiles.MANIFEST, "status "
          + manifest.status() + ": the export did not finish"));
    } else {
      for (TableName table : manifest.expectedTables()) {
        if (manifest.table(table).isEmpty()) {
          problems.add(new Problem(MISSING_TABLE, table.qualified(), null, "the load order"
              + " loads " + table + " but the manifest lists no data file for it"));
        }
      }
    }
    int checked = 0;
    long rows = 0;
    Set<String> seen = new HashSet<>();
    for (Manifest.TableFile entry : manifest.tables()) {
      if (!DataFiles.isDataFileName(entry.file()) || !seen.add(entry.file())) {
        problems.add(new Problem(MANIFEST, entry.table().qualified(), entry.file(),
            "not a data file name, or listed twice"));
        continue;
      }
      checked++;
      rows += checkFile(dir.resolve(entry.file()), entry, problems);
    }
    return new Result(checked, rows, problems);
  }

  /** Checks one file; returns the rows decoded. */
  private static long checkFile(Path file, Manifest.TableFile entry, List<Problem> problems) {
    String table = entry.table().qualified();
    if (!Files.isRegularFile(file)) {
      problems.add(new Problem(MISSING_FILE, table, entry.file(), "declared with "
          + entry.rows() + " rows but not in the bundle directory"));
      return 0;
    }
    try {
      DataFiles.Digest digest = DataFiles.digest(file);
      if (digest.bytes() != entry.bytes()) {
        problems.add(new Problem(SIZE, table, entry.file(), "expected " + entry.bytes()
            + " bytes, found " + digest.bytes()));
      } else if (!digest.sha256().equals(entry.sha256())) {
        problems.add(new Problem(SHA256, table, entry.file(), "expected SHA-256 "
            + entry.sha256() + ", found " + digest.sha256()));
      }
    } catch (IOException e) {
      problems.add(new Problem(MISSING_FILE, table, entry.file(), "cannot be read: "
          + FileFailure.reason(e)));
      return 0;
    }
    long decoded = 0;
    try (RowReader reader = new RowReader(file, entry.columns())) {
      while (reader.next() != null) {
        decoded = reader.rows();
      }
    } catch (IOException e) {
      problems.add(new Problem(CONTENT, table, entry.file(), e.getMessage()));
      return decoded;
    }
    if (decoded != entry.rows()) {
      problems.add(new Problem(ROWS, table, entry.file(), "expected " + entry.rows()
          + " rows, found " + decoded));
    }
    return decoded;
  }
}
