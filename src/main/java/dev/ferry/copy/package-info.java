/**
 * The copy engine: planning a copy (preflight, value fit, resume checks), reading chunks in key
 * order, writing them with a checkpoint per committed chunk, and running the plan's steps (load,
 * cycle fix-ups, constraints set aside and restored, sequences, orphan checks, report). Built on
 * {@link dev.ferry.rows}' seams; never imports {@code verify}, {@code script} or {@code identity}'s
 * internals. Internal: no compatibility promise.
 */
package dev.ferry.copy;
