package dev.ferry.api;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A job's {@code cron:} schedule (docs/sync.md): a Unix cron expression of five fields (minute,
 * hour, day of month, month, day of week), read in UTC, parsed by cron-utils.
 */
public final class CronSchedule {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String expression;
  private final ExecutionTime times;

  private CronSchedule(String expression, Cron cron) {
    this.expression = expression;
    this.times = ExecutionTime.forCron(cron);
  }

  /**
   * Parses a Unix cron expression.
   *
   * @throws IllegalArgumentException when it is not one, with what is wrong
   */
  public static CronSchedule parse(String expression) {
    String text = expression == null ? "" : expression.strip();
    if (text.split("\\s+").length != 5) {
      throw new IllegalArgumentException("a cron expression has five fields (minute hour"
          + " day-of-month month day-of-week), e.g. '*/5 * * * *'");
    }
    try {
      CronSchedule schedule = new CronSchedule(text, PARSER.parse(text).validate());
      if (schedule.times.nextExecution(ZonedDateTime.now(ZoneOffset.UTC)).isEmpty()) {
        throw new IllegalArgumentException("it matches no date (a day the month never has?)");
      }
      return schedule;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() == null ? "not a cron expression"
          : e.getMessage());
    }
  }

  /** The first time strictly after {@code after} that the expression matches (UTC). */
  public Instant next(Instant after) {
    Optional<ZonedDateTime> next = times.nextExecution(after.atZone(ZoneOffset.UTC));
    return next.map(ZonedDateTime::toInstant).orElseThrow(() -> new IllegalStateException(
        "cron '" + expression + "' matches no time after " + after));
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression;
  }
}
