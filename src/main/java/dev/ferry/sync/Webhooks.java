package dev.ferry.sync;

import dev.ferry.api.CycleOutcome;
import dev.ferry.api.SyncJob;
import dev.ferry.error.Redactor;
import dev.ferry.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's webhook (docs/sync.md, "Webhook"): counts the job's failed attempts in a row and POSTs
 * {@code failing} once when they reach the webhook's {@code after-failures}, and {@code
 * recovered} once at the next attempt that ends clean. The call happens on the job's thread,
 * bounded by {@link #CONNECT} and {@link #ANSWER}; one that fails is logged and counted, never
 * stopping the job. The URL appears in logs without its user-info and query.
 */
final class Webhooks implements Attempts.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  /** The longest wait for a connection to the webhook. */
  static final Duration CONNECT = Duration.ofSeconds(5);
  /** The longest wait for the webhook's answer. */
  static final Duration ANSWER = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Consumer<SyncJob> failed;

  /** @param failed told of each webhook call that failed (the metrics count it) */
  Webhooks(Consumer<SyncJob> failed) {
    this.failed = failed;
  }

  @Override
  public void attempted(SyncJob job, CycleOutcome outcome, Duration took) {
    SyncJob.Webhook hook = job.webhook();
    if (hook == null || "standby".equals(outcome.status())) {
      // a job another process leads neither fails nor recovers here
      return;
    }
    if (outcome.ok()) {
      Integer before = failures.put(job.name(), 0);
      if (before != null && before >= hook.afterFailures()) {
        post(job, hook, "recovered", outcome, before);
      }
      return;
    }
    int row = failures.merge(job.name(), 1, Integer::sum);
    if (row == hook.afterFailures()) {
      post(job, hook, "failing", outcome, row);
    }
  }

  private void post(SyncJob job, SyncJob.Webhook hook, String status, CycleOutcome outcome,
      int row) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("job", job.name());
    body.put("status", status);
    body.put("cycleId", outcome.cycleId());
    body.put("consecutiveFailures", row);
    body.put("cycleStatus", outcome.status());
    body.put("message", outcome.message() == null ? null : Redactor.scrub(outcome.message()));
    body.put("at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    URI url = hook.url();
    HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(url)).timeout(ANSWER)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.compact(body), StandardCharsets.UTF_8));
    if (url.getRawUserInfo() != null) {
      String userInfo = URLDecoder.decode(url.getRawUserInfo().replace("+", "%2B"),
          StandardCharsets.UTF_8);
      int colon = userInfo.indexOf(':');
      Redactor.remember(colon < 0 ? null : userInfo.substring(colon + 1));
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          userInfo.getBytes(StandardCharsets.UTF_8)));
    }
    String where = shown(url);
    try {
      HttpResponse<Void> answer = http.send(request.build(),
          HttpResponse.BodyHandlers.discarding());
      if (answer.statusCode() / 100 == 2) {
        LOG.info("job {}: webhook {} told: {}", job.name(), where, status);
        return;
      }
      LOG.warn("job {}: webhook {} answered HTTP {} to '{}'; the job goes on", job.name(), where,
          answer.statusCode(), status);
    } catch (IOException e) {
      LOG.warn("job {}: webhook {} could not be told '{}' ({}); the job goes on", job.name(),
          where, status, Redactor.scrub(String.valueOf(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("job {}: webhook {} not told '{}': stopping", job.name(), where, status);
    }
    failed.accept(job);
  }

  /** The URL as a log may show it: scheme, host, port and path, no user-info, no query. */
  static String shown(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? ""
        : ":" + url.getPort()) + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  private static URI withoutUserInfo(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    String text = url.toString();
    return URI.create(text.replaceFirst("//\\Q" + url.getRawUserInfo() + "\\E@", "//"));
  }
}
