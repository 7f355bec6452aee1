package io.ratify.keyvault.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.KeyId;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.KeyMaterial;
import io.ratify.api.RatifyException;
import io.ratify.api.testing.TestPki;
import io.ratify.keyvault.testing.FakeKeyVault;
import io.ratify.keyvault.testing.Jwks;
import io.ratify.keyvault.testing.MutableClock;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider with the real Azure SDK client, against {@link FakeKeyVault} over HTTPS. */
class AzureKeyVaultProviderTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static TestPki.Chain chain;
  private static FakeKeyVault vault;

  @BeforeAll
  static void start() {
    chain = TestPki.chain("ratify-signer");
    vault = FakeKeyVault.start();
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  private static KeyVaultSettings.Builder settings() {
    return KeyVaultSettings.builder()
        .vaultUri(vault.url() + "/")
        .tenantId(FakeKeyVault.TENANT)
        .clientId("client")
        .maxRetries(1)
        .retryDelay(Duration.ofMillis(5));
  }

  private static AzureKeyVaultProvider provider(KeyVaultSettings settings, MutableClock clock)
      throws RatifyException {
    return new AzureKeyVaultProvider("akv", settings, vault.connector().connect(settings), clock);
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  @Test
  void pemChainComesThroughGetSecretAfterTheChallenge() throws Exception {
    // a vault of its own: the SDK caches a vault's challenge per host and port
    try (FakeKeyVault fresh = FakeKeyVault.start()) {
      String version =
          fresh.addCertificate(
              "pem-cert",
              "application/x-pem-file",
              TestPki.keyVaultPem(chain),
              chain.leaf().certificate(),
              true,
              T0);
      KeyVaultSettings s =
          settings()
              .vaultUri(fresh.url() + "/")
              .certificate(VaultObject.latest("pem-cert"))
              .build();
      KeyMaterial m =
          new AzureKeyVaultProvider("akv", s, fresh.connector().connect(s), new MutableClock(T0))
              .fetch(deadline());

      assertEquals(
          Map.of(new KeyId("pem-cert", version, true), chain.certificates()), m.certificates());
      assertEquals(chain.certificates(), m.enabledCertificates());
      assertTrue(m.keys().isEmpty());
      @SuppressWarnings("unchecked")
      List<Map<String, String>> status = (List<Map<String, String>>) m.status().get("Certificates");
      assertEquals(3, status.size(), "one status entry per certificate of the chain");
      assertEquals(
          Map.of(
              "Name",
              "pem-cert",
              "Version",
              version,
              "Enabled",
              "true",
              "LastRefreshed",
              "2025-03-01T10:00:00Z"),
          status.get(0));
      assertEquals(List.of(), m.status().get("Keys"));
      List<String> requests = fresh.requests();
      assertTrue(
          requests.get(0).startsWith("GET /secrets/pem-cert") && requests.get(0).endsWith(" none"),
          "the challenge first: " + requests);
      assertTrue(
          requests.get(1).startsWith("GET /secrets/pem-cert")
              && requests.get(1).contains("api-version=")
              && requests.get(1).endsWith(" bearer"),
          "then the token: " + requests);
      assertEquals(
          List.of(FakeKeyVault.TENANT),
          fresh.tokenTenants(),
          "a token for the tenant the challenge names");
    }
  }

  @Test
  void pkcs12ChainIsOpenedWithTheEmptyPassword() throws Exception {
    String version =
        vault.addCertificate(
            "p12-cert",
            "application/x-pkcs12",
            TestPki.keyVaultPkcs12(chain),
            chain.leaf().certificate(),
            true,
            T0);
    KeyMaterial m =
        provider(
                settings().certificate(VaultObject.latest("p12-cert")).build(),
                new MutableClock(T0))
            .fetch(deadline());

    assertEquals(
        Map.of(new KeyId("p12-cert", version, true), chain.certificates()), m.certificates());
  }

  @Test
  void pinnedVersionIsReadAndLatestIsTheNewest() throws Exception {
    TestPki.Chain other = TestPki.chain("other");
    String old =
        vault.addCertificate(
            "rotated",
            "application/x-pem-file",
            TestPki.pem(chain.certificates()),
            chain.leaf().certificate(),
            true,
            T0);
    String current =
        vault.addCertificate(
            "rotated",
            "application/x-pem-file",
            TestPki.pem(other.certificates()),
            other.leaf().certificate(),
            true,
            T0.plusSeconds(60));

    KeyMaterial latest =
        provider(
                settings().certificate(VaultObject.latest("rotated")).build(), new MutableClock(T0))
            .fetch(deadline());
    KeyMaterial pinned =
        provider(
                settings().certificate(new VaultObject("rotated", old, 0)).build(),
                new MutableClock(T0))
            .fetch(deadline());

    assertEquals(
        Map.of(new KeyId("rotated", current, true), other.certificates()), latest.certificates());
    assertEquals(
        Map.of(new KeyId("rotated", old, true), chain.certificates()), pinned.certificates());
    assertTrue(
        vault.requests().stream().noneMatch(r -> r.contains("/rotated/versions")),
        "no listing without versionHistoryLimit");
  }

  @Test
  void rsaAndEcKeysIncludingHsmKeysBecomePublicKeys() throws Exception {
    KeyPair rsa = TestPki.rsaKeyPair(2048);
    KeyPair ec256 = TestPki.ecKeyPair("secp256r1");
    KeyPair ec384 = TestPki.ecKeyPair("secp384r1");
    KeyPair ec521 = TestPki.ecKeyPair("secp521r1");
    String v1 = vault.addKey("rsa", Jwks.of(rsa.getPublic(), "RSA"), true, T0);
    String v2 = vault.addKey("rsa-hsm", Jwks.of(rsa.getPublic(), "RSA-HSM"), true, T0);
    String v3 = vault.addKey("ec", Jwks.of(ec256.getPublic(), "EC"), true, T0);
    String v4 = vault.addKey("ec-hsm", Jwks.of(ec384.getPublic(), "EC-HSM"), true, T0);
    String v5 = vault.addKey("ec-521", Jwks.of(ec521.getPublic(), "EC"), true, T0);
    KeyVaultSettings s =
        settings()
            .key(VaultObject.latest("rsa"))
            .key(VaultObject.latest("rsa-hsm"))
            .key(VaultObject.latest("ec"))
            .key(VaultObject.latest("ec-hsm"))
            .key(VaultObject.latest("ec-521"))
            .build();

    KeyMaterial m = provider(s, new MutableClock(T0)).fetch(deadline());

    assertEquals(
        Map.of(
            new KeyId("rsa", v1, true),
            rsa.getPublic(),
            new KeyId("rsa-hsm", v2, true),
            rsa.getPublic(),
            new KeyId("ec", v3, true),
            ec256.getPublic(),
            new KeyId("ec-hsm", v4, true),
            ec384.getPublic(),
            new KeyId("ec-521", v5, true),
            ec521.getPublic()),
        m.keys());
    @SuppressWarnings("unchecked")
    List<Map<String, String>> status = (List<Map<String, String>>) m.status().get("Keys");
    assertEquals(5, status.size());
    assertEquals("rsa", status.get(0).get("Name"));
    assertEquals(v1, status.get(0).get("Version"));
  }

  @Test
  void versionHistoryLimitReadsTheNewestVersionsAcrossPages() throws Exception {
    vault.pageSize(2);
    String[] v = new String[5];
    for (int i = 0; i < 5; i++) {
      // added out of creation order: the listing is sorted by creation time, not by position
      int created = (i * 3) % 5;
      v[created] =
          vault.addCertificate(
              "history",
              "application/x-pem-file",
              TestPki.pem(chain.certificates()),
              chain.leaf().certificate(),
              true,
              T0.plusSeconds(created));
    }
    KeyMaterial m =
        provider(
                settings().certificate(new VaultObject("history", "", 3)).build(),
                new MutableClock(T0))
            .fetch(deadline());

    assertEquals(
        java.util.Set.of(
            new KeyId("history", v[2], true),
            new KeyId("history", v[3], true),
            new KeyId("history", v[4], true)),
        m.certificates().keySet());
    assertEquals(
        3,
        vault.authorized("/certificates/history/versions").size(),
        "all pages followed through nextLink");
    assertTrue(
        vault.authorized("/certificates/history/versions").stream()
            .anyMatch(r -> r.contains("skiptoken=4")));
  }

  @Test
  void nextLinkToAnotherHostIsRefusedAndNeverGetsTheToken() throws Exception {
    try (FakeKeyVault home = FakeKeyVault.start();
        FakeKeyVault elsewhere = FakeKeyVault.startLike(home)) {
      for (int i = 0; i < 3; i++) {
        home.addKey(
            "paged",
            Jwks.of(TestPki.ecKeyPair("secp256r1").getPublic(), "EC"),
            true,
            T0.plusSeconds(i));
        elsewhere.addKey(
            "paged",
            Jwks.of(TestPki.ecKeyPair("secp256r1").getPublic(), "EC"),
            true,
            T0.plusSeconds(i));
      }
      home.pageSize(2);
      // same address, other port: another origin, which the SDK would follow with the bearer token
      home.nextLinkBase(elsewhere.url());
      KeyVaultSettings s =
          settings().vaultUri(home.url()).key(new VaultObject("paged", "", 3)).build();
      AzureKeyVaultProvider p =
          new AzureKeyVaultProvider("akv", s, home.connector().connect(s), new MutableClock(T0));

      RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
      assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, e.code());
      assertTrue(
          e.getMessage().contains("links to another host (" + elsewhere.url() + ")"),
          e.getMessage());
      assertEquals(List.of(), elsewhere.requests(), "the other host is never contacted");
    }
  }

  @Test
  void pinnedVersionWithHistoryLimitReadsItAndOlderOnes() throws Exception {
    String[] v = new String[4];
    for (int i = 0; i < 4; i++) {
      v[i] =
          vault.addKey(
              "key-history",
              Jwks.of(TestPki.ecKeyPair("secp256r1").getPublic(), "EC"),
              true,
              T0.plusSeconds(i));
    }
    KeyMaterial m =
        provider(
                settings().key(new VaultObject("key-history", v[2], 1)).build(),
                new MutableClock(T0))
            .fetch(deadline());

    assertEquals(
        java.util.Set.of(
            new KeyId("key-history", v[1], true), new KeyId("key-history", v[2], true)),
        m.keys().keySet());
  }

  @Test
  void pinnedVersionMissingFromTheHistoryIsAnError() throws Exception {
    vault.addKey(
        "key-missing-version", Jwks.of(TestPki.ecKeyPair("secp256r1").getPublic(), "EC"), true, T0);
    AzureKeyVaultProvider p =
        provider(
            settings().key(new VaultObject("key-missing-version", "0123abcd", 2)).build(),
            new MutableClock(T0));

    RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
    assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, e.code());
    assertTrue(
        e.getMessage().contains("'0123abcd' is not among the 1 listed versions"), e.getMessage());
  }

  @Test
  void disabledLatestCertificateIsReportedDisabledWithItsVersion() throws Exception {
    String version =
        vault.addCertificate(
            "disabled-cert",
            "application/x-pem-file",
            TestPki.pem(chain.certificates()),
            chain.leaf().certificate(),
            false,
            T0);
    KeyMaterial m =
        provider(
                settings().certificate(VaultObject.latest("disabled-cert")).build(),
                new MutableClock(T0))
            .fetch(deadline());

    assertEquals(Map.of(new KeyId("disabled-cert", version, false), List.of()), m.certificates());
    assertEquals(List.of(), m.enabledCertificates());
    assertEquals(
        List.of(
            Map.of(
                "Name",
                "disabled-cert",
                "Version",
                version,
                "Enabled",
                "false",
                "LastRefreshed",
                "2025-03-01T10:00:00Z")),
        m.status().get("Certificates"));
    assertFalse(
        vault.authorized("/certificates/disabled-cert").isEmpty(),
        "GetCertificate names the disabled version");
  }

  @Test
  void disabledVersionInTheHistoryIsReportedDisabled() throws Exception {
    String old =
        vault.addCertificate(
            "half-disabled",
            "application/x-pem-file",
            TestPki.pem(chain.certificates()),
            chain.leaf().certificate(),
            false,
            T0);
    String current =
        vault.addCertificate(
            "half-disabled",
            "application/x-pem-file",
            TestPki.pem(chain.certificates()),
            chain.leaf().certificate(),
            true,
            T0.plusSeconds(1));
    KeyMaterial m =
        provider(
                settings().certificate(new VaultObject("half-disabled", "", 2)).build(),
                new MutableClock(T0))
            .fetch(deadline());

    assertEquals(
        Map.of(
            new KeyId("half-disabled", old, false),
            List.of(),
            new KeyId("half-disabled", current, true),
            chain.certificates()),
        m.certificates());
    assertEquals(chain.certificates(), m.enabledCertificates());
  }

  @Test
  void disabledKeyIsReportedDisabled() throws Exception {
    KeyPair k = TestPki.ecKeyPair("secp256r1");
    String version = vault.addKey("disabled-key", Jwks.of(k.getPublic(), "EC"), false, T0);
    KeyMaterial m =
        provider(settings().key(VaultObject.latest("disabled-key")).build(), new MutableClock(T0))
            .fetch(deadline());

    assertEquals(Map.of(new KeyId("disabled-key", version, false), k.getPublic()), m.keys());
    assertEquals(
        "false",
        ((List<?>) m.status().get("Keys"))
            .stream().map(x -> ((Map<?, ?>) x).get("Enabled")).findFirst().orElseThrow());
  }

  @Test
  void missingCertificateIsAVaultErrorNamingIt() throws Exception {
    AzureKeyVaultProvider p =
        provider(
            settings().certificate(VaultObject.latest("no-such-cert")).build(),
            new MutableClock(T0));

    RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
    assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, e.code());
    assertTrue(
        e.getMessage()
            .contains(
                "GetSecret of certificate 'no-such-cert' in "
                    + vault.url()
                    + ": HTTP 404 SecretNotFound"),
        e.getMessage());
    assertTrue(e.remediation().orElseThrow().contains("check the name and version"));
    assertFalse(e.getMessage().contains(FakeKeyVault.TOKEN));
  }

  @Test
  void recordedErrorDoesNotKeepTheBearerTokenReachable() throws Exception {
    AzureKeyVaultProvider p =
        provider(
            settings().certificate(VaultObject.latest("no-such-cert-either")).build(),
            new MutableClock(T0));

    RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
    // the error is cached by the provider: nothing reachable from it may hold the request's
    // Authorization header
    java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      assertFalse(String.valueOf(t).contains(FakeKeyVault.TOKEN), t.toString());
      if (t instanceof com.azure.core.exception.HttpResponseException h
          && h.getResponse() != null) {
        assertEquals(
            null,
            h.getResponse()
                .getRequest()
                .getHeaders()
                .getValue(com.azure.core.http.HttpHeaderName.AUTHORIZATION),
            "an SDK exception keeps the request with its bearer token");
      }
      if (t.getCause() != null) {
        todo.push(t.getCause());
      }
      todo.addAll(List.of(t.getSuppressed()));
    }
  }

  @Test
  void missingKeyIsAVaultError() throws Exception {
    AzureKeyVaultProvider p =
        provider(settings().key(VaultObject.latest("no-such-key")).build(), new MutableClock(T0));

    RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
    assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, e.code());
    assertTrue(e.getMessage().contains("HTTP 404 KeyNotFound"), e.getMessage());
  }

  @Test
  void unsupportedContentTypeIsCertInvalid() throws Exception {
    vault.addCertificate(
        "text-secret",
        "text/plain",
        TestPki.pem(chain.certificates()),
        chain.leaf().certificate(),
        true,
        T0);
    AzureKeyVaultProvider p =
        provider(
            settings().certificate(VaultObject.latest("text-secret")).build(),
            new MutableClock(T0));

    RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
    assertEquals(ErrorCode.CERT_INVALID, e.code());
    assertTrue(
        e.getMessage().contains("unsupported secret content type 'text/plain'"), e.getMessage());
  }

  @Test
  void secretWithoutCertificateIsCertInvalidAndTheKeyNeverLeaks() throws Exception {
    String keyOnly =
        TestPki.pemBlock("PRIVATE KEY", chain.leaf().keyPair().getPrivate().getEncoded());
    vault.addCertificate(
        "key-only", "application/x-pem-file", keyOnly, chain.leaf().certificate(), true, T0);
    AzureKeyVaultProvider p =
        provider(
            settings().certificate(VaultObject.latest("key-only")).build(), new MutableClock(T0));

    RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
    assertEquals(ErrorCode.CERT_INVALID, e.code());
    String keyBase64 =
        java.util.Base64.getEncoder()
            .encodeToString(chain.leaf().keyPair().getPrivate().getEncoded());
    assertFalse(e.getMessage().contains(keyBase64.substring(10, 40)));
  }

  @Test
  void materialIsCachedThenRefreshedAfterTheInterval() throws Exception {
    KeyPair first = TestPki.ecKeyPair("secp256r1");
    String v1 = vault.addKey("refreshed", Jwks.of(first.getPublic(), "EC"), true, T0);
    MutableClock clock = new MutableClock(T0);
    AzureKeyVaultProvider p =
        provider(
            settings()
                .key(VaultObject.latest("refreshed"))
                .refreshInterval(Duration.ofMinutes(10))
                .build(),
            clock);

    KeyMaterial a = p.fetch(deadline());
    KeyPair second = TestPki.ecKeyPair("secp256r1");
    String v2 =
        vault.addKey("refreshed", Jwks.of(second.getPublic(), "EC"), true, T0.plusSeconds(1));
    clock.advance(Duration.ofMinutes(9));
    KeyMaterial cached = p.fetch(deadline());
    clock.advance(Duration.ofMinutes(2));
    KeyMaterial b = p.fetch(deadline());

    assertTrue(p.refreshable());
    assertEquals(Map.of(new KeyId("refreshed", v1, true), first.getPublic()), a.keys());
    assertEquals(a, cached, "served from memory within the interval");
    assertEquals(
        2, vault.authorized("/keys/refreshed").size(), "one read at first, one after the interval");
    assertEquals(Map.of(new KeyId("refreshed", v2, true), second.getPublic()), b.keys());
    assertEquals(T0.plus(Duration.ofMinutes(11)), b.fetchedAt());
  }

  @Test
  void failedRefreshReportsTheErrorNotStaleMaterialUntilARetrySucceeds() throws Exception {
    vault.addKey("flaky", Jwks.of(TestPki.ecKeyPair("secp256r1").getPublic(), "EC"), true, T0);
    MutableClock clock = new MutableClock(T0);
    KeyVaultSettings s =
        settings()
            .key(VaultObject.latest("flaky"))
            .refreshInterval(Duration.ofMinutes(1))
            .errorRetryInterval(Duration.ofSeconds(30))
            .build();
    AzureKeyVaultProvider p = provider(s, clock);
    p.fetch(deadline());

    clock.advance(Duration.ofMinutes(2));
    vault.failWith(503);
    try {
      RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
      assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, e.code());
      assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
      int callsAfterFailure = vault.requests().size();
      clock.advance(Duration.ofSeconds(10));
      RatifyException again =
          assertThrows(
              RatifyException.class,
              () -> p.fetch(deadline()),
              "still the error, not the old keys");
      assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, again.code());
      assertEquals(
          callsAfterFailure,
          vault.requests().size(),
          "the error is served from memory within the retry interval");
    } finally {
      vault.failWith(0);
    }
    clock.advance(Duration.ofSeconds(30));
    assertEquals(1, p.fetch(deadline()).keys().size(), "a successful read clears the error");
  }

  @Test
  void unreachableVaultIsAnErrorNeverEmptyMaterial() throws Exception {
    FakeKeyVault gone = FakeKeyVault.start();
    String url = gone.url();
    KeyVaultSettings s =
        KeyVaultSettings.builder()
            .vaultUri(url)
            .tenantId(FakeKeyVault.TENANT)
            .clientId("client")
            .certificate(VaultObject.latest("signer"))
            .maxRetries(0)
            .build();
    VaultClients clients = gone.connector().connect(s);
    gone.close();
    KeyManagementProvider p = new AzureKeyVaultProvider("akv", s, clients, new MutableClock(T0));

    RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
    assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, e.code());
    assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
  }

  @Test
  void slowVaultIsCutOffByTheCallTimeout() throws Exception {
    vault.addKey("slow", Jwks.of(TestPki.ecKeyPair("secp256r1").getPublic(), "EC"), true, T0);
    AzureKeyVaultProvider p =
        provider(
            settings()
                .key(VaultObject.latest("slow"))
                .callTimeout(Duration.ofMillis(300))
                .maxRetries(0)
                .build(),
            new MutableClock(T0));
    vault.delay(3000);
    try {
      RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
      assertEquals(ErrorCode.TIMEOUT, e.code());
    } finally {
      vault.delay(0);
    }
  }

  @Test
  void expiredDeadlineMakesNoCall() throws Exception {
    AzureKeyVaultProvider p =
        provider(settings().key(VaultObject.latest("never-read")).build(), new MutableClock(T0));

    RatifyException e =
        assertThrows(RatifyException.class, () -> p.fetch(Deadline.after(Duration.ZERO)));
    assertEquals(ErrorCode.TIMEOUT, e.code());
    assertTrue(vault.requests().stream().noneMatch(r -> r.contains("never-read")));
  }

  @Test
  void rejectedTokenIsAVaultErrorThatNeverQuotesATokenRequestOrSecret() throws Exception {
    KeyVaultSettings s = settings().certificate(VaultObject.latest("any")).maxRetries(0).build();
    com.azure.core.credential.TokenCredential wrong =
        request ->
            reactor.core.publisher.Mono.just(
                new com.azure.core.credential.AccessToken(
                    "not-the-token",
                    java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusHours(1)));
    AzureKeyVaultProvider p =
        new AzureKeyVaultProvider(
            "akv",
            s,
            VaultConnector.using(wrong, vault.httpClient(), false).connect(s),
            new MutableClock(T0));

    RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
    assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, e.code());
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    assertTrue(e.remediation().orElseThrow().contains("workload identity"));
    assertFalse(e.getMessage().contains("not-the-token"), e.getMessage());
  }

  @Test
  void credentialThatCannotGetATokenIsAVaultError() throws Exception {
    KeyVaultSettings s = settings().certificate(VaultObject.latest("any")).maxRetries(0).build();
    com.azure.core.credential.TokenCredential failing =
        request ->
            reactor.core.publisher.Mono.error(
                new com.azure.core.exception.ClientAuthenticationException(
                    "AADSTS70021: No matching federated identity record found", null));
    AzureKeyVaultProvider p =
        new AzureKeyVaultProvider(
            "akv",
            s,
            VaultConnector.using(failing, vault.httpClient(), false).connect(s),
            new MutableClock(T0));

    RatifyException e = assertThrows(RatifyException.class, () -> p.fetch(deadline()));
    assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, e.code());
    assertTrue(e.getMessage().contains("no access token could be obtained"), e.getMessage());
  }

  @Test
  void concurrentFetchesShareOneRead() throws Exception {
    String version =
        vault.addKey("shared", Jwks.of(TestPki.ecKeyPair("secp256r1").getPublic(), "EC"), true, T0);
    AzureKeyVaultProvider p =
        provider(settings().key(VaultObject.latest("shared")).build(), new MutableClock(T0));
    vault.delay(150);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<KeyMaterial>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        results.add(pool.submit(() -> p.fetch(deadline())));
      }
      for (java.util.concurrent.Future<KeyMaterial> f : results) {
        assertEquals(java.util.Set.of(new KeyId("shared", version, true)), f.get().keys().keySet());
      }
    } finally {
      vault.delay(0);
      pool.shutdownNow();
    }
    assertEquals(1, vault.authorized("/keys/shared").size(), "one vault read for all callers");
  }

  @Test
  void readCutShortByTheCallersDeadlineIsNotRecorded() throws Exception {
    vault.addKey("impatient", Jwks.of(TestPki.ecKeyPair("secp256r1").getPublic(), "EC"), true, T0);
    AzureKeyVaultProvider p =
        provider(
            settings().key(VaultObject.latest("impatient")).maxRetries(0).build(),
            new MutableClock(T0));
    vault.delay(2000);
    try {
      RatifyException e =
          assertThrows(
              RatifyException.class, () -> p.fetch(Deadline.after(Duration.ofMillis(200))));
      assertEquals(ErrorCode.TIMEOUT, e.code());
    } finally {
      vault.delay(0);
    }
    assertEquals(
        1,
        p.fetch(deadline()).keys().size(),
        "the next caller reads again instead of getting a recorded timeout");
  }
}
