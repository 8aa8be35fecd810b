package dev.ferry.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The service's HTTP endpoints on the JDK's own server: {@code /health/live} (200 while the
 * process runs), {@code /health/ready} (200 when every job's endpoints answered at its last
 * attempt, else 503 naming the jobs that did not, and why) and {@code /metrics} (Prometheus
 * text format).
 */
final class HealthServer {

  private final HttpServer server;

  HealthServer(int port, Supplier<Map<String, String>> failing, Supplier<String> metrics) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.USAGE, "--port " + port + ": cannot listen there ("
          + e.getMessage() + "). Give a free port, or 0 for any.", e);
    }
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ferry-sync-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/health/live", x -> send(x, 200, "live\n", "text/plain"));
    server.createContext("/health/ready", x -> {
      Map<String, String> jobs = failing.get();
      StringBuilder body = new StringBuilder(jobs.isEmpty() ? "ready\n" : "not ready\n");
      jobs.forEach((job, why) -> body.append("job ").append(job).append(": ").append(why)
          .append('\n'));
      send(x, jobs.isEmpty() ? 200 : 503, body.toString(), "text/plain");
    });
    server.createContext("/metrics", x -> send(x, 200, metrics.get(),
        "text/plain; version=0.0.4"));
  }

  /** Starts answering; the port it listens on. */
  int start() {
    server.start();
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }

  private static void send(HttpExchange exchange, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
