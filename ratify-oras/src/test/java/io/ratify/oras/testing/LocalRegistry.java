package io.ratify.oras.testing;

import io.ratify.api.testing.TestPki;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (CNCF distribution 2.8.2) on a
 * free {@code 127.0.0.1} port with a temporary storage directory, optionally with htpasswd Basic
 * auth, token auth, or TLS. Start one per test class; {@link #close()} stops the process and
 * deletes its files.
 *
 * <p>When {@code /usr/bin/docker-registry} is missing, {@link #start} tries {@code apt-get install
 * -y docker-registry} once and otherwise fails with a message saying how to install it (it never
 * skips silently).
 */
public final class LocalRegistry implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private static final Duration READY_WAIT = Duration.ofSeconds(15);
  private static volatile boolean installTried;

  private final Process process;
  private final Path dir;
  private final int port;
  private final Optional<TestPki.Issued> tls;

  private LocalRegistry(Process process, Path dir, int port, Optional<TestPki.Issued> tls) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.tls = tls;
  }

  /** Options for {@link #start}. */
  public static final class Options {
    private Optional<String[]> basic = Optional.empty();
    private Optional<TokenServer> token = Optional.empty();
    private Optional<TestPki.Issued> tls = Optional.empty();

    /** htpasswd Basic auth with one user. */
    public Options basicAuth(String user, String password) {
      basic = Optional.of(new String[] {user, password});
      return this;
    }

    /** Bearer token auth against {@code server}. */
    public Options tokenAuth(TokenServer server) {
      token = Optional.of(server);
      return this;
    }

    /** Serve HTTPS with this certificate. */
    public Options tls(TestPki.Issued pki) {
      tls = Optional.of(pki);
      return this;
    }
  }

  /** A plain HTTP registry without auth. */
  public static LocalRegistry start() throws IOException {
    return start(new Options());
  }

  /** Starts a registry with {@code options}. */
  public static LocalRegistry start(Options options) throws IOException {
    ensureBinary();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = Files.createTempDirectory("ratify-registry-");
      int port = freePort();
      try {
        return launch(options, dir, port);
      } catch (IOException e) {
        last = e;
        deleteTree(dir);
      }
    }
    throw last;
  }

  private static LocalRegistry launch(Options o, Path dir, int port) throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    StringBuilder cfg = new StringBuilder();
    cfg.append("version: 0.1\n")
        .append("log:\n  level: warn\n  accesslog:\n    disabled: false\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ")
        .append(data)
        .append("\n  delete:\n    enabled: true\n")
        .append("http:\n  addr: 127.0.0.1:")
        .append(port)
        .append("\n");
    if (o.tls.isPresent()) {
      Path cert = o.tls.get().writeCertificatePem(dir.resolve("tls.crt"));
      Path key = o.tls.get().writePrivateKeyPem(dir.resolve("tls.key"));
      cfg.append("  tls:\n    certificate: ")
          .append(cert)
          .append("\n    key: ")
          .append(key)
          .append("\n");
    }
    if (o.basic.isPresent()) {
      Path file = Htpasswd.write(dir.resolve("htpasswd"), o.basic.get()[0], o.basic.get()[1]);
      cfg.append("auth:\n  htpasswd:\n    realm: basic-realm\n    path: ")
          .append(file)
          .append("\n");
    } else if (o.token.isPresent()) {
      Path bundle = o.token.get().pki().writeCertificatePem(dir.resolve("token-signer.pem"));
      cfg.append("auth:\n  token:\n    realm: ")
          .append(o.token.get().realm())
          .append("\n    service: ")
          .append(TokenServer.SERVICE)
          .append("\n    issuer: ")
          .append(TokenServer.ISSUER)
          .append("\n    rootcertbundle: ")
          .append(bundle)
          .append("\n");
    }
    Path config = Files.writeString(dir.resolve("config.yml"), cfg.toString());
    Process p =
        new ProcessBuilder(BINARY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    LocalRegistry r = new LocalRegistry(p, dir, port, o.tls);
    try {
      r.awaitReady();
    } catch (IOException e) {
      r.close();
      throw e;
    }
    return r;
  }

  private void awaitReady() throws IOException {
    HttpClient client = client();
    long end = System.nanoTime() + READY_WAIT.toNanos();
    while (System.nanoTime() - end < 0) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited early: " + log());
      }
      try {
        client.send(
            HttpRequest.newBuilder(baseUri().resolve("/v2/"))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    throw new IOException("docker-registry did not answer within " + READY_WAIT + ": " + log());
  }

  /** An HTTP client that trusts this registry's certificate, if any (for test pushes). */
  public HttpClient client() {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    tls.ifPresent(pki -> b.sslContext(pki.clientContext()));
    return b.build();
  }

  /** {@code 127.0.0.1:<port>}, the registry part of references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:<port>} or {@code https://…}. */
  public URI baseUri() {
    return URI.create((tls.isPresent() ? "https" : "http") + "://" + host());
  }

  /** The registry's log so far (access log included). */
  public String log() {
    try {
      return Files.readString(dir.resolve("registry.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void ensureBinary() throws IOException {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    synchronized (LocalRegistry.class) {
      if (!installTried) {
        installTried = true;
        try {
          Process p =
              new ProcessBuilder("apt-get", "install", "-y", "docker-registry")
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          p.waitFor(5, TimeUnit.MINUTES);
        } catch (IOException | InterruptedException e) {
          // Reported below.
        }
      }
    }
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY
              + " is missing and 'apt-get install -y docker-registry' did not provide it; install the Debian package docker-registry (distribution 2.8.2) to run these tests");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, TestPki.loopback())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process and deletes the storage. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(dir);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Temporary files; nothing else to do.
    }
  }
}
