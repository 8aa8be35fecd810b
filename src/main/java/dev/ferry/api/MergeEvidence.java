package dev.ferry.api;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a verification of merged tables needs besides the two endpoints: a table merged with
 * {@code skip} is proven against the fingerprints its copy recorded in {@code merge-audit.jsonl}
 * (docs/verification.md, "Merged tables"), so a verification without it is refused before
 * anything is read.
 */
final class MergeEvidence {

  /** The audit's file name in a copy's report directory. */
  static final String AUDIT_FILE = "merge-audit.jsonl";

  private MergeEvidence() {}

  /**
   * The audit file to read: {@code audit} itself, or the audit in it when it is a directory;
   * null without one.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} when a table is merged with {@code
   *     skip} and no audit is given, or the audit given is not a readable file
   */
  static Path check(MergeMode merge, List<CopyOptions.TableMerge> tables, Path audit) {
    if (audit == null) {
      String where = merge == MergeMode.SKIP ? "--merge skip" : null;
      for (CopyOptions.TableMerge t : tables == null ? List.<CopyOptions.TableMerge>of()
          : tables) {
        if (where == null && t.mode() == MergeMode.SKIP) {
          where = t.where() + ": tables: " + t.table() + ": merge: skip";
        }
      }
      if (where != null) {
        throw new FerryException(ErrorCode.CONFIGURATION, where + ": a table merged with skip"
            + " keeps target rows that differ from the source's, and verify proves them"
            + " untouched against the fingerprints the copy recorded in its " + AUDIT_FILE
            + "; nothing was read. Pass --audit with the copy's --report directory (or the"
            + " file), or verify without the skip entry to compare the rows as they are.");
      }
      return null;
    }
    Path file = Files.isDirectory(audit) ? audit.resolve(AUDIT_FILE) : audit;
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new FerryException(ErrorCode.CONFIGURATION, "--audit " + audit + ": "
          + (Files.isDirectory(audit) ? "the directory holds no readable " + AUDIT_FILE
              : "no readable file there")
          + "; nothing was read. Give the --report directory of the copy whose merge is"
          + " verified, or its " + AUDIT_FILE + ".");
    }
    return file;
  }
}
