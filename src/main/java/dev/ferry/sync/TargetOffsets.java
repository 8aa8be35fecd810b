package dev.ferry.sync;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium's offset store for a job's stream, kept in the job's target ({@code sync_offsets},
 * {@link CdcPositions}) rather than in a local file, so that a stream restarted on another node,
 * or after its machine was lost, resumes from what the target holds. The engine hands offsets
 * over only for changes a batch applied and committed to the target; PostgreSQL's slot is told
 * the LSN is flushed only after they are stored here.
 */
public final class TargetOffsets extends MemoryOffsetBackingStore {

  /** The engine property naming the job whose target holds the offsets. */
  static final String JOB = "offset.storage.ferry.job";
  private static final Map<String, ConnectionSpec> TARGETS = new ConcurrentHashMap<>();

  private String job;
  private ConnectionSpec target;

  /** Called by the engine, by name. */
  public TargetOffsets() {}

  /** Registers where a job's offsets live, before its engine starts. */
  static void register(String job, ConnectionSpec target) {
    TARGETS.put(job, target);
  }

  @Override
  public void configure(WorkerConfig config) {
    super.configure(config);
    job = String.valueOf(config.originals().get(JOB));
    target = TARGETS.get(job);
    if (target == null) {
      throw new IllegalStateException("no target registered for job " + job);
    }
  }

  @Override
  public synchronized void start() {
    super.start();
    Dialect dialect = Dialects.forUrl(target.url());
    try (Connection c = Connections.open(target, dialect, false)) {
      c.setAutoCommit(true);
      for (Map.Entry<String, String> e : CdcPositions.offsets(c, dialect, job).entrySet()) {
        data.put(bytes(e.getKey()), e.getValue() == null ? null : bytes(e.getValue()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the stream's offsets from the target failed: "
          + e.getMessage(), e);
    }
  }

  @Override
  protected void save() {
    Map<String, String> offsets = new HashMap<>();
    data.forEach((k, v) -> offsets.put(CdcPositions.text(k), CdcPositions.text(v)));
    Dialect dialect = Dialects.forUrl(target.url());
    try (Connection c = Connections.open(target, dialect, false)) {
      CdcPositions.saveOffsets(c, dialect, job, offsets);
    } catch (SQLException e) {
      throw new IllegalStateException("storing the stream's offsets in the target failed: "
          + e.getMessage(), e);
    }
  }

  @Override
  public Set<Map<String, Object>> connectorPartitions(String connectorName) {
    return Set.of();
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
