package io.ratify.keyvault.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.keyvault.testing.FakeAzure;
import io.ratify.keyvault.testing.ImdsRedirect;
import io.ratify.spi.RegistryCredential;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACR credential provider with the real azure-identity client against Entra, IMDS and ACR
 * doubles over HTTPS on 127.0.0.1 (their endpoints named through the provider's {@code endpoints},
 * never by weakening the default scoping).
 */
class AcrCredentialProviderTest {
  private static final String CLIENT = "11111111-2222-3333-4444-555555555555";

  @TempDir Path dir;
  FakeAzure azure;
  Path tokenFile;
  final List<AcrCredentialProvider> providers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    azure = FakeAzure.start();
    tokenFile = Files.writeString(dir.resolve("azure-identity-token"), "sa-token-1");
    azure.expectAssertion(CLIENT, "sa-token-1");
  }

  @AfterEach
  void stop() {
    providers.forEach(AcrCredentialProvider::close);
    azure.close();
  }

  private Map<String, String> env() {
    return Map.of(
        "AZURE_FEDERATED_TOKEN_FILE",
        tokenFile.toString(),
        "AZURE_AUTHORITY_HOST",
        azure.url(),
        "AZURE_CLIENT_ID",
        CLIENT,
        "AZURE_TENANT_ID",
        FakeAzure.TENANT);
  }

  private AcrCredentialProvider workloadIdentity(RegistryEndpoints endpoints, Duration timeout)
      throws RatifyException {
    AzureIdentity id =
        new AzureIdentity(
            AzureIdentity.Kind.WORKLOAD_IDENTITY,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            true);
    Map<String, String> env = env();
    AcrCredentialProvider p =
        new AcrCredentialProvider(
            "test",
            id,
            id.credential(env::get, azure.azureHttpClient()),
            endpoints,
            env::get,
            azure.exchangeHttpClient(),
            timeout);
    providers.add(p);
    return p;
  }

  private AcrCredentialProvider workloadIdentity() throws RatifyException {
    // generous: a loaded CI machine initialises MSAL slowly; the timeout tests set their own bounds
    return workloadIdentity(local(), Duration.ofSeconds(45));
  }

  private RegistryEndpoints local() {
    return new RegistryEndpoints(List.of(azure.host()));
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(60));
  }

  /** Trades the refresh token at ACR's token endpoint, as the registry store does. */
  private int accessTokenStatus(String refreshToken) throws Exception {
    String form =
        "grant_type=refresh_token&service="
            + URLEncoder.encode(azure.host(), StandardCharsets.UTF_8)
            + "&scope=repository:demo/app:pull&refresh_token="
            + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
    return azure
        .exchangeHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(azure.url() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void workloadIdentityIsExchangedOnceAndReused() throws Exception {
    AcrCredentialProvider p = workloadIdentity();
    RegistryCredential first = p.credential(azure.host(), deadline()).orElseThrow();
    for (int i = 0; i < 999; i++) {
      assertEquals(first, p.credential(azure.host(), deadline()).orElseThrow());
    }
    assertTrue(first.isIdentityToken());
    assertEquals(RegistryCredential.TokenRealms.REGISTRY_HOST_ONLY, first.realms());
    assertEquals(1, azure.exchanges(), "1,000 uses, one exchange");
    assertEquals(1, p.exchanges());
    assertEquals(List.of("sa-token-1"), azure.assertions(), "the token file is the assertion");
    assertEquals(200, accessTokenStatus(first.secret()), "ACR accepts the refresh token");
    assertEquals(List.of(), azure.problems());
    assertFalse(first.toString().contains(first.secret()));
  }

  @Test
  void concurrentFirstUsesShareOneExchange() throws Exception {
    azure.exchangeDelay(Duration.ofMillis(400));
    AcrCredentialProvider p = workloadIdentity();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<RegistryCredential>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Callable<RegistryCredential> c =
            () -> {
              go.await();
              return p.credential(azure.host(), deadline()).orElseThrow();
            };
        results.add(pool.submit(c));
      }
      go.countDown();
      RegistryCredential first = results.get(0).get();
      for (Future<RegistryCredential> f : results) {
        assertEquals(first, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, azure.exchanges());
    assertEquals(1, azure.entraCalls());
  }

  @Test
  void refreshTokenIsRenewedInTheBackgroundBeforeItExpires() throws Exception {
    // 8 s refresh token: renewed a quarter of its life (2 s) before expiry, without a caller
    azure.refreshLifetime(Duration.ofSeconds(8));
    AcrCredentialProvider p = workloadIdentity();
    RegistryCredential first = p.credential(azure.host(), deadline()).orElseThrow();
    long issued = System.nanoTime();
    assertEquals(1, azure.exchanges());
    Thread.sleep(4_000);
    assertEquals(1, azure.exchanges(), "not renewed while fresh");
    while (azure.exchanges() < 2 && System.nanoTime() - issued < 7_500_000_000L) {
      Thread.sleep(20);
    }
    assertEquals(2, azure.exchanges(), "renewed by the timer, before expiry");
    // the renewed token is served once the exchange has answered; asking meanwhile costs nothing
    RegistryCredential second = p.credential(azure.host(), deadline()).orElseThrow();
    while (second.equals(first) && System.nanoTime() - issued < 7_900_000_000L) {
      Thread.sleep(20);
      second = p.credential(azure.host(), deadline()).orElseThrow();
    }
    int exchanges = azure.exchanges();
    assertEquals(2, exchanges, "no exchange besides the renewal");
    assertNotEquals(first.secret(), second.secret());
    assertEquals(exchanges, azure.exchanges(), "the caller got the renewed token, no exchange");
    assertEquals(200, accessTokenStatus(second.secret()));
  }

  @Test
  void rotatedFederatedTokenFileIsReadAgain() throws Exception {
    // Entra tokens of 2 s: each renewal needs a new Entra token, hence the file again
    azure.entraLifetime(Duration.ofSeconds(2));
    AcrCredentialProvider p = workloadIdentity();
    assertTrue(p.credential(azure.host(), deadline()).isPresent());
    Files.writeString(tokenFile, "sa-token-2");
    azure.expectAssertion(CLIENT, "sa-token-2");
    Thread.sleep(2_500);
    assertTrue(p.credential(azure.host(), deadline()).isPresent());
    assertTrue(azure.exchanges() >= 2, "exchanges: " + azure.exchanges());
    assertEquals("sa-token-1", azure.assertions().get(0));
    assertEquals("sa-token-2", azure.assertions().get(azure.assertions().size() - 1));
    assertEquals(List.of(), azure.problems());
  }

  @Test
  void entraRefusalIsAuthDeniedWithEntrasMessage() throws Exception {
    azure.entraError("AADSTS700213: No matching federated identity record found.");
    AcrCredentialProvider p = workloadIdentity();
    RatifyException e =
        assertThrows(RatifyException.class, () -> p.credential(azure.host(), deadline()));
    assertEquals(ErrorCode.AUTH_DENIED, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("AADSTS700213"), e.getMessage());
    assertEquals(0, azure.exchanges(), "no exchange without an Entra token");
  }

  @Test
  void acrRefusalIsAuthDeniedWithAcrsMessage() throws Exception {
    azure.exchangeStatus(401);
    AcrCredentialProvider p = workloadIdentity();
    RatifyException e =
        assertThrows(RatifyException.class, () -> p.credential(azure.host(), deadline()));
    assertEquals(ErrorCode.AUTH_DENIED, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("401"), e.getMessage());
    assertTrue(e.getMessage().contains("identity is not authorized"), e.getMessage());
    assertTrue(e.getMessage().contains("AcrPull"), e.getMessage());
  }

  @Test
  void stalledExchangeEndsAtTheDeadline() throws Exception {
    azure.exchangeDelay(Duration.ofSeconds(8));
    AcrCredentialProvider p = workloadIdentity();
    long t0 = System.nanoTime();
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> p.credential(azure.host(), Deadline.after(Duration.ofMillis(1500))));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("ACR token exchange"), e.getMessage());
    assertTrue(ms < 3_000, "ended after " + ms + " ms");
  }

  @Test
  void stalledExchangeEndsAtTheExchangeTimeout() throws Exception {
    azure.exchangeDelay(Duration.ofSeconds(8));
    AcrCredentialProvider p = workloadIdentity(local(), Duration.ofMillis(1200));
    RatifyException e =
        assertThrows(RatifyException.class, () -> p.credential(azure.host(), deadline()));
    assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
  }

  @Test
  void hostsOutsideTheEndpointsGetNoAzureCredentialAtAll() throws Exception {
    AcrCredentialProvider defaults =
        workloadIdentity(RegistryEndpoints.DEFAULT, Duration.ofSeconds(5));
    for (String host :
        List.of(
            azure.host(),
            "azurecr.io",
            "a.b.azurecr.io",
            "myacr.azurecr.io.evil.example",
            "evil.example",
            "myacr.azurecr.io:8443")) {
      assertEquals(Optional.empty(), defaults.credential(host, deadline()), host);
    }
    assertEquals(0, azure.entraCalls(), "no Entra token is even requested");
    assertEquals(0, azure.exchanges());
    assertTrue(RegistryEndpoints.DEFAULT.allows("myacr.azurecr.io"));
    assertTrue(RegistryEndpoints.DEFAULT.allows("MyAcr.AzureCR.us"));
    assertTrue(RegistryEndpoints.DEFAULT.allows("myacr.azurecr.de"));
  }

  @Test
  void endpointEntriesAreChecked() {
    for (Object bad : List.of("*", "example.*", "*.*.azurecr.io", "a*.azurecr.io", "*.", "", 7)) {
      assertTrue(RegistryEndpoints.parse(List.of(bad)).problem().isPresent(), "" + bad);
    }
    assertEquals(
        Optional.of(RegistryEndpoints.DEFAULT), RegistryEndpoints.parse(List.of()).endpoints());
    assertTrue(
        RegistryEndpoints.parse(List.of("registry.example:5000"))
            .endpoints()
            .get()
            .allows("registry.example:5000"));
  }

  @Test
  void managedIdentityThroughImds() throws Exception {
    azure.expectImdsClientId(Optional.of(CLIENT));
    AzureIdentity id =
        new AzureIdentity(
            AzureIdentity.Kind.MANAGED_IDENTITY,
            Optional.of(FakeAzure.TENANT),
            Optional.of(CLIENT),
            Optional.empty(),
            false);
    Map<String, String> env = Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", azure.imdsUrl());
    ImdsRedirect http = new ImdsRedirect(azure.azureHttpClient(), azure.imdsUrl());
    AcrCredentialProvider p =
        new AcrCredentialProvider(
            "mi",
            id,
            id.credential(env::get, http),
            local(),
            env::get,
            azure.exchangeHttpClient(),
            Duration.ofSeconds(10));
    providers.add(p);
    RegistryCredential c = p.credential(azure.host(), deadline()).orElseThrow();
    assertEquals(200, accessTokenStatus(c.secret()));
    assertTrue(azure.imdsCalls() >= 1);
    assertEquals(1, azure.exchanges());
    assertEquals(0, azure.entraCalls(), "managed identity never uses the token endpoint");
    assertEquals(List.of(), azure.problems());
  }

  @Test
  void noTokenIsEverLoggedOrPutInAMessage() throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> messages = new ArrayList<>();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      azure.refreshLifetime(Duration.ofSeconds(2));
      AcrCredentialProvider p = workloadIdentity();
      p.credential(azure.host(), deadline());
      Thread.sleep(1_800);
      p.credential(azure.host(), deadline());
      azure.exchangeStatus(401);
      Thread.sleep(2_200);
      try {
        p.credential(azure.host(), deadline());
      } catch (RatifyException e) {
        messages.add(e.getMessage());
      }
    } finally {
      System.setErr(saved);
    }
    String log = captured.toString(StandardCharsets.UTF_8) + String.join("\n", messages);
    assertTrue(log.contains("ACR refresh token"), "debug lines were captured: " + log);
    for (String token : azure.issuedTokens()) {
      assertFalse(log.contains(token), "a token reached the log");
      assertFalse(log.contains(token.substring(token.indexOf('.') + 1)), "a token part");
    }
    assertFalse(log.contains("sa-token-1"), "the service account token reached the log");
  }
}
