/**
 * The transfer engine: reading chunks in key order, transforming rows, writing them with a
 * checkpoint per committed chunk, and running the plan (preflight, load, cycle fix-ups, sequences,
 * orphan checks, report). Internal: no compatibility promise.
 */
package dev.ferry.transfer;
