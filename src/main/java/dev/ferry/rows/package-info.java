/**
 * The seams every pipeline stage meets at, and the values that travel through them: {@link
 * dev.ferry.rows.SourceReader} and {@link dev.ferry.rows.TargetWriter} with their chunks and
 * cursors, the per-table plan ({@link dev.ferry.rows.TablePlan}, {@link dev.ferry.rows.CopyColumn},
 * {@link dev.ferry.rows.ValueKind}), checkpoints, the COPY text stream and the one rule of value
 * equality ({@link dev.ferry.rows.SameValue}). Copy, verify, script and identity build on this
 * package; it knows none of them.
 */
package dev.ferry.rows;
