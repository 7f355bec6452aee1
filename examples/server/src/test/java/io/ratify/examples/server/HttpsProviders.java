package io.ratify.examples.server;

import com.github.benmanes.caffeine.cache.Ticker;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Real providers over HTTPS on 127.0.0.1 (a throw-away CA, one server certificate), a client
 * trusting it, and the server's own metrics; {@link #close()} stops every provider started.
 */
final class HttpsProviders implements AutoCloseable {
  private final Path certFile;
  private final Path keyFile;
  final HttpClient client;
  private final List<ProviderServer> started = new ArrayList<>();

  HttpsProviders(Testbed bed) throws Exception {
    TlsPki pki = TlsPki.create("Provider test CA");
    Path dir = Files.createTempDirectory(bed.dir, "https");
    certFile = dir.resolve("tls.crt");
    keyFile = dir.resolve("tls.key");
    pki.server("ratify").write(certFile, keyFile);
    client = Testbed.client(TlsPki.trusting(pki.ca));
  }

  ProviderServer start(Path config, Consumer<ProviderServer.Builder> tweak) throws Exception {
    ProviderServer s =
        ProviderServerTest.startOnLoopback(
            config,
            b -> {
              b.tls(certFile, keyFile).verifyTimeout(Duration.ofSeconds(30));
              tweak.accept(b);
            });
    started.add(0, s);
    return s;
  }

  static String base(ProviderServer s) {
    return "https://127.0.0.1:" + s.port();
  }

  Testbed.Answer verify(ProviderServer s, List<String> keys) throws Exception {
    return Testbed.verify(client, base(s), "v2", keys);
  }

  Testbed.Answer mutate(ProviderServer s, List<String> keys) throws Exception {
    return Testbed.mutate(client, base(s), "v2", keys);
  }

  /** The sum of the metric lines of {@code s} starting with {@code prefix}. */
  double metric(ProviderServer s, String prefix) throws Exception {
    String scrape =
        Testbed.get(client, URI.create("http://127.0.0.1:" + s.metricsPort() + "/metrics"));
    return Testbed.metric(scrape, prefix);
  }

  /**
   * Polls {@code c} for up to a minute: generous, since a loaded machine may take seconds for what
   * the test waits on; the bound only decides how long a broken behaviour takes to fail.
   */
  static boolean eventually(ProviderServerTest.Check c) throws Exception {
    return ProviderServerTest.eventually(c, Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    for (ProviderServer s : started) {
      s.close();
    }
    started.clear();
  }

  /** A clock for cache expiry that moves only when the test says so. */
  static final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }
}
