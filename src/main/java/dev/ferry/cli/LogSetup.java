package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.ferry.error.Redactor;

/**
 * Logback's configuration, in code rather than logback.xml: parsing the XML cost half a second of
 * every start. Logs go to stderr so that stdout carries only a command's own output; WARN and
 * above unless {@code --verbose} ({@link Main#configureLogging}). Every line, with the stack trace
 * of a logged exception, is {@linkplain Redactor#scrub scrubbed} of credentials: drivers log
 * through the same appender. Found by logback through META-INF/services.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%logger{0}] %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern(PATTERN);
    pattern.start();
    Scrubbed layout = new Scrubbed(pattern);
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    context.getLogger("dev.ferry").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Lays out every following log line of the console appender as JSON ({@link JsonLogLayout}) or
   * as text (the default pattern); {@code ferry sync --log-format}.
   */
  static void useJson(boolean json) {
    LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    var appender = (ConsoleAppender<ILoggingEvent>)
        context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    if (appender == null) {
      return;
    }
    LayoutBase<ILoggingEvent> layout;
    if (json) {
      layout = new JsonLogLayout();
    } else {
      PatternLayout pattern = new PatternLayout();
      pattern.setContext(context);
      pattern.setPattern(PATTERN);
      pattern.start();
      layout = new Scrubbed(pattern);
    }
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    appender.setEncoder(encoder);
  }

  /** A layout that scrubs what another one lays out, the exception's stack trace included. */
  static final class Scrubbed extends LayoutBase<ILoggingEvent> {
    private final PatternLayout inner;

    Scrubbed(PatternLayout inner) {
      this.inner = inner;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
      return Redactor.scrub(inner.doLayout(event));
    }
  }
}
