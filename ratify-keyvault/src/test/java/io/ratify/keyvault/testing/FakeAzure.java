package io.ratify.keyvault.testing;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ratify.api.testing.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Microsoft Entra ID, Azure IMDS and Azure Container Registry doubles on 127.0.0.1, speaking the
 * documented protocols and checking every request they receive:
 *
 * <ul>
 *   <li>Entra's token endpoint ({@code POST /<tenant>/oauth2/v2.0/token}, HTTPS): client
 *       credentials with a federated client assertion, which must be the expected service account
 *       token; the scope must be ACR's;
 *   <li>IMDS ({@code GET /metadata/identity/oauth2/token}, plain HTTP as the real one): the {@code
 *       Metadata: true} header, {@code api-version}, the ACR resource, an optional {@code
 *       client_id};
 *   <li>ACR's {@code POST /oauth2/exchange} ({@code grant_type=access_token}, {@code service},
 *       {@code tenant}, {@code access_token} of an issued Entra token) and {@code POST
 *       /oauth2/token} ({@code grant_type=refresh_token}, {@code service}, {@code scope}, an issued
 *       {@code refresh_token});
 *   <li>a registry gate: {@code /v2/...} demands an issued ACR access token (401 with a bearer
 *       challenge otherwise) and forwards to a backend registry, such as a real {@code
 *       docker-registry} on 127.0.0.1.
 * </ul>
 */
public final class FakeAzure implements AutoCloseable {
  /** The tenant tokens are issued for. */
  public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  /** The ACR scope Entra must be asked for. */
  public static final String ACR_SCOPE = "https://containerregistry.azure.net/.default";

  private final HttpsServer https;
  private final HttpServer imds;
  private final ExecutorService executor;
  private final SSLContext tls;
  private final X509Certificate certificate;
  private final java.net.http.HttpClient backendClient =
      java.net.http.HttpClient.newBuilder()
          .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
          .build();
  private final Set<String> entraTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  private final List<String> assertions = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<String> authorizationsSeen = new CopyOnWriteArrayList<>();
  private final AtomicInteger entraCalls = new AtomicInteger();
  private final AtomicInteger imdsCalls = new AtomicInteger();
  private final AtomicInteger exchangeCalls = new AtomicInteger();
  private final AtomicInteger tokenCalls = new AtomicInteger();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile String expectedAssertion = "";
  private volatile String expectedClientId = "";
  private volatile Optional<String> expectedImdsClientId = Optional.empty();
  private volatile long entraLifetimeSeconds = 3600;
  private volatile long refreshLifetimeSeconds = 3 * 3600;
  private volatile int exchangeStatus = 200;
  private volatile long exchangeDelayMillis;
  private volatile String entraError = "";
  private volatile Optional<URI> backend = Optional.empty();
  private volatile Optional<String> realmOverride = Optional.empty();
  private volatile Optional<String> blobRedirect = Optional.empty();

  private FakeAzure() throws Exception {
    TestPki.Issued cert = TestPki.tlsServer();
    this.certificate = cert.certificate();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pw = "test".toCharArray();
    ks.setKeyEntry("tls", cert.keyPair().getPrivate(), pw, new X509Certificate[] {certificate});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trustStore());
    tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-azure");
              t.setDaemon(true);
              return t;
            });
    https =
        HttpsServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 64);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.setExecutor(executor);
    https.createContext("/", this::handleHttps);
    https.start();
    imds =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 64);
    imds.setExecutor(executor);
    imds.createContext("/", this::handleImds);
    imds.start();
  }

  /** Starts the doubles with a fresh self-signed certificate for 127.0.0.1. */
  public static FakeAzure start() {
    try {
      return new FakeAzure();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code https://127.0.0.1:<port>}: Entra's authority host and the ACR registry. */
  public String url() {
    return "https://" + host();
  }

  /** The registry host, {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + https.getAddress().getPort();
  }

  /** The IMDS endpoint, {@code http://127.0.0.1:<port>}. */
  public String imdsUrl() {
    return "http://127.0.0.1:" + imds.getAddress().getPort();
  }

  /** The TLS context trusting this double (and nothing else). */
  public SSLContext tls() {
    return tls;
  }

  /** A key store holding the double's certificate. */
  public KeyStore trustStore() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("fake-azure", certificate);
    return trust;
  }

  /** Writes {@link #trustStore()} as a PKCS12 file. */
  public Path writeTrustStore(Path file, char[] password) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      trustStore().store(out, password);
    }
    return file;
  }

  /** A JDK HTTP client for azure-identity that trusts this double. */
  public HttpClient azureHttpClient() {
    return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(tls)).build();
  }

  /** A client for the exchange that trusts this double and follows no redirect. */
  public java.net.http.HttpClient exchangeHttpClient() {
    return java.net.http.HttpClient.newBuilder()
        .sslContext(tls)
        .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** The client assertion (service account token) and client ID Entra accepts. */
  public void expectAssertion(String clientId, String assertion) {
    this.expectedClientId = clientId;
    this.expectedAssertion = assertion;
  }

  /** The client ID IMDS expects (empty: the system-assigned identity, no client_id). */
  public void expectImdsClientId(Optional<String> clientId) {
    this.expectedImdsClientId = clientId;
  }

  /** Lifetime of issued Entra tokens. */
  public void entraLifetime(Duration d) {
    entraLifetimeSeconds = d.toSeconds();
  }

  /** Lifetime ({@code exp}) of issued ACR refresh tokens. */
  public void refreshLifetime(Duration d) {
    refreshLifetimeSeconds = d.toSeconds();
  }

  /** Entra answers every token request with this AADSTS error (empty: healthy). */
  public void entraError(String aadsts) {
    entraError = aadsts;
  }

  /** ACR answers exchanges with this status (200: healthy). */
  public void exchangeStatus(int status) {
    exchangeStatus = status;
  }

  /** ACR waits this long before answering an exchange. */
  public void exchangeDelay(Duration d) {
    exchangeDelayMillis = d.toMillis();
  }

  /** Forward authorised {@code /v2/} requests to this registry. */
  public void backend(URI registry) {
    backend = Optional.of(registry);
  }

  /** Answer authorised blob requests with a 307 to this base URL (blob storage elsewhere). */
  public void redirectBlobsTo(String base) {
    blobRedirect = Optional.of(base);
  }

  /** Name this realm in the registry's bearer challenge instead of its own token endpoint. */
  public void realm(String realm) {
    realmOverride = Optional.of(realm);
  }

  public int entraCalls() {
    return entraCalls.get();
  }

  public int imdsCalls() {
    return imdsCalls.get();
  }

  public int exchanges() {
    return exchangeCalls.get();
  }

  public int tokenCalls() {
    return tokenCalls.get();
  }

  /** The client assertions Entra received. */
  public List<String> assertions() {
    return List.copyOf(assertions);
  }

  /** Every token this double issued (Entra, refresh and access tokens). */
  public Set<String> issuedTokens() {
    Set<String> all = new java.util.HashSet<>(entraTokens);
    all.addAll(refreshTokens);
    all.addAll(accessTokens);
    return all;
  }

  /** Requests that broke the protocol (empty when every request was as documented). */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  private void handleHttps(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.endsWith("/oauth2/v2.0/token") && method.equals("POST")) {
        entra(ex, path);
      } else if (path.equals("/oauth2/exchange") && method.equals("POST")) {
        exchange(ex);
      } else if (path.equals("/oauth2/token") && method.equals("POST")) {
        acrToken(ex);
      } else if (path.startsWith("/v2/")) {
        registry(ex);
      } else {
        problems.add("unexpected " + method + " " + path);
        send(ex, 404, Map.of("error", "not_found"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void entra(HttpExchange ex, String path) throws IOException {
    entraCalls.incrementAndGet();
    Map<String, String> form = form(ex);
    String tenant = path.split("/")[1];
    check(tenant.equals(TENANT), "entra: tenant " + tenant);
    check("client_credentials".equals(form.get("grant_type")), "entra: grant_type");
    check(
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            .equals(form.get("client_assertion_type")),
        "entra: client_assertion_type");
    check(form.getOrDefault("scope", "").contains(ACR_SCOPE), "entra: scope " + form.get("scope"));
    assertions.add(form.getOrDefault("client_assertion", ""));
    if (!entraError.isEmpty()) {
      send(
          ex,
          400,
          Map.of(
              "error",
              "invalid_client",
              "error_description",
              entraError + " Trace ID: 0000 Correlation ID: 0000",
              "error_codes",
              List.of(700213)));
      return;
    }
    if (!expectedClientId.equals(form.get("client_id"))
        || !expectedAssertion.equals(form.get("client_assertion"))) {
      send(
          ex,
          401,
          Map.of(
              "error",
              "invalid_client",
              "error_description",
              "AADSTS700024: Client assertion is not within its valid time range."));
      return;
    }
    String token = jwt(Map.of("tid", TENANT, "aud", "https://containerregistry.azure.net"));
    entraTokens.add(token);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "Bearer");
    body.put("expires_in", entraLifetimeSeconds);
    body.put("ext_expires_in", entraLifetimeSeconds);
    body.put("access_token", token);
    send(ex, 200, body);
  }

  private void handleImds(HttpExchange ex) throws IOException {
    try (ex) {
      imdsCalls.incrementAndGet();
      URI uri = ex.getRequestURI();
      Map<String, String> q = params(Optional.ofNullable(uri.getRawQuery()).orElse(""));
      // MSAL joins AZURE_POD_IDENTITY_AUTHORITY_HOST and the path with a doubled slash; the
      // link-local IMDS, like most servers, treats repeated slashes as one
      // (a request target starting with "//" even parses as an authority: compare the raw text)
      String raw = uri.toString();
      String path = (raw.indexOf('?') >= 0 ? raw.substring(0, raw.indexOf('?')) : raw);
      if (!path.replaceAll("/+", "/").equals("/metadata/identity/oauth2/token")) {
        problems.add("imds: path " + path);
        send(ex, 404, Map.of("error", "not_found"));
        return;
      }
      if (!"true".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Metadata"))) {
        // what IMDS answers a request without the header (azure-identity's availability probe
        // sends none on purpose)
        send(
            ex,
            400,
            Map.of(
                "error",
                "invalid_request",
                "error_description",
                "Required metadata header not specified"));
        return;
      }
      check(q.containsKey("api-version"), "imds: api-version");
      check(
          "https://containerregistry.azure.net".equals(q.get("resource")),
          "imds: resource " + q.get("resource"));
      check(
          Optional.ofNullable(q.get("client_id")).equals(expectedImdsClientId),
          "imds: client_id " + q.get("client_id"));
      String token = jwt(Map.of("tid", TENANT, "aud", "https://containerregistry.azure.net"));
      entraTokens.add(token);
      long now = System.currentTimeMillis() / 1000;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("access_token", token);
      body.put("client_id", expectedImdsClientId.orElse("system-assigned"));
      body.put("expires_in", String.valueOf(entraLifetimeSeconds));
      body.put("expires_on", String.valueOf(now + entraLifetimeSeconds));
      body.put("ext_expires_in", String.valueOf(entraLifetimeSeconds));
      body.put("not_before", String.valueOf(now));
      body.put("resource", "https://containerregistry.azure.net");
      body.put("token_type", "Bearer");
      send(ex, 200, body);
    }
  }

  private void exchange(HttpExchange ex) throws IOException, InterruptedException {
    exchangeCalls.incrementAndGet();
    Map<String, String> form = form(ex);
    if (exchangeDelayMillis > 0) {
      Thread.sleep(exchangeDelayMillis);
    }
    check("access_token".equals(form.get("grant_type")), "exchange: grant_type");
    check(host().equals(form.get("service")), "exchange: service " + form.get("service"));
    check(TENANT.equals(form.get("tenant")), "exchange: tenant " + form.get("tenant"));
    if (exchangeStatus != 200 || !entraTokens.contains(form.getOrDefault("access_token", ""))) {
      int status = exchangeStatus != 200 ? exchangeStatus : 401;
      send(
          ex,
          status,
          Map.of(
              "errors",
              List.of(
                  Map.of(
                      "code",
                      "UNAUTHORIZED",
                      "message",
                      "identity is not authorized to access this registry"))));
      return;
    }
    String refresh =
        jwt(
            Map.of(
                "exp",
                System.currentTimeMillis() / 1000 + refreshLifetimeSeconds,
                "grant_type",
                "refresh_token"));
    refreshTokens.add(refresh);
    send(ex, 200, Map.of("refresh_token", refresh));
  }

  private void acrToken(HttpExchange ex) throws IOException {
    tokenCalls.incrementAndGet();
    Map<String, String> form = form(ex);
    check("refresh_token".equals(form.get("grant_type")), "token: grant_type");
    check(host().equals(form.get("service")), "token: service " + form.get("service"));
    check(form.getOrDefault("scope", "").startsWith("repository:"), "token: scope");
    if (!refreshTokens.contains(form.getOrDefault("refresh_token", ""))) {
      send(
          ex,
          401,
          Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED", "message", "bad refresh"))));
      return;
    }
    String access = jwt(Map.of("access", form.get("scope")));
    accessTokens.add(access);
    send(ex, 200, Map.of("access_token", access));
  }

  private void registry(HttpExchange ex) throws IOException, InterruptedException {
    String auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("");
    authorizationsSeen.add(auth);
    if (!auth.startsWith("Bearer ") || !accessTokens.contains(auth.substring(7))) {
      String realm = realmOverride.orElse(url() + "/oauth2/token");
      ex.getResponseHeaders()
          .add("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"" + host() + "\"");
      send(ex, 401, Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED", "message", "auth"))));
      return;
    }
    if (blobRedirect.isPresent() && ex.getRequestURI().getPath().contains("/blobs/")) {
      ex.getResponseHeaders().add("Location", blobRedirect.get() + ex.getRequestURI().getPath());
      ex.sendResponseHeaders(307, -1);
      return;
    }
    if (backend.isEmpty()) {
      send(ex, 404, Map.of("errors", List.of(Map.of("code", "NAME_UNKNOWN", "message", "none"))));
      return;
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(backend.get().resolve(ex.getRequestURI().toString()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
    String accept = ex.getRequestHeaders().getFirst("Accept");
    if (accept != null) {
      b.header("Accept", accept);
    }
    HttpResponse<byte[]> r = backendClient.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    for (String h : List.of("Content-Type", "Docker-Content-Digest", "Location", "Link")) {
      r.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().add(h, v));
    }
    boolean head = ex.getRequestMethod().equals("HEAD");
    long length = r.headers().firstValueAsLong("Content-Length").orElse(r.body().length);
    if (head) {
      ex.getResponseHeaders().add("Content-Length", String.valueOf(length));
      ex.sendResponseHeaders(r.statusCode(), -1);
      return;
    }
    ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
    if (r.body().length > 0) {
      ex.getResponseBody().write(r.body());
    }
  }

  /** The Authorization headers the registry gate received. */
  public List<String> registryAuthorizations() {
    return List.copyOf(authorizationsSeen);
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      problems.add(what);
    }
  }

  private String jwt(Map<String, Object> claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    StringBuilder json = new StringBuilder("{");
    claims.forEach(
        (k, v) ->
            json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v instanceof String ? "\"" + v + "\"" : v));
    json.append(",\"jti\":\"")
        .append(counter.incrementAndGet())
        .append("-")
        .append(System.nanoTime())
        .append("\"}");
    return b64.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(("sig" + counter.get()).getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    return params(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static Map<String, String> params(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, Map<String, ?> body) throws IOException {
    byte[] bytes = toJson(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static String toJson(Object v) {
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      m.forEach(
          (k, x) ->
              b.append(b.length() > 1 ? "," : "").append(toJson(k)).append(":").append(toJson(x)));
      return b.append("}").toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      l.forEach(x -> b.append(b.length() > 1 ? "," : "").append(toJson(x)));
      return b.append("]").toString();
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() {
    https.stop(0);
    imds.stop(0);
    executor.shutdownNow();
  }
}
