package io.ratify.oras.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.api.testing.TestPki;
import io.ratify.oras.RegistryStore;
import io.ratify.oras.internal.auth.Credential;
import io.ratify.oras.internal.auth.CredentialProvider;
import io.ratify.oras.internal.auth.DockerConfigCredentials;
import io.ratify.oras.internal.auth.StaticCredentials;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.oras.testing.TestArtifacts.SignedImage;
import io.ratify.oras.testing.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anonymous, Basic (htpasswd), bearer-token and TLS access to real distribution 2.8.2 registries.
 */
class RegistryAuthRealRegistryTest {
  static final String USER = "alice";
  static final String PASSWORD = "s3cret";
  static final String REFRESH = "refresh-token-of-alice";
  static LocalRegistry basic;
  static LocalRegistry bearer;
  static LocalRegistry tls;
  static TokenServer tokens;
  static TestPki.Issued tlsPki;
  static SignedImage basicImage;
  static SignedImage bearerImage;
  static SignedImage otherRepoImage;
  static SignedImage tlsImage;

  @BeforeAll
  static void start() throws Exception {
    basic = LocalRegistry.start(new LocalRegistry.Options().basicAuth(USER, PASSWORD));
    String basicHeader =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    basicImage =
        TestArtifacts.pushSignedImage(
            new RegistryPusher(basic, Optional.of(basicHeader)), "demo/app", "v1");

    tokens = TokenServer.start(USER, PASSWORD, Optional.of(REFRESH), false, 3600);
    bearer = LocalRegistry.start(new LocalRegistry.Options().tokenAuth(tokens));
    bearerImage =
        TestArtifacts.pushSignedImage(
            new RegistryPusher(
                bearer, Optional.of("Bearer " + tokens.mint(USER, "demo/app", "pull", "push"))),
            "demo/app",
            "v1");
    otherRepoImage =
        TestArtifacts.pushSignedImage(
            new RegistryPusher(
                bearer, Optional.of("Bearer " + tokens.mint(USER, "demo/other", "pull", "push"))),
            "demo/other",
            "v1");

    tlsPki = TestPki.tlsServer("test registry");
    tls = LocalRegistry.start(new LocalRegistry.Options().tls(tlsPki));
    tlsImage =
        TestArtifacts.pushSignedImage(new RegistryPusher(tls, Optional.empty()), "demo/app", "v1");
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {basic, bearer, tls, tokens}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(30));
  }

  static Store store(LocalRegistry r, CredentialProvider creds, RequestLog log)
      throws RatifyException {
    return new RegistryStoreImpl(
        RegistrySettings.builder().plainHttp(true).credentials(creds).observer(log).build());
  }

  static CredentialProvider alice(LocalRegistry r, String password) {
    return new StaticCredentials(Map.of(r.host(), new Credential(USER, password)));
  }

  /** resolve, list, fetch signature manifest and blob; returns the signature blob. */
  static byte[] flow(Store s, LocalRegistry r, String repo) throws Exception {
    Reference ref = Reference.parse(r.host() + "/" + repo + ":v1");
    Descriptor subject = s.resolve(ref, deadline());
    List<Descriptor> sigs =
        s.listReferrers(
                ref.pinned(subject.digest()),
                Set.of(MediaTypes.NOTARY_SIGNATURE),
                Optional.empty(),
                deadline())
            .referrers();
    assertEquals(1, sigs.size());
    Manifest m = s.fetchManifest(ref, sigs.get(0), deadline());
    return s.fetchBlob(ref, m.layers().get(0), deadline());
  }

  @Test
  void basicAuthWithTheRightPasswordWorks() throws Exception {
    RequestLog log = new RequestLog();
    Store s = store(basic, alice(basic, PASSWORD), log);
    assertArrayEquals(basicImage.envelope().bytes(), flow(s, basic, "demo/app"));
    List<String> cold = log.entries();
    System.out.println("[figures] fallback path, basic auth: cold=" + cold.size() + " " + cold);
    // One 401 challenge, then every request carries Basic up front.
    assertEquals(6, cold.size(), cold.toString());
    assertFalse(cold.get(0).endsWith("[auth]"));
    assertTrue(
        cold.subList(1, cold.size()).stream().allMatch(e -> e.endsWith("[auth]")), cold.toString());
    log.clear();
    flow(s, basic, "demo/app");
    assertEquals(0, log.size(), log.entries().toString());
  }

  @Test
  void basicAuthDeniedWithoutOrWithWrongCredentials() throws Exception {
    Reference ref = Reference.parse(basic.host() + "/demo/app:v1");
    RatifyException anon =
        assertThrows(
            RatifyException.class,
            () ->
                store(basic, CredentialProvider.ANONYMOUS, new RequestLog())
                    .resolve(ref, deadline()));
    assertEquals(ErrorCode.AUTH_DENIED, anon.code());
    RatifyException wrong =
        assertThrows(
            RatifyException.class,
            () -> store(basic, alice(basic, "wrong"), new RequestLog()).resolve(ref, deadline()));
    assertEquals(ErrorCode.AUTH_DENIED, wrong.code());
    assertFalse(wrong.getMessage().contains("wrong"), "the password must not appear in messages");
    // Credentials for another registry are not offered here.
    RatifyException elsewhere =
        assertThrows(
            RatifyException.class,
            () ->
                store(
                        basic,
                        new StaticCredentials(
                            Map.of("registry.example", new Credential(USER, PASSWORD))),
                        new RequestLog())
                    .resolve(ref, deadline()));
    assertEquals(ErrorCode.AUTH_DENIED, elsewhere.code());
  }

  @Test
  void dockerConfigAuthsAreUsed(@TempDir Path dir) throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Path config =
        Files.writeString(
            dir.resolve("config.json"),
            "{\"auths\":{\"" + basic.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    Store s = RegistryStore.builder().plainHttp(true).dockerConfig(config).build();
    assertArrayEquals(basicImage.envelope().bytes(), flow(s, basic, "demo/app"));
  }

  @Test
  void bearerFlowFetchesOneTokenPerScopeAndCachesIt() throws Exception {
    RequestLog log = new RequestLog();
    Store s = store(bearer, alice(bearer, PASSWORD), log);
    int before = tokens.requests();
    assertArrayEquals(bearerImage.envelope().bytes(), flow(s, bearer, "demo/app"));
    List<String> cold = log.entries();
    System.out.println("[figures] fallback path, bearer auth: cold=" + cold.size() + " " + cold);
    // The 401 challenge, the token fetch, then the five fallback-path requests with the token.
    assertEquals(7, cold.size(), cold.toString());
    assertEquals(1, tokens.requests() - before);
    log.clear();
    flow(s, bearer, "demo/app");
    assertEquals(0, log.size());
    // Another repository needs another scope: one more token, fetched up front without another
    // challenge.
    assertArrayEquals(otherRepoImage.envelope().bytes(), flow(s, bearer, "demo/other"));
    assertEquals(2, tokens.requests() - before);
    assertTrue(tokens.scopesRequested().contains("repository:demo/other:pull"));
    assertTrue(
        log.entries().stream().noneMatch(e -> e.startsWith("HEAD") && !e.endsWith("[auth]")),
        log.entries().toString());
  }

  @Test
  void bearerFlowWithIdentityTokenFromDockerConfig(@TempDir Path dir) throws Exception {
    // The form docker login writes for identity tokens (ACR): a zero-GUID user name plus the token.
    // jib-core maps
    // exactly this form to an OAuth2 refresh token.
    String user =
        Base64.getEncoder()
            .encodeToString(
                "00000000-0000-0000-0000-000000000000:".getBytes(StandardCharsets.UTF_8));
    Path config =
        Files.writeString(
            dir.resolve("config.json"),
            "{\"auths\":{\""
                + bearer.host()
                + "\":{\"auth\":\""
                + user
                + "\",\"identitytoken\":\""
                + REFRESH
                + "\"}}}");
    Store s =
        new RegistryStoreImpl(
            RegistrySettings.builder()
                .plainHttp(true)
                .credentials(new DockerConfigCredentials(Optional.of(config)))
                .build());
    assertArrayEquals(bearerImage.envelope().bytes(), flow(s, bearer, "demo/app"));
  }

  @Test
  void bearerFlowDeniedWithWrongOrNoCredentials() throws Exception {
    Reference ref = Reference.parse(bearer.host() + "/demo/app:v1");
    assertEquals(
        ErrorCode.AUTH_DENIED,
        assertThrows(
                RatifyException.class,
                () ->
                    store(bearer, alice(bearer, "nope"), new RequestLog()).resolve(ref, deadline()))
            .code());
    assertEquals(
        ErrorCode.AUTH_DENIED,
        assertThrows(
                RatifyException.class,
                () ->
                    store(bearer, CredentialProvider.ANONYMOUS, new RequestLog())
                        .resolve(ref, deadline()))
            .code());
  }

  @Test
  void tlsRegistryWorksWithItsCertificateTrusted() throws Exception {
    Store s = RegistryStore.builder().trustStore(tlsPki.trustStore()).build();
    assertArrayEquals(tlsImage.envelope().bytes(), flow(s, tls, "demo/app"));
  }

  @Test
  void tlsRegistryWithUntrustedCertificateFailsClosed() throws Exception {
    Reference ref = Reference.parse(tls.host() + "/demo/app:v1");
    RatifyException e =
        assertThrows(
            RatifyException.class, () -> RegistryStore.builder().build().resolve(ref, deadline()));
    assertEquals(ErrorCode.REGISTRY_UNREACHABLE, e.code());
    assertTrue(e.getMessage().contains("TLS"), e.getMessage());
    // A certificate for another name is refused too: host name verification is on.
    TestPki.Issued other = TestPki.tlsServer("someone else");
    RatifyException e2 =
        assertThrows(
            RatifyException.class,
            () ->
                RegistryStore.builder()
                    .trustStore(other.trustStore())
                    .build()
                    .resolve(ref, deadline()));
    assertEquals(ErrorCode.REGISTRY_UNREACHABLE, e2.code());
  }

  @Test
  void plainHttpIsNeverUsedUnlessAsked() throws Exception {
    Reference ref = Reference.parse(basic.host() + "/demo/app:v1");
    // The basic registry speaks plain HTTP only: an HTTPS store cannot talk to it.
    assertEquals(
        ErrorCode.REGISTRY_UNREACHABLE,
        assertThrows(
                RatifyException.class,
                () ->
                    RegistryStore.builder()
                        .credentials(basic.host(), USER, PASSWORD)
                        .build()
                        .resolve(ref, deadline()))
            .code());
  }
}
