/**
 * {@code ferry sync}: jobs that keep a target in step with a source, a cycle at a time (a copy
 * under the job's merge modes), recorded in the target's {@code sync_cycles}; the service that
 * runs them on their schedules with retries, health and metrics over HTTP. Internal: no
 * compatibility promise.
 */
package dev.ferry.sync;
