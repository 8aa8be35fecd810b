/**
 * The one exception ferry throws ({@link dev.ferry.error.FerryException}), its exit codes ({@link
 * dev.ferry.error.ErrorCode}) and the masking of secrets in every message ({@link
 * dev.ferry.error.Redactor}). The lowest layer: it imports nothing of ferry's, so every package can
 * throw without passing through the public API.
 */
package dev.ferry.error;
