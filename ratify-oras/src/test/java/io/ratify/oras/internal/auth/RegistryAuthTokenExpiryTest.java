package io.ratify.oras.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.oras.internal.http.Answer;
import io.ratify.oras.internal.http.HttpObserver;
import io.ratify.oras.internal.http.HttpTransport;
import io.ratify.oras.testing.TokenServer;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens from a real token server are reused until shortly before they expire, then fetched
 * again.
 */
class RegistryAuthTokenExpiryTest {
  private static final String REGISTRY = "127.0.0.1:5999";
  private static final String SCOPE = "repository:demo/app:pull";
  private static final long LIFETIME_SECONDS = 60;

  private TokenServer tokens;
  private HttpTransport transport;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private RegistryAuth auth;

  @BeforeEach
  void start() throws Exception {
    tokens = TokenServer.start("alice", "s3cret", Optional.empty(), false, LIFETIME_SECONDS);
    transport =
        new HttpTransport(
            new HttpTransport.Settings(
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                0,
                true,
                Optional.empty(),
                HttpObserver.NONE,
                Optional.empty()));
    auth =
        new RegistryAuth(
            new StaticCredentials(Map.of(REGISTRY, new Credential("alice", "s3cret"))),
            transport,
            now::get);
  }

  @AfterEach
  void stop() {
    transport.close();
    tokens.close();
  }

  private Answer challenge() {
    String value =
        "Bearer realm=\"" + tokens.realm() + "\",service=\"test-registry\",scope=\"" + SCOPE + "\"";
    HttpHeaders headers =
        HttpHeaders.of(Map.of("WWW-Authenticate", List.of(value)), (k, v) -> true);
    return new Answer(
        401, headers, new byte[0], URI.create("http://" + REGISTRY + "/v2/demo/app/manifests/v1"));
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(10));
  }

  @Test
  void tokenIsReusedWithinItsLifetimeAndRefetchedAfter() throws Exception {
    String first =
        auth.onChallenge(REGISTRY, SCOPE, challenge(), Optional.empty(), deadline()).orElseThrow();
    assertEquals(1, tokens.requests());

    now.addAndGet(Duration.ofSeconds(LIFETIME_SECONDS / 2).toNanos());
    assertEquals(Optional.of(first), auth.authorization(REGISTRY, SCOPE, deadline()));
    assertEquals(1, tokens.requests(), "a live token is reused");

    now.addAndGet(Duration.ofSeconds(LIFETIME_SECONDS / 2).toNanos());
    String second = auth.authorization(REGISTRY, SCOPE, deadline()).orElseThrow();
    assertEquals(2, tokens.requests(), "an expired token is fetched again");
    assertNotEquals(first, second);
  }

  @Test
  void cachedTokensAreBounded() throws Exception {
    RegistryAuth bounded =
        new RegistryAuth(
            new StaticCredentials(Map.of(REGISTRY, new Credential("alice", "s3cret"))),
            transport,
            now::get,
            3);
    bounded.onChallenge(REGISTRY, SCOPE, challenge(), Optional.empty(), deadline());
    for (int i = 0; i < 5; i++) {
      String scope = "repository:demo/app" + i + ":pull";
      assertTrue(
          bounded.authorization(REGISTRY, scope, deadline()).orElseThrow().startsWith("Bearer "));
      assertTrue(
          bounded.cachedTokens() <= 3, "at most 3 tokens are kept, not " + bounded.cachedTokens());
    }
    assertEquals(6, tokens.requests());
  }

  @Test
  void tokenRefusedByTheRegistryIsDroppedAndFetchedAgain() throws Exception {
    String first =
        auth.onChallenge(REGISTRY, SCOPE, challenge(), Optional.empty(), deadline()).orElseThrow();
    String second =
        auth.onChallenge(REGISTRY, SCOPE, challenge(), Optional.of(first), deadline())
            .orElseThrow();
    assertEquals(2, tokens.requests());
    assertEquals(Optional.of(second), auth.authorization(REGISTRY, SCOPE, deadline()));
    assertEquals(2, tokens.requests());
  }
}
