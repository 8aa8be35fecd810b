/**
 * {@code ferry consolidate}: many tenant databases into one target, each tenant a copy of its
 * own (docs/consolidate.md). Internal: no compatibility promise.
 */
package dev.ferry.consolidate;
