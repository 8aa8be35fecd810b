package dev.ferry.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded {@code sync.yaml} (docs/sync.md): its jobs, in file order.
 *
 * @param file the file it was read from, for messages
 * @param jobs the jobs, at least one, their names distinct
 * @param reports where each cycle's {@code run-report.json} goes: {@code
 *     <reports>/<job>/<cycle start>}
 */
public record SyncConfig(Path file, List<SyncJob> jobs, Path reports) {

  public SyncConfig {
    jobs = List.copyOf(jobs);
  }

  /** The job of that name. */
  public Optional<SyncJob> job(String name) {
    return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
  }
}
