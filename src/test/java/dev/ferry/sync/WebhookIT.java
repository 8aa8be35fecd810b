package dev.ferry.sync;

import static dev.ferry.sync.SyncDatabases.config;
import static dev.ferry.sync.SyncDatabases.cycles;
import static dev.ferry.sync.SyncDatabases.job;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.Ferry;
import dev.ferry.endpoint.SyncLoader;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A job's webhook (docs/sync.md, "Webhook"), against a real local HTTP receiver: a job whose
 * source does not answer calls it once as {@code failing} after its failed attempts in a row, and
 * once as {@code recovered} when the source answers again; a webhook that cannot be reached is
 * logged and counted, and its job goes on; no secret in a body or a log line.
 */
class WebhookIT {

  static final long TIMEOUT_MS = 120_000;

  @TempDir Path dir;

  @Test
  void aFailingJobCallsItsWebhookOnceAndOnceMoreWhenItRecovers() throws Exception {
    // given: the source behind a gate that first drops every connection
    TestDatabase source = SyncDatabases.source("postgres");
    TestDatabase target = SyncDatabases.target("postgres");
    List<String> bodies = new CopyOnWriteArrayList<>();
    List<String> auth = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/ferry", exchange -> {
      bodies.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    int closed;
    try (ServerSocket free = new ServerSocket(0)) {
      closed = free.getLocalPort();
    }
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    ch.qos.logback.classic.Logger hooks =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Webhooks.class);
    log.start();
    hooks.addAppender(log);
    ch.qos.logback.classic.Level level = hooks.getLevel();
    hooks.setLevel(ch.qos.logback.classic.Level.INFO);
    String retry = "    interval: 200ms\n    retry: {max-attempts: 1, backoff: 100ms}\n";
    SyncService service = null;
    try (Gate gate = new Gate(source.url())) {
      Path file = config(dir, job("crm", gate.url(), target, retry
          + "    webhook: {url: 'http://ops:Hook-pass-9@127.0.0.1:" + receiver.getAddress()
          .getPort() + "/ferry?token=Hook-token-5', after-failures: 3}\n")
          + job("lost", "jdbc:postgresql://127.0.0.1:1/nothing", target, retry
          + "    webhook: {url: 'http://127.0.0.1:" + closed + "/x?token=Lost-token-4',"
          + " after-failures: 1}\n"));
      service = Ferry.syncService(new SyncLoader().load(file), null, 0);
      int port = service.start();

      // when: the source does not answer for three attempts and then some
      await("the failing call", () -> bodies.size() >= 1);
      await("three more failed attempts", () -> metric(port, "ferry_sync_errors_total",
          "crm") >= 6);
      List<String> whileDown = List.copyOf(bodies);
      gate.open = true;
      await("the recovered call", () -> bodies.stream()
          .anyMatch(b -> b.contains("\"status\":\"recovered\"")));
      // the state table exists once the recovered call came: a clean cycle recorded it
      await("another clean cycle", () -> cycles(target, "crm").size() >= 2);

      // then: failing once after the third failure in a row, recovered once
      assertThat(whileDown).hasSize(1);
      assertThat(bodies).hasSize(2);
      JsonNode failing = body(bodies.get(0));
      assertThat(failing.path("job").asText()).isEqualTo("crm");
      assertThat(failing.path("status").asText()).isEqualTo("failing");
      assertThat(failing.path("consecutiveFailures").asInt()).isEqualTo(3);
      assertThat(failing.path("cycleId").asText()).isNotBlank();
      assertThat(failing.path("message").asText()).contains("127.0.0.1:" + gate.port());
      JsonNode recovered = body(bodies.get(1));
      assertThat(recovered.path("status").asText()).isEqualTo("recovered");
      assertThat(recovered.path("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(6);
      assertThat(recovered.path("cycleId").asText()).isNotBlank()
          .isNotEqualTo(failing.path("cycleId").asText());
      assertThat(recovered.has("message")).as("no message: the cycle was clean").isFalse();
      assertThat(bodies.get(0)).startsWith("POST /ferry?token=Hook-token-5 ");
      assertThat(auth).containsOnly("Basic " + Base64.getEncoder().encodeToString(
          "ops:Hook-pass-9".getBytes(StandardCharsets.UTF_8)));
      // the unreachable webhook: counted and logged, its job still attempted
      assertThat(metric(port, "ferry_sync_webhook_failures_total", "lost")).isEqualTo(1.0);
      assertThat(metric(port, "ferry_sync_webhook_failures_total", "crm")).isZero();
      assertThat(metric(port, "ferry_sync_errors_total", "lost")).isGreaterThan(1.0);
      String lines = String.join("\n", log.list.stream()
          .map(ILoggingEvent::getFormattedMessage).toList());
      assertThat(lines).contains("job lost: webhook http://127.0.0.1:" + closed + "/x could not"
          + " be told 'failing'").contains("job crm: webhook http://127.0.0.1:"
          + receiver.getAddress().getPort() + "/ferry told: recovered");
      assertThat(lines + String.join("\n", bodies)).doesNotContain("Hook-pass-9",
          "Lost-token-4", SyncDatabases.PASSWORD);
      assertThat(lines).doesNotContain("Hook-token-5");
    } finally {
      if (service != null) {
        service.stop(Duration.ofSeconds(30));
      }
      receiver.stop(0);
      hooks.detachAppender(log);
      hooks.setLevel(level);
    }
  }

  private static JsonNode body(String request) throws IOException {
    return Json.mapper().readTree(request.substring(request.indexOf('{')));
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (!done.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static double metric(int port, String name, String job) {
    try {
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return SyncServiceIT.value(metrics, name, job, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A TCP gate in front of a database: closed, it drops each connection at once (the database
   * does not answer); open, it forwards each one to the database.
   */
  static final class Gate implements AutoCloseable {
    private static final Pattern HOST = Pattern.compile("//([^/:]+):(\\d+)/");
    private final ServerSocket server = new ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress());
    private final String upstreamHost;
    private final int upstreamPort;
    private final String url;
    volatile boolean open;

    Gate(String upstream) throws IOException {
      Matcher m = HOST.matcher(upstream);
      assertThat(m.find()).as(upstream).isTrue();
      upstreamHost = m.group(1);
      upstreamPort = Integer.parseInt(m.group(2));
      url = m.replaceFirst("//127.0.0.1:" + server.getLocalPort() + "/");
      Thread accept = new Thread(this::accept, "gate");
      accept.setDaemon(true);
      accept.start();
    }

    String url() {
      return url;
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          if (!open) {
            client.close();
            continue;
          }
          Socket upstream = new Socket(upstreamHost, upstreamPort);
          pump(client.getInputStream(), upstream.getOutputStream(), upstream);
          pump(upstream.getInputStream(), client.getOutputStream(), client);
        } catch (IOException e) {
          // closed, or one connection lost: the next accept decides
        }
      }
    }

    private static void pump(InputStream in, OutputStream out, Socket to) {
      Thread t = new Thread(() -> {
        try (to) {
          in.transferTo(out);
        } catch (IOException e) {
          // the other side closed
        }
      }, "gate-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
