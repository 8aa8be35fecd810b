package dev.ferry.script;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a directory of INSERT scripts: what was written, from what, and each
 * file's size and SHA-256. Deterministic: the same source, map and options give the same bytes.
 *
 * @param formatVersion 1
 * @param kind {@code inserts}
 * @param ferryVersion the version that wrote it
 * @param status {@code complete}, or {@code in-progress} while (or if a crash stopped) writing
 * @param dialect the target dialect
 * @param source the source, credentials masked
 * @param planFingerprint the plan's fingerprint (source catalog, load order, transformations)
 * @param transformations applied to the values (e.g. the user map's fingerprint)
 * @param format the options the files were cut with
 * @param run how to run each file so that it stops at the first error
 * @param files every file, in the order to run them
 * @param notes what the operator should know
 */
public record ScriptManifest(int formatVersion, String kind, String ferryVersion, String status,
    String dialect, String source, String planFingerprint, Map<String, String> transformations,
    Format format, String run, List<FileEntry> files, List<String> notes) {

  public static final int FORMAT_VERSION = 1;
  public static final String COMPLETE = "complete";
  public static final String IN_PROGRESS = "in-progress";

  /**
   * @param rowsPerInsert rows per INSERT statement
   * @param rowsPerFile rows after which a table continues in a next file
   * @param transaction {@code file} or {@code batch}
   * @param rowsPerTransaction rows per transaction with {@code batch}
   * @param targetSchema the schema tables are qualified with, when given
   */
  public record Format(int rowsPerInsert, long rowsPerFile, String transaction,
      Integer rowsPerTransaction, String targetSchema) {}

  /**
   * @param file the file's name
   * @param units the load units it holds (a table, a cycle fix-up, a deferred group's tables)
   * @param content {@code insert}, {@code update} (cycle fix-up) or {@code identity-reset}
   * @param rows rows inserted or updated
   * @param statements data statements (INSERT, UPDATE, identity moves)
   * @param bytes the file's size
   * @param sha256 {@code sha256:} and the hex digest of the file's bytes
   */
  public record FileEntry(String file, List<String> units, String content, long rows,
      long statements, long bytes, String sha256) {}
}
