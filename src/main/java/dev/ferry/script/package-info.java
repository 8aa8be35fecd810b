/**
 * SQL scripts for environments that accept changes only as reviewed scripts run by someone else:
 * INSERT scripts written by {@link dev.ferry.script.ScriptTarget} behind the same pipeline as a
 * copy, and rerun-safe UPDATE remap scripts (with their inverse and a dry-run listing) written by
 * {@link dev.ferry.script.RemapScripts}. Literals and statements differ per target dialect as data
 * ({@link dev.ferry.script.SqlLiterals}, {@link dev.ferry.script.ScriptDialect}). Internal: no
 * compatibility promise beyond the documented files.
 */
package dev.ferry.script;
