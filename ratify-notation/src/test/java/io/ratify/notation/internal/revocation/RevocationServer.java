package io.ratify.notation.internal.revocation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;

/**
 * A real HTTP server on 127.0.0.1 for revocation tests: serves CRL bytes and OCSP responses made
 * per request (GET with the base64 request in the path, or POST), and can answer slowly, with an
 * error status, or with too much. Paths are matched exactly, else by the longest registered prefix
 * (OCSP GET requests append the request to the responder path). Counts requests per path.
 */
public final class RevocationServer implements AutoCloseable {
  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK (about 40 ms per exchange on Linux), which would dominate loopback timings.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** What the server does for one path. */
  public interface Handler {
    void handle(HttpExchange exchange, byte[] body) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  public RevocationServer() throws IOException {
    server =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::dispatch);
    server.setExecutor(executor);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  public RevocationServer on(String path, Handler h) {
    handlers.put(path, h);
    return this;
  }

  /** Serves fixed bytes with status 200. */
  public RevocationServer bytes(String path, byte[] data) {
    return on(path, (ex, body) -> respond(ex, 200, data));
  }

  /** Answers with a status and no body. */
  public RevocationServer status(String path, int status) {
    return on(path, (ex, body) -> respond(ex, status, new byte[0]));
  }

  /** Sends headers, then stalls before sending the body. */
  public RevocationServer stall(String path, Duration stall) {
    return on(
        path,
        (ex, body) -> {
          ex.sendResponseHeaders(200, 100);
          ex.getResponseBody().flush();
          try {
            Thread.sleep(stall.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
  }

  /** An OCSP responder: {@code responder} makes the DER response for the request's CertID. */
  public RevocationServer ocsp(String path, Function<CertificateID, byte[]> responder) {
    return on(
        path,
        (ex, body) -> {
          byte[] der = body;
          if (ex.getRequestMethod().equals("GET")) {
            String raw = ex.getRequestURI().getRawPath();
            String b64 = raw.substring(raw.lastIndexOf('/') + 1);
            der = Base64.getDecoder().decode(URLDecoder.decode(b64, StandardCharsets.US_ASCII));
          }
          OCSPReq req = new OCSPReq(der);
          respond(ex, 200, responder.apply(req.getRequestList()[0].getCertID()));
        });
  }

  private void dispatch(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String key = null;
      if (handlers.containsKey(path)) {
        key = path;
      } else {
        for (String k : handlers.keySet()) {
          if (path.startsWith(k.endsWith("/") ? k : k + "/")
              && (key == null || k.length() > key.length())) {
            key = k;
          }
        }
      }
      if (key == null) {
        respond(ex, 404, new byte[0]);
        return;
      }
      hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      byte[] body = ex.getRequestBody().readAllBytes();
      handlers.get(key).handle(ex, body);
    } catch (RuntimeException e) {
      respond(ex, 500, new byte[0]);
    }
  }

  static void respond(HttpExchange ex, int status, byte[] data) throws IOException {
    ex.sendResponseHeaders(status, data.length == 0 ? -1 : data.length);
    if (data.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(data);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
