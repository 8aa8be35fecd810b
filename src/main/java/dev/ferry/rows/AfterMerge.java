package dev.ferry.rows;

/**
 * What a chunk's transformation left for when the target has decided each row's fate: the files
 * its rows point to, under a merge mode (docs/files.md), are committed only for the rows the
 * target takes. The writer calls it on the chunk's transaction, once the merge classified the
 * rows and before the checkpoint commits.
 */
@FunctionalInterface
public interface AfterMerge {

  /**
   * @param keptTarget for each of the chunk's rows, in order, whether the target keeps its own
   *     row instead (the merge skipped the row or recorded a conflict): nothing of it was written
   */
  void decided(boolean[] keptTarget);
}
