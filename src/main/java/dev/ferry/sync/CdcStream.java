package dev.ferry.sync;

import dev.ferry.api.CycleOutcome;
import dev.ferry.api.SyncJob;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.Redactor;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's change data capture (docs/sync.md, "Change data capture"): the slot created before
 * the initial full cycle, then Debezium's embedded engine streaming the slot, each batch the
 * engine hands over applied by {@link CdcApply} before the engine is told it was processed (so
 * its offsets, in the target, and the slot's confirmed flush LSN only move past changes the
 * target committed). {@link #stop} lets the batch in flight commit and starts no other.
 */
final class CdcStream implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

  private static final Logger LOG = LoggerFactory.getLogger(CdcStream.class);

  /** What the stream tells the service: a batch applied. */
  interface Listener {
    void applied(SyncJob job, int events, CdcApply.Applied applied, Duration lag);

    /** The stream stopped by itself: the problem, to report until it runs again. */
    void down(SyncJob job, String problem);
  }

  private final SyncJob job;
  private final SyncCycle cycle;
  private final CdcApply apply;
  private final Listener listener;
  private final ReentrantLock batch = new ReentrantLock();
  private volatile boolean stopping;
  private volatile boolean running;
  private volatile String problem;
  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private ExecutorService thread;

  CdcStream(SyncJob job, SyncCycle cycle, CdcApply apply, Listener listener) {
    this.job = job;
    this.cycle = cycle;
    this.apply = apply;
    this.listener = listener;
  }

  /** Whether the engine streams now. */
  boolean running() {
    return running;
  }

  /** Why the stream is down; null while it runs or before it started. */
  String problem() {
    return problem;
  }

  /** Records why the stream could not start: it is down until a start succeeds. */
  void failed(String why) {
    problem = why;
  }

  /**
   * Starts the stream: the slot and publication checked or created, the initial full cycle
   * where the target holds no position of the job (or the slot is new), then the engine.
   *
   * @return the initial cycle's outcome; null when none ran
   * @throws FerryException when the source cannot be captured or the initial cycle failed
   */
  synchronized CycleOutcome start() throws SQLException {
    boolean binlog = CdcBinlog.serves(job);
    CdcBinlog.Start before = binlog ? CdcBinlog.prepare(job) : null;
    boolean newSlot = !binlog && CdcSource.prepare(job);
    Dialect dialect = Dialects.forUrl(job.target().url());
    CdcPositions.Position position;
    boolean lost = false;
    try (Connection c = Connections.open(job.target(), dialect, false)) {
      CdcPositions.create(c, dialect);
      position = CdcPositions.position(c, dialect, job.name());
      if (binlog && position != null) {
        // a binlog purged past the stored offsets: the changes between are gone, as with a
        // slot dropped
        lost = !CdcBinlog.holds(job, CdcPositions.offsets(c, dialect, job.name()));
      }
    }
    CycleOutcome initial = null;
    if (position == null || newSlot || lost) {
      // after the slot (the binlog position): a change the cycle misses is in the stream, one
      // it saw is merged again
      initial = cycle.run(job);
      if (!initial.ok()) {
        throw new FerryException(initial.exitCode() == 4 ? ErrorCode.REFUSED
            : initial.exitCode() == 2 ? ErrorCode.CONNECTION : ErrorCode.UNEXPECTED, "job '"
            + job.name() + "': the initial cycle of capture: cdc ended " + initial.status()
            + ": " + initial.message());
      }
      try (Connection c = Connections.open(job.target(), dialect, false)) {
        c.setAutoCommit(false);
        CdcPositions.save(c, dialect, job.name(), new CdcPositions.Position("initial-cycle", 0,
            now()), null);
        c.commit();
      }
    }
    try (Connection c = Connections.open(job.target(), dialect, false)) {
      if (binlog) {
        if (initial != null) {
          CdcPositions.saveOffsets(c, dialect, job.name(), CdcBinlog.offsetsAt(job, before.at()));
        }
      } else if (newSlot || CdcPositions.offsets(c, dialect, job.name()).isEmpty()) {
        // the stream's start, stated rather than left to the engine's choice without offsets:
        // the slot's position, from before the initial cycle
        CdcPositions.saveOffsets(c, dialect, job.name(),
            CdcSource.offsetsAt(job, CdcSource.confirmedFlush(job)));
      }
    }
    TargetOffsets.register(job.name(), job.target());
    stopping = false;
    problem = null;
    engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
        .using(binlog ? CdcBinlog.engine(job, before.tables()) : CdcSource.engine(job))
        .using((success, message, error) -> {
          running = false;
          if (!stopping) {
            problem = "stream down: " + Redactor.scrub(error != null ? error.getMessage()
                : message);
            LOG.warn("job {}: {}", job.name(), problem);
            listener.down(job, problem);
          }
        })
        .notifying(this)
        .build();
    thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ferry-cdc-" + job.name());
      t.setDaemon(true);
      return t;
    });
    running = true;
    thread.execute(engine);
    LOG.info("job {}: streaming from {} {}", job.name(), binlog ? "the binlog as" : "slot",
        CdcSource.slotName(job));
    return initial;
  }

  @Override
  public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    batch.lock();
    try {
      if (stopping) {
        return;
      }
      List<CdcApply.Change> changes = new ArrayList<>();
      long oldest = Long.MAX_VALUE;
      long lsn = -1;
      String file = null;
      for (RecordChangeEvent<SourceRecord> event : records) {
        SourceRecord r = event.record();
        if (!(r.value() instanceof Struct value) || value.schema().field("op") == null
            || value.schema().field("source") == null) {
          continue;
        }
        Struct source = value.getStruct("source");
        // PostgreSQL names the schema, MariaDB the database (ferry's schema of a table there)
        TableName table = new TableName(source.getString(source.schema().field("schema") != null
            ? "schema" : "db"), source.getString("table"));
        if (!(r.key() instanceof Struct key)) {
          throw new FerryException(ErrorCode.REFUSED, "job '" + job.name() + "': "
              + table.qualified() + " has no primary key, so its changes name no row: capture"
              + " tables with a primary key, or exclude it from the job");
        }
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Field f : key.schema().fields()) {
          columns.add(f.name());
          values.add(key.get(f));
        }
        changes.add(new CdcApply.Change(table, columns, values));
        Long ts = source.getInt64("ts_ms");
        oldest = ts == null ? oldest : Math.min(oldest, ts);
        if (source.schema().field("lsn") != null) {
          Long at = source.getInt64("lsn");
          lsn = at == null ? lsn : Math.max(lsn, at);
        } else if (source.schema().field("file") != null) {
          file = source.getString("file") + ":" + source.getInt64("pos");
        }
      }
      CdcApply.Applied applied = new CdcApply.Applied(SyncCycle.none(), 0);
      Instant sourceAt = oldest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(oldest);
      if (!changes.isEmpty()) {
        applied = apply.apply(changes, new CdcPositions.Position(file != null ? file : lsn(lsn),
            changes.size(), now()), sourceAt);
      }
      Duration lag = sourceAt == null ? null : Duration.between(sourceAt, Instant.now());
      listener.applied(job, changes.size(), applied, lag);
      for (RecordChangeEvent<SourceRecord> event : records) {
        committer.markProcessed(event);
      }
      committer.markBatchFinished();
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.CONNECTION, "job '" + job.name() + "': applying a"
          + " batch of changes failed: " + Redactor.scrub(e.getMessage()), e);
    } finally {
      batch.unlock();
    }
  }

  /**
   * Stops: the batch in flight (if any) commits, no other starts, the engine closes within
   * {@code timeout}.
   */
  synchronized void stop(Duration timeout) {
    batch.lock();
    try {
      stopping = true;
    } finally {
      batch.unlock();
    }
    if (engine == null) {
      return;
    }
    try {
      engine.close();
    } catch (IOException e) {
      LOG.warn("job {}: closing the stream: {}", job.name(), e.getMessage());
    }
    thread.shutdown();
    try {
      thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
    engine = null;
  }

  /** PostgreSQL's text of an LSN: {@code 16/B374D848}. */
  static String lsn(long lsn) {
    return lsn < 0 ? "unknown" : Long.toHexString(lsn >>> 32).toUpperCase() + "/"
        + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
