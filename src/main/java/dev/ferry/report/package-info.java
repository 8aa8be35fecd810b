/** Artifacts and their deterministic writing. Internal: no compatibility promise. */
package dev.ferry.report;
