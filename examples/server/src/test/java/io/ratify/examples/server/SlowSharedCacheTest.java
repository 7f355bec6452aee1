package io.ratify.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.examples.server.HttpsProviders.ManualTicker;
import io.ratify.examples.server.Testbed.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A Redis that accepts connections and never answers (slower than any budget): each read is a miss
 * after the 50 ms budget, verification goes on, and Redis is left alone for the back-off, timed by
 * a clock the test moves.
 */
class SlowSharedCacheTest {
  static final byte[] KEY =
      "0123456789abcdef0123456789abcdef-slow".getBytes(StandardCharsets.UTF_8);

  /** Accepts, reads whatever is sent (counted), never writes a byte. */
  static final class SilentServer implements AutoCloseable {
    final ServerSocket socket;
    final AtomicLong connections = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicLong open = new AtomicLong();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::acceptLoop, "silent-redis");
      t.setDaemon(true);
      t.start();
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          open.incrementAndGet();
          connections.incrementAndGet();
          accepted.add(s);
          Thread r =
              new Thread(
                  () -> {
                    byte[] buf = new byte[4096];
                    try (InputStream in = s.getInputStream()) {
                      int n;
                      while ((n = in.read(buf)) > 0) {
                        bytesReceived.addAndGet(n);
                      }
                    } catch (IOException e) {
                      // the client gave up on us: expected
                    } finally {
                      open.decrementAndGet();
                    }
                  },
                  "silent-redis-reader");
          r.setDaemon(true);
          r.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    URI uri() {
      return URI.create("redis://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aSlowRedisIsAMissVerificationGoesOnAndRedisIsSkippedForTheBackOff() throws Exception {
    Testbed bed = Testbed.get();
    try (SilentServer redis = new SilentServer();
        HttpsProviders providers = new HttpsProviders(bed)) {
      ManualTicker clock = new ManualTicker();
      ProviderServer s =
          providers.start(
              bed.writeConfig("slow-redis.yaml", bed.config(bed.trusted)),
              b -> b.sharedCache(redis.uri(), KEY).ticker(clock)); // default budget: 50 ms
      String failures = "ratify_shared_cache_failure_count_total";

      Answer first = providers.verify(s, List.of("[slow-1]" + bed.pinned(bed.signedDigest)));
      assertTrue(first.item(0).get("value").get("isSuccess").asBoolean(), first.body()::toString);
      double slow =
          providers.metric(s, failures + "{reason=\"timeout\"}")
              + providers.metric(s, failures + "{reason=\"error\"}");
      assertTrue(slow >= 1, "the slow read was not counted");
      // the client gave up on its connection: what it sent is all counted
      assertTrue(
          HttpsProviders.eventually(() -> redis.connections.get() >= 1 && redis.open.get() == 0),
          "Redis was never asked, or the timed-out connection was kept");
      long bytes = redis.bytesReceived.get();
      long connections = redis.connections.get();
      assertTrue(bytes > 0);

      // within the back-off: Redis is not asked, the lookup is an immediate miss
      Answer second = providers.verify(s, List.of("[slow-2]" + bed.pinned(bed.unsignedDigest)));
      assertTrue(second.item(0).has("value"), second.body()::toString);
      assertTrue(providers.metric(s, failures + "{reason=\"unavailable\"}") >= 1);
      assertEquals(
          slow,
          providers.metric(s, failures + "{reason=\"timeout\"}")
              + providers.metric(s, failures + "{reason=\"error\"}"));
      assertEquals(connections, redis.connections.get(), "Redis was asked during the back-off");
      assertEquals(bytes, redis.bytesReceived.get(), "Redis was asked during the back-off");

      // after the back-off (20 budgets, at least 1 s), Redis is tried again
      clock.advance(Duration.ofMillis(1001));
      Answer third = providers.verify(s, List.of("[slow-3]" + bed.pinned(bed.signedDigest)));
      assertTrue(third.item(0).get("value").get("isSuccess").asBoolean());
      assertTrue(
          providers.metric(s, failures + "{reason=\"timeout\"}")
                  + providers.metric(s, failures + "{reason=\"error\"}")
              > slow,
          "Redis was not tried again after the back-off");
      assertTrue(HttpsProviders.eventually(() -> redis.bytesReceived.get() > bytes));
    }
  }
}
