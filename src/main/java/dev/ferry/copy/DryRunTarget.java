package dev.ferry.copy;

import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import dev.ferry.rows.TargetWriter;
import java.util.Map;
import java.util.Optional;

/** Counts what would be written and writes nothing: the target of {@code --dry-run}. */
final class DryRunTarget implements TargetWriter {

  private final String description;

  DryRunTarget(String description) {
    this.description = description;
  }

  @Override
  public String describe() {
    return description + " (dry run: nothing written)";
  }

  @Override
  public Optional<String> unfinishedRun(String planFingerprint) {
    return Optional.empty();
  }

  @Override
  public Optional<String> planOf(String runId) {
    return Optional.empty();
  }

  @Override
  public Map<String, Checkpoint> checkpoints(String runId) {
    return Map.of();
  }

  @Override
  public void beginRun(RunHeader run) {}

  @Override
  public void verifyDone(TablePlan table, Checkpoint checkpoint) {}

  @Override
  public TableWriter open(TablePlan table, Checkpoint from) {
    return new TableWriter() {
      @Override
      public void write(Chunk chunk) {}

      @Override
      public void finish() {}

      @Override
      public void close() {}
    };
  }

  @Override
  public void endRun(RunHeader run, String status) {}

  @Override
  public void close() {}
}
