package io.ratify.examples.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forwarding proxy in front of the real test registry, on 127.0.0.1, that fails the referrer
 * discovery of a subject (the referrers API and the tag-schema index) on demand: with 429, by
 * dropping the connection without an answer, or by never answering. Everything else is forwarded as
 * it is, so the subject still resolves and the failure lands inside a verification, as a denial.
 */
final class FaultyRegistryProxy implements AutoCloseable {
  enum Mode {
    PASS,
    THROTTLE,
    DROP,
    /** Holds the request unanswered until {@link #releaseStalled()}. */
    STALL
  }

  private static final List<String> FORWARDED_HEADERS =
      List.of("Content-Type", "Docker-Content-Digest", "Link", "Docker-Distribution-Api-Version");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final HttpClient upstream =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI target;
  private volatile Mode mode = Mode.PASS;
  private final CountDownLatch stalled = new CountDownLatch(1);
  final AtomicInteger requests = new AtomicInteger();

  FaultyRegistryProxy(URI registry) throws IOException {
    this.target = registry;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code 127.0.0.1:port}, the registry host of references through the proxy. */
  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  void mode(Mode m) {
    this.mode = m;
  }

  private static boolean referrerDiscovery(String path) {
    return path.contains("/referrers/") || path.contains("/manifests/sha256-");
  }

  private void handle(HttpExchange x) throws IOException {
    requests.incrementAndGet();
    try (x) {
      String path = x.getRequestURI().getRawPath();
      Mode m = mode;
      if (m != Mode.PASS && referrerDiscovery(path)) {
        if (m == Mode.THROTTLE) {
          x.getResponseHeaders().set("Content-Type", "application/json");
          byte[] body =
              "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}".getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(429, body.length);
          x.getResponseBody().write(body);
        }
        if (m == Mode.STALL) {
          try {
            stalled.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        // DROP (and a released STALL): closing the exchange before any answer drops the connection
        return;
      }
      HttpRequest.Builder r =
          HttpRequest.newBuilder(target.resolve(x.getRequestURI().toString()))
              .timeout(Duration.ofSeconds(10));
      String accept = x.getRequestHeaders().getFirst("Accept");
      if (accept != null) {
        r.header("Accept", accept);
      }
      boolean head = x.getRequestMethod().equals("HEAD");
      r.method(x.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
      HttpResponse<byte[]> a;
      try {
        a = upstream.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      for (String h : FORWARDED_HEADERS) {
        a.headers().firstValue(h).ifPresent(v -> x.getResponseHeaders().set(h, v));
      }
      if (head) {
        a.headers()
            .firstValue("Content-Length")
            .ifPresent(v -> x.getResponseHeaders().set("Content-Length", v));
        x.sendResponseHeaders(a.statusCode(), -1);
      } else {
        byte[] body = a.body();
        x.sendResponseHeaders(a.statusCode(), body.length == 0 ? -1 : body.length);
        x.getResponseBody().write(body);
      }
    }
  }

  /** Lets every stalled request end (without an answer). */
  void releaseStalled() {
    stalled.countDown();
  }

  @Override
  public void close() {
    releaseStalled();
    server.stop(0);
    threads.shutdownNow();
  }
}
