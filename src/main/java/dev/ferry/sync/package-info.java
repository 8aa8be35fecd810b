/**
 * {@code ferry sync}: jobs that keep a target in step with a source, a cycle at a time (a copy
 * under the job's merge modes, a watermarked table read only where it changed), recorded in the
 * target's {@code sync_cycles} with its watermarks; the service that runs them on their
 * schedules with retries, health and metrics over HTTP, each job in the one process holding its
 * leader lock. Internal: no compatibility promise.
 */
package dev.ferry.sync;
