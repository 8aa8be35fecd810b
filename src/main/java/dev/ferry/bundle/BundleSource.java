package dev.ferry.bundle;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a complete bundle as a source. Before a table's rows are handed out, its data file is
 * checked against the manifest (size, then SHA-256, in one streaming pass), so nothing from a
 * damaged file ever reaches a target; its rows are then decoded in a second pass and their number
 * checked at the end. Safe to read different tables from several threads.
 */
public final class BundleSource implements SourceReader {

  private final Path dir;
  private final Manifest manifest;

  /**
   * Opens a bundle directory.
   *
   * @param dir the directory holding {@code manifest.json}
   * @throws FerryException {@code INPUT} when there is no readable manifest, its format version is
   *     not one this ferry reads, the bundle is not complete, or it names a file outside itself
   */
  public BundleSource(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.manifest = Manifests.read(dir).orElseThrow(() -> new FerryException(ErrorCode.INPUT,
        dir + " is not a bundle: it has no " + DataFiles.MANIFEST
            + ". Point to the directory an export wrote."));
    if (manifest.formatVersion() != Manifest.FORMAT_VERSION) {
      throw new FerryException(ErrorCode.INPUT, "bundle " + dir + " has format version "
          + manifest.formatVersion() + "; this ferry reads version " + Manifest.FORMAT_VERSION
          + ". Use the ferry that wrote it (" + manifest.ferryVersion() + ") or a newer one.");
    }
    if (!manifest.complete()) {
      throw new FerryException(ErrorCode.INPUT, "bundle " + dir + " is incomplete (status "
          + manifest.status() + "): its export did not finish. Resume the export, or export"
          + " again.");
    }
    if (manifest.catalog() == null) {
      throw new FerryException(ErrorCode.INPUT, "bundle " + dir + " has no catalog in its "
          + DataFiles.MANIFEST + ". Export it again.");
    }
    for (Manifest.TableFile file : manifest.tables()) {
      if (!DataFiles.isDataFileName(file.file())) {
        throw new FerryException(ErrorCode.INPUT, "bundle " + dir + " lists \"" + file.file()
            + "\" for " + file.table() + ", which is not a data file name. The manifest was"
            + " edited or damaged; export the bundle again.");
      }
    }
  }

  /** The bundle directory. */
  public Path directory() {
    return dir;
  }

  /** The bundle's manifest: catalog, load order, transformations and files. */
  public Manifest manifest() {
    return manifest;
  }

  /** The source for messages and reports. */
  public String describe() {
    return "bundle " + dir;
  }

  /** The catalog recorded at export. */
  /** The bundle knows each table's row count exactly. */
  @Override
  public long estimateRows(TablePlan table) {
    return manifest().table(table.source()).map(Manifest.TableFile::rows).orElse(-1L);
  }

  @Override
  public Catalog catalog() {
    return manifest.catalog();
  }

  /**
   * Streams a table's rows. The plan may name its columns in any order, and fewer than the file
   * holds; values are decoded by the kinds recorded in the manifest.
   *
   * @param table the plan; {@code table.source()} names the data file
   * @param afterKey the key of the last row already copied, or null to start at the first row;
   *     rows are decoded and skipped up to and including that key
   * @param chunkSize rows per chunk, at least 1
   * @throws FerryException {@code INPUT} when the bundle has no file for the table, the file is
   *     missing or does not match the manifest, or lacks a column the plan reads
   */
  @Override
  public ChunkCursor read(TablePlan table, Object[] afterKey, int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
    }
    Manifest.TableFile entry = manifest.table(table.source()).orElseThrow(() ->
        new FerryException(ErrorCode.INPUT, describe() + " has no data file for table "
            + table.source() + "; it holds " + manifest.tables().size() + " tables. Export the"
            + " table again, or leave it out of the import."));
    Path file = dir.resolve(entry.file());
    checkStored(file, entry);
    return new BundleCursor(file, entry, table, afterKey, chunkSize);
  }

  /**
   * Proves every data file the tables will be read from against the manifest before anything is
   * written: there, its size and SHA-256 as recorded, and as many rows as recorded (decoded, in
   * one more streaming pass). A file read again later is checked again as it is opened.
   *
   * @return one problem per damaged file, naming it; empty when all are intact
   */
  @Override
  public List<String> prove(List<TablePlan> tables) {
    List<String> problems = new ArrayList<>();
    Set<TableName> proven = new LinkedHashSet<>();
    for (TablePlan table : tables) {
      if (!proven.add(table.source())) {
        continue;
      }
      Manifest.TableFile entry = manifest.table(table.source()).orElse(null);
      if (entry == null) {
        problems.add(describe() + " has no data file for table " + table.source()
            + ". Export the table again, or leave it out of the import.");
        continue;
      }
      Path file = dir.resolve(entry.file());
      try {
        checkStored(file, entry);
        long rows = 0;
        try (RowReader reader = new RowReader(file, entry.columns())) {
          while (reader.next() != null) {
            rows = reader.rows();
          }
        } catch (IOException e) {
          throw damaged(file, entry, "its rows do not decode (" + e.getMessage() + ")");
        }
        if (rows != entry.rows()) {
          throw damaged(file, entry, "the manifest says " + entry.rows() + " rows, the file"
              + " holds " + rows);
        }
      } catch (FerryException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  private void checkStored(Path file, Manifest.TableFile entry) {
    if (!Files.isRegularFile(file)) {
      throw damaged(file, entry, "the file is missing");
    }
    DataFiles.Digest digest;
    try {
      digest = DataFiles.digest(file);
    } catch (IOException e) {
      throw damaged(file, entry, "it cannot be read (" + FileFailure.reason(e) + ")");
    }
    if (digest.bytes() != entry.bytes()) {
      throw damaged(file, entry, "the manifest says " + entry.bytes() + " bytes, the file has "
          + digest.bytes());
    }
    if (!digest.sha256().equals(entry.sha256())) {
      throw damaged(file, entry, "its SHA-256 is " + digest.sha256() + ", the manifest says "
          + entry.sha256());
    }
  }

  static FerryException damaged(Path file, Manifest.TableFile entry, String what) {
    return new FerryException(ErrorCode.INPUT, "data file " + file + " of table " + entry.table()
        + " does not match the bundle's manifest: " + what + ". Restore the file from a copy of"
        + " the bundle or export it again; `ferry verify --bundle` lists every problem.");
  }

  @Override
  public void close() {
    // cursors hold the open files and close them
  }
}
