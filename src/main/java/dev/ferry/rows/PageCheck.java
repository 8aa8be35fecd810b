package dev.ferry.rows;

/**
 * Whether the target holds a page of source rows unchanged, judged by the hashes of the rows'
 * text ({@link RowText}) computed by both servers: a merge's fast path for rows a rerun finds
 * as they were (docs/merge.md, "A rerun that changes nothing"). An answer of true must imply
 * that ferry's rule of the same value ({@link SameValues}) finds every row unchanged; false
 * only sends the page the usual way.
 */
@FunctionalInterface
public interface PageCheck extends AutoCloseable {

  /** Never the same: the rows go the usual way, digested by text hash all the same. */
  PageCheck NEVER = (keys, hashes) -> false;

  /** Always the same: to re-read a checked table's keys and text hashes (a resume's check). */
  PageCheck ALWAYS = (keys, hashes) -> true;

  /**
   * @param keys the page's keys (one integer column), in key order
   * @param hashes each row's text hash, as the source's server computed it
   * @return true when the target holds a row with each key whose text hash is the same
   */
  boolean same(long[] keys, String[] hashes);

  /** Ends the check (its connection to the target). */
  @Override
  default void close() {}
}
