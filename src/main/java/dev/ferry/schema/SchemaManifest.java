package dev.ferry.schema;

import java.util.List;

/**
 * {@code manifest.json} of a schema directory: what was written, for which dialect, from which
 * catalog, and each file's size and SHA-256. Deterministic: no time, no run id, no URL.
 *
 * @param formatVersion 1
 * @param kind {@code schema}
 * @param dialect the target dialect
 * @param sourceEngine the source's engine
 * @param catalogFingerprint the source catalog's fingerprint
 * @param tableOrder how the tables are ordered in {@code 01-tables.sql}: {@code name}
 * @param files every file, the SQL ones in the order to run them
 * @param notes how many decisions lost something (listed in {@code schema-notes.txt})
 */
public record SchemaManifest(int formatVersion, String kind, String dialect,
    String sourceEngine, String catalogFingerprint, String tableOrder, List<FileEntry> files,
    int notes) {

  /** The version of this JSON shape. */
  public static final int FORMAT_VERSION = 1;
  /** The {@code kind} that marks a directory as a schema output ferry may write over. */
  public static final String KIND = "schema";

  public SchemaManifest {
    files = List.copyOf(files);
  }

  /**
   * @param file the file's name
   * @param bytes its size
   * @param sha256 {@code sha256:} and the hex digest of its bytes
   */
  public record FileEntry(String file, long bytes, String sha256) {}
}
