package dev.ferry.api;

import dev.ferry.catalog.TableFilter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One job of {@code sync.yaml} (docs/sync.md): what one cycle copies from where to where, how
 * often, and how a failing cycle is retried. A cycle is a copy under the job's merge modes, so a
 * cycle that finds nothing changed writes no row.
 *
 * @param name the job's name: letters, digits, '_', '.' or '-'
 * @param where where the job is given, for messages: {@code sync.yaml:7}
 * @param source the database a cycle reads
 * @param target the database a cycle merges into; its state schema records the cycles
 * @param filter the tables a cycle copies ({@code include:} and {@code exclude:})
 * @param merge the merge mode of every table without its own ({@code merge:}; default {@code
 *     update})
 * @param keys the key policy of every table without its own ({@code keys:}); null: {@code
 *     preserve}
 * @param tables single tables' merge modes and key policies ({@code tables:}, as {@code
 *     ferry.yaml}'s)
 * @param rowFilters single tables' {@code where:} and {@code keys-file:}
 * @param interval the time from the start of one cycle to the start of the next
 * @param batchSize rows per chunk: read, written and committed together with its checkpoint
 * @param retry how a failing cycle is tried again
 * @param watermarks the tables a cycle reads only the rows of that changed since the last
 *     successful cycle, by a column that grows with each change ({@code watermark:})
 * @param webhook where to tell that the job keeps failing or recovered; null for nowhere
 * @param cron when the job's cycles start, instead of every {@code interval}; null for the
 *     interval
 * @param capture change data capture instead of scheduled cycles ({@code capture: cdc}); null
 *     for cycles
 * @param both whether each cycle also copies the target into the source after it copied the
 *     source into the target ({@code direction: both}), each side's newer row winning
 * @param deletes the tables whose target rows the source lacks each cycle deletes ({@code
 *     deletes: true})
 * @param winner under {@code both}, the side whose changes prevail over the other's, or none
 *     ({@code winner:}); null: the newer row wins
 */
public record SyncJob(String name, String where, ConnectionSpec source, ConnectionSpec target,
    TableFilter filter, MergeMode merge, KeyPolicy keys, List<CopyOptions.TableMerge> tables,
    List<CopyOptions.RowFilter> rowFilters, Duration interval, int batchSize, Retry retry,
    List<Watermark> watermarks, Webhook webhook, CronSchedule cron, Capture capture,
    boolean both, List<Deletes> deletes, Winner winner) {

  /** The default time between cycles: a minute. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  public SyncJob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    filter = filter == null ? TableFilter.all() : filter;
    merge = merge == null ? MergeMode.UPDATE : merge;
    tables = tables == null ? List.of() : List.copyOf(tables);
    rowFilters = rowFilters == null ? List.of() : List.copyOf(rowFilters);
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    retry = retry == null ? Retry.DEFAULT : retry;
    watermarks = watermarks == null ? List.of() : List.copyOf(watermarks);
    deletes = deletes == null ? List.of() : List.copyOf(deletes);
  }

  /** A job whose newer rows win both ways. */
  public SyncJob(String name, String where, ConnectionSpec source, ConnectionSpec target,
      TableFilter filter, MergeMode merge, KeyPolicy keys, List<CopyOptions.TableMerge> tables,
      List<CopyOptions.RowFilter> rowFilters, Duration interval, int batchSize, Retry retry,
      List<Watermark> watermarks, Webhook webhook, CronSchedule cron, Capture capture,
      boolean both, List<Deletes> deletes) {
    this(name, where, source, target, filter, merge, keys, tables, rowFilters, interval,
        batchSize, retry, watermarks, webhook, cron, capture, both, deletes, null);
  }

  /**
   * What a job of both directions does with a row changed on both sides since the last cycle
   * (docs/sync.md, "Direction"): it ends as one side has it, or it is a conflict for an
   * operator, written neither way.
   *
   * @param side {@link Side#SOURCE} or {@link Side#TARGET} ({@code winner: source}, {@code
   *     target}), {@link Side#NONE} ({@code winner: none}); of a half: {@link Side#SOURCE}, the
   *     side the half reads wins, {@link Side#NONE}, the conflict is recorded, or {@link
   *     Side#KEPT}, the target's row is kept (a conflict the first half recorded)
   * @param where where {@code winner:} was given, for messages: {@code sync.yaml:9}
   */
  public record Winner(Side side, String where) {

    /** See {@link Winner}. */
    public enum Side { SOURCE, TARGET, NONE, KEPT }
  }

  /** A job whose cycles delete nothing. */
  public SyncJob(String name, String where, ConnectionSpec source, ConnectionSpec target,
      TableFilter filter, MergeMode merge, KeyPolicy keys, List<CopyOptions.TableMerge> tables,
      List<CopyOptions.RowFilter> rowFilters, Duration interval, int batchSize, Retry retry,
      List<Watermark> watermarks, Webhook webhook, CronSchedule cron, Capture capture,
      boolean both) {
    this(name, where, source, target, filter, merge, keys, tables, rowFilters, interval,
        batchSize, retry, watermarks, webhook, cron, capture, both, List.of());
  }

  /** A job of one direction, source into target. */
  public SyncJob(String name, String where, ConnectionSpec source, ConnectionSpec target,
      TableFilter filter, MergeMode merge, KeyPolicy keys, List<CopyOptions.TableMerge> tables,
      List<CopyOptions.RowFilter> rowFilters, Duration interval, int batchSize, Retry retry,
      List<Watermark> watermarks, Webhook webhook, CronSchedule cron, Capture capture) {
    this(name, where, source, target, filter, merge, keys, tables, rowFilters, interval,
        batchSize, retry, watermarks, webhook, cron, capture, false);
  }

  /**
   * The job's copy of one direction: the source into the target, or, reversed, back; its
   * {@link #winner} the side it reads where that side wins, else none.
   */
  public SyncJob half(boolean reversed) {
    Winner reads = winner == null ? null
        : winner.side() == Winner.Side.NONE ? new Winner(reversed ? Winner.Side.KEPT
            : Winner.Side.NONE, winner.where())
        : (winner.side() == Winner.Side.SOURCE) != reversed
            ? new Winner(Winner.Side.SOURCE, winner.where()) : null;
    return new SyncJob(name, where, reversed ? target : source, reversed ? source : target,
        filter, merge, keys, tables, rowFilters, interval, batchSize, retry, watermarks, webhook,
        cron, capture, false, deletes, reads);
  }

  /** A job of scheduled cycles, without change data capture. */
  public SyncJob(String name, String where, ConnectionSpec source, ConnectionSpec target,
      TableFilter filter, MergeMode merge, KeyPolicy keys, List<CopyOptions.TableMerge> tables,
      List<CopyOptions.RowFilter> rowFilters, Duration interval, int batchSize, Retry retry,
      List<Watermark> watermarks, Webhook webhook, CronSchedule cron) {
    this(name, where, source, target, filter, merge, keys, tables, rowFilters, interval,
        batchSize, retry, watermarks, webhook, cron, null);
  }

  /**
   * Change data capture (docs/sync.md, "Change data capture"): after one full cycle, the
   * source's changes streamed from its log and applied in batches of at most {@code events}
   * changes or {@code wait}, whichever comes first.
   *
   * @param events the most changes one batch applies
   * @param batchWait the longest a change waits for its batch to fill
   * @param deletes whether a row deleted on the source is deleted from the target
   * @param where where {@code capture:} was given, for messages: {@code sync.yaml:12}
   */
  public record Capture(int events, Duration batchWait, boolean deletes, String where) {

    /** Changes per batch when none is given. */
    public static final int DEFAULT_EVENTS = 1000;
    /** The longest wait for a batch when none is given. */
    public static final Duration DEFAULT_WAIT = Duration.ofMillis(500);
  }

  /** A job without watermarks: every cycle reads every row of its tables. */
  public SyncJob(String name, String where, ConnectionSpec source, ConnectionSpec target,
      TableFilter filter, MergeMode merge, KeyPolicy keys, List<CopyOptions.TableMerge> tables,
      List<CopyOptions.RowFilter> rowFilters, Duration interval, int batchSize, Retry retry) {
    this(name, where, source, target, filter, merge, keys, tables, rowFilters, interval,
        batchSize, retry, List.of(), null, null, null);
  }

  /**
   * The HTTP endpoint told when the job keeps failing and when it recovers (docs/sync.md,
   * "Webhook"): a POST once the job's attempts have failed {@code afterFailures} times in a
   * row, and one more at its next clean cycle after that.
   *
   * @param url an http or https URL; a user-info part is sent as basic authentication
   * @param afterFailures consecutive failed attempts that make the job {@code failing}
   * @param where where the webhook was given, for messages: {@code sync.yaml:12}
   */
  public record Webhook(java.net.URI url, int afterFailures, String where) {

    /** Consecutive failed attempts before the webhook is called when none is given. */
    public static final int DEFAULT_AFTER_FAILURES = 3;
  }

  /**
   * A table read by its watermark (docs/sync.md, "Watermarks"): a cycle reads only the rows
   * whose {@code column} is greater than the high-water mark of the last successful cycle less
   * the overlap.
   *
   * @param table the table's name as {@code --include} takes it, qualified or not
   * @param column a timestamp, date or number column that every change of a row raises
   * @param overlapTime how far before the mark a timestamp or date column is read again
   *     ({@code watermark-overlap: 5s}); null when not given (5 seconds)
   * @param overlapNumber how far below the mark a number column is read again ({@code
   *     watermark-overlap: 10}); null when not given (0)
   * @param where where the watermark was given, for messages: {@code sync.yaml:12}
   */
  public record Watermark(String table, String column, Duration overlapTime,
      java.math.BigDecimal overlapNumber, String where) {

    /** The overlap of a timestamp column when none is given. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofSeconds(5);

    /** Whether the entry names a table, as --include would (qualified or not, any case). */
    public boolean names(dev.ferry.catalog.TableName name) {
      String subject = table.contains(".") ? name.qualified() : name.name();
      return subject.equalsIgnoreCase(table);
    }
  }

  /**
   * A table whose target rows the source lacks each cycle deletes (docs/sync.md, "Deletes"),
   * after the cycle's copy, children before parents.
   *
   * @param table the table's name as {@code --include} takes it, qualified or not
   * @param where where {@code deletes: true} was given, for messages: {@code sync.yaml:12}
   */
  public record Deletes(String table, String where) {

    /** Whether the entry names a table, as --include would (qualified or not, any case). */
    public boolean names(dev.ferry.catalog.TableName name) {
      String subject = table.contains(".") ? name.qualified() : name.name();
      return subject.equalsIgnoreCase(table);
    }
  }

  /**
   * How a failing cycle is tried again: after {@code backoff}, then twice as long, and so on,
   * each wait plus up to half of it at random (jitter), until {@code maxAttempts} attempts of the
   * cycle have failed; the next cycle then starts on the job's schedule.
   *
   * @param maxAttempts attempts of one cycle, the first included (at least 1)
   * @param backoff the wait before the second attempt
   */
  public record Retry(int maxAttempts, Duration backoff) {

    /** Three attempts, the second after a second. */
    public static final Retry DEFAULT = new Retry(3, Duration.ofSeconds(1));

    /** The wait before attempt {@code attempt} (2 or more), without jitter. */
    public Duration delayBefore(int attempt) {
      long factor = 1L << Math.min(20, Math.max(0, attempt - 2));
      return backoff.multipliedBy(factor);
    }
  }
}
