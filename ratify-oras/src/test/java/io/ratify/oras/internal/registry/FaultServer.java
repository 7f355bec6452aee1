package io.ratify.oras.internal.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A scriptable loopback HTTP server for fault tests: each test sets the handler. */
final class FaultServer implements AutoCloseable {
  interface Handler {
    void handle(HttpExchange x, int requestNumber) throws IOException;
  }

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile Handler handler = (x, n) -> send(x, 404, "text/plain", "no handler");

  FaultServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fault-server");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/",
        x -> {
          requests.add(x.getRequestMethod() + " " + x.getRequestURI().getRawPath());
          String auth = x.getRequestHeaders().getFirst("Authorization");
          authorizations.add(auth == null ? "" : auth);
          try {
            handler.handle(x, requests.size());
          } finally {
            x.close();
          }
        });
    server.start();
  }

  /** Forgets the requests seen and the handler. */
  void reset() {
    requests.clear();
    authorizations.clear();
    handler = (x, n) -> send(x, 404, "text/plain", "no handler");
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  void on(Handler h) {
    handler = h;
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  static void send(HttpExchange x, int status, String type, String body) throws IOException {
    send(x, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
    if (type != null) {
      x.getResponseHeaders().set("Content-Type", type);
    }
    if (x.getRequestMethod().equals("HEAD")) {
      x.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      x.sendResponseHeaders(status, -1);
      return;
    }
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    x.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
