package io.ratify.oras.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.internal.plugins.DefaultPluginContext;
import io.ratify.oras.internal.OrasStoreFactory;
import io.ratify.oras.internal.auth.Credential;
import io.ratify.oras.internal.auth.StaticCredentials;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.oras.testing.TestArtifacts.SignedImage;
import io.ratify.oras.testing.TokenServer;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ratify v2's {@code registry-store} parameters {@code userAgent} and a static credential with an
 * empty user name (a refresh token), from a v2 document through our mapping and the {@code oras}
 * store factory to a real registry behind bearer-token auth.
 */
class V2RegistryStoreRealRegistryTest {
  static final String USER = "alice";
  static final String PASSWORD = "s3cret";
  static final String REFRESH = "refresh-token-of-alice";
  static final String AGENT = "ratify-v2-test/1.0 (+agent check)";
  static TokenServer tokens;
  static LocalRegistry bearer;
  static SignedImage image;

  @BeforeAll
  static void start() throws Exception {
    tokens = TokenServer.start(USER, PASSWORD, Optional.of(REFRESH), false, 3600);
    bearer = LocalRegistry.start(new LocalRegistry.Options().tokenAuth(tokens));
    image =
        TestArtifacts.pushSignedImage(
            new RegistryPusher(
                bearer, Optional.of("Bearer " + tokens.mint(USER, "demo/app", "pull", "push"))),
            "demo/app",
            "v1");
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {bearer, tokens}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  /** The store a v2 {@code Executor} with these registry-store parameters gives. */
  static Store v2Store(String storeParameters) throws Exception {
    String doc =
        """
        apiVersion: config.ratify.sh/v2alpha1
        kind: Executor
        metadata: {name: e}
        spec:
          scopes: ["%s"]
          stores: [{type: registry-store, parameters: %s}]
          verifiers: [{name: v, type: custom}]
        """
            .formatted(bearer.host(), storeParameters);
    PluginConfig store =
        ConfigLoader.parseSet(doc, "v2.yaml").executors().get(0).config().stores().get(0);
    return new OrasStoreFactory().create(store, CONTEXT);
  }

  // the context the executor gives factories (no key management providers needed here)
  static final PluginContext CONTEXT =
      new DefaultPluginContext(Map.of(), Clock.systemUTC(), Path.of("").toAbsolutePath());

  @Test
  void aWrongV2RefreshTokenFailsClosed() throws Exception {
    int before = tokens.refreshGrants().size();
    Store s =
        v2Store("{plainHttp: true, credential: {provider: static, username: '', password: nope}}");
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                s.resolve(
                    Reference.parse(bearer.host() + "/demo/app:v1"),
                    RegistryAuthRealRegistryTest.deadline()));
    assertEquals(ErrorCode.AUTH_DENIED, e.code());
    assertFalse(e.getMessage().contains("nope"), e.getMessage());
    assertEquals(
        List.of("grant_type=refresh_token refresh_token=nope"),
        tokens.refreshGrants().subList(before, tokens.refreshGrants().size()));
  }

  @Test
  void v2RefreshTokenIsExchangedWithGrantTypeRefreshTokenAndTheUserAgent() throws Exception {
    int grantsBefore = tokens.refreshGrants().size();
    int agentsBefore = tokens.userAgents().size();
    Store s =
        v2Store(
            "{plainHttp: true, userAgent: '"
                + AGENT
                + "', credential: {provider: static, username: '', password: "
                + REFRESH
                + "}}");
    assertArrayEquals(
        image.envelope().bytes(), RegistryAuthRealRegistryTest.flow(s, bearer, "demo/app"));
    List<String> grants =
        tokens.refreshGrants().subList(grantsBefore, tokens.refreshGrants().size());
    assertFalse(grants.isEmpty());
    assertEquals(
        List.of("grant_type=refresh_token refresh_token=" + REFRESH),
        grants.stream().distinct().toList());
    List<String> agents = tokens.userAgents().subList(agentsBefore, tokens.userAgents().size());
    assertEquals(grants.size(), agents.size());
    assertEquals(List.of(AGENT), agents.stream().distinct().toList());
  }

  @Test
  void userAgentIsSentOnEveryRegistryRequest() throws Exception {
    String agent = AGENT + " every request";
    List<URI> sent = new CopyOnWriteArrayList<>();
    Store s =
        new RegistryStoreImpl(
            RegistrySettings.builder()
                .plainHttp(true)
                .userAgent(agent)
                .credentials(
                    new StaticCredentials(Map.of(bearer.host(), new Credential(USER, PASSWORD))))
                .observer((method, uri, authorized) -> sent.add(uri))
                .build());
    assertArrayEquals(
        image.envelope().bytes(), RegistryAuthRealRegistryTest.flow(s, bearer, "demo/app"));
    long toRegistry = sent.stream().filter(u -> bearer.host().equals(u.getRawAuthority())).count();
    assertTrue(toRegistry >= 4, sent.toString());
    // distribution's access log (combined format) ends each line with the quoted User-Agent; a
    // line is written once its request is done, so wait (bounded) for them all
    String quoted = "\"" + agent + "\"";
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long logged;
    do {
      logged = bearer.log().lines().filter(l -> l.endsWith(quoted)).count();
      if (logged >= toRegistry) {
        break;
      }
      Thread.sleep(20);
    } while (System.nanoTime() - end < 0);
    assertEquals(toRegistry, logged, bearer.log());
  }
}
