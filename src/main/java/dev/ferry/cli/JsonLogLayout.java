package dev.ferry.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.error.Redactor;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * One log event as one line of JSON (docs/sync.md, "Logs"): {@code timestamp} (ISO-8601 UTC),
 * {@code level}, {@code logger}, {@code thread}, {@code message}, the MDC's {@code job} and
 * {@code cycle} where set, and {@code exception} (the stack trace) when one was logged. The
 * message and the stack trace are {@linkplain Redactor#scrub scrubbed} before they are written
 * as JSON strings, so that a mask never breaks a line's escaping.
 */
final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String doLayout(ILoggingEvent event) {
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", Redactor.scrub(event.getFormattedMessage()));
      Map<String, String> mdc = event.getMDCPropertyMap();
      for (String key : new String[] {"job", "cycle"}) {
        String value = mdc == null ? null : mdc.get(key);
        if (value != null) {
          json.writeStringField(key, Redactor.scrub(value));
        }
      }
      if (event.getThrowableProxy() != null) {
        json.writeStringField("exception",
            Redactor.scrub(ThrowableProxyUtil.asString(event.getThrowableProxy())));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return line + CoreConstants.LINE_SEPARATOR;
  }
}
