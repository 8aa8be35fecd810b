package dev.ferry.script;

import java.util.List;

/**
 * What {@code ferry script remap} wrote, also written as JSON beside the script. Deterministic:
 * the same source, map and options give the same bytes.
 *
 * @param formatVersion 1
 * @param dialect the target dialect
 * @param mapFingerprint the validated map's fingerprint
 * @param forwardFingerprint the forward script's fingerprint, as recorded in the guard table
 * @param inverseFingerprint the inverse script's fingerprint, or null when there is none
 * @param inverseProblem why no inverse could be written (the map is not one-to-one), or null
 * @param batchSize mapped keys per batch
 * @param pauseMillis pause after each batch
 * @param keys {@code referenced} (the keys the source shows each column holds) or {@code all}
 * @param guardTable the guard table's name
 * @param run how to run the scripts so that they stop at the first error
 * @param columns per reference column, what its batches hold
 * @param files the files written, with size and SHA-256
 * @param stagingKey the key that batches of unique columns rotate swaps and cycles through, or
 *     null when no batch needed one
 * @param stagingNote why that key, and what it asks of the target; null with no staging key
 */
public record RemapSummary(int formatVersion, String dialect, String mapFingerprint,
    String forwardFingerprint, String inverseFingerprint, String inverseProblem, int batchSize,
    int pauseMillis, String keys, String guardTable, String run, List<ColumnBatches> columns,
    List<FileSummary> files, String stagingKey, String stagingNote) {

  /**
   * @param column {@code schema.table.column} as the scripts name it (the guard's label)
   * @param source the source column
   * @param keys mapped keys the forward script rewrites in it (identity mappings left out)
   * @param batches forward batches
   * @param inverseBatches inverse batches, or null without an inverse
   */
  public record ColumnBatches(String column, String source, long keys, int batches,
      Integer inverseBatches) {}

  /**
   * @param file the file's name
   * @param content {@code forward}, {@code inverse} or {@code dry-run}
   * @param bytes its size
   * @param sha256 {@code sha256:} and the hex digest of its bytes
   */
  public record FileSummary(String file, String content, long bytes, String sha256) {}
}
