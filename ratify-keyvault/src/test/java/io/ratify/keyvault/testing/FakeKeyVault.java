package io.ratify.keyvault.testing;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ratify.api.testing.TestPki;
import io.ratify.keyvault.internal.VaultConnector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import reactor.core.publisher.Mono;

/**
 * An in-process Azure Key Vault double over HTTPS on 127.0.0.1, speaking the parts of the Key Vault
 * REST API the provider uses: the bearer challenge (401 with {@code WWW-Authenticate}, then the
 * token), {@code api-version} on every request, GetSecret, GetCertificate, GetKey, certificate and
 * key version listings paged with {@code nextLink}, 403 {@code SecretDisabled}, 404 {@code
 * *NotFound}. The real Azure SDK client talks to it.
 */
public final class FakeKeyVault implements AutoCloseable {
  public static final String TENANT = "00000000-0000-0000-0000-000000000000";

  /** The only token the vault accepts; tests check it never shows up in messages. */
  public static final String TOKEN =
      "fake-token-" + HexFormat.of().formatHex(new byte[] {7, 42, 99, 1});

  private record Version(
      String version, Instant created, boolean enabled, Map<String, Object> content) {}

  private final HttpsServer server;
  private final ExecutorService executor;
  private final SSLContext tls;
  private final Map<String, List<Version>> certificates = new ConcurrentHashMap<>();
  private final Map<String, List<Version>> keys = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> tokenTenants = new CopyOnWriteArrayList<>();
  private final List<String> assertions = new CopyOnWriteArrayList<>();
  private final AtomicInteger versionCounter = new AtomicInteger();
  private volatile int failStatus;
  private volatile long delayMillis;
  private volatile int pageSize = 2;
  private volatile String nextLinkBase;
  private final Map<String, String> rawBodies = new ConcurrentHashMap<>();

  private FakeKeyVault(SSLContext tls) throws IOException {
    this.tls = tls;
    this.server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-key-vault");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a vault with a fresh self-signed certificate for 127.0.0.1. */
  public static FakeKeyVault start() {
    try {
      TestPki.Issued tlsCert = TestPki.tlsServer();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "test".toCharArray();
      ks.setKeyEntry(
          "tls", tlsCert.keyPair().getPrivate(), pw, new X509Certificate[] {tlsCert.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("tls", tlsCert.certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return new FakeKeyVault(ctx);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts another vault on another port with the same TLS certificate, so clients of {@code other}
   * trust it.
   */
  public static FakeKeyVault startLike(FakeKeyVault other) {
    try {
      return new FakeKeyVault(other.tls);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The vault URL, {@code https://127.0.0.1:<port>}. */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A JDK HTTP client for the SDK that trusts this vault's certificate (and nothing else). */
  public HttpClient httpClient() {
    return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(tls)).build();
  }

  /** A credential that hands out {@link #TOKEN} and records the tenant it was asked for. */
  public TokenCredential credential() {
    return request -> {
      tokenTenants.add(Optional.ofNullable(request.getTenantId()).orElse(""));
      return Mono.just(new AccessToken(TOKEN, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
    };
  }

  /**
   * Clients for this vault: its credential, its TLS trust, the challenge resource check off
   * (127.0.0.1).
   */
  public VaultConnector connector() {
    return VaultConnector.using(credential(), httpClient(), false);
  }

  /**
   * Stores a certificate version: its secret holds {@code value} of {@code contentType}; returns
   * the version id.
   */
  public String addCertificate(
      String name,
      String contentType,
      String value,
      X509Certificate leaf,
      boolean enabled,
      Instant created) {
    String version = newVersion();
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("contentType", contentType);
    content.put("value", value);
    content.put("leaf", leaf);
    certificates
        .computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
        .add(new Version(version, created, enabled, content));
    return version;
  }

  /**
   * Stores a key version with the JWK members {@code jwk} (kty, n, e or crv, x, y); returns the
   * version id.
   */
  public String addKey(String name, Map<String, Object> jwk, boolean enabled, Instant created) {
    String version = newVersion();
    keys.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
        .add(new Version(version, created, enabled, jwk));
    return version;
  }

  /** Answers every vault request with this status (0: healthy again). */
  public void failWith(int status) {
    this.failStatus = status;
  }

  /** Waits this long before answering. */
  public void delay(long millis) {
    this.delayMillis = millis;
  }

  /** Items per page of a version listing. */
  public void pageSize(int size) {
    this.pageSize = size;
  }

  /**
   * Points the {@code nextLink} of version listings at {@code base} (another host) instead of this
   * vault.
   */
  public void nextLinkBase(String base) {
    this.nextLinkBase = base;
  }

  /**
   * Answers authorized GETs of {@code path} with 200 and {@code body} verbatim (malformed answers).
   */
  public void rawBody(String path, String body) {
    rawBodies.put(path, body);
  }

  /**
   * Every request as {@code "METHOD /path?query auth"}, where auth is {@code none}, {@code bearer}
   * or {@code bad}.
   */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Requests whose path starts with {@code prefix} and that carried the token. */
  public List<String> authorized(String prefix) {
    return requests.stream()
        .filter(r -> r.startsWith("GET " + prefix) && r.endsWith(" bearer"))
        .toList();
  }

  /** The tenants the credential was asked for tokens of. */
  public List<String> tokenTenants() {
    return List.copyOf(tokenTenants);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private String newVersion() {
    return String.format("%032x", versionCounter.incrementAndGet() * 7919L + 0xabc000L);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
      String auth =
          Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("");
      String authKind = auth.isEmpty() ? "none" : auth.equals("Bearer " + TOKEN) ? "bearer" : "bad";
      requests.add(
          ex.getRequestMethod()
              + " "
              + ex.getRequestURI().getRawPath()
              + "?"
              + query
              + " "
              + authKind);
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (identity(ex, query)) {
        return;
      }
      if (!authKind.equals("bearer")) {
        // Key Vault's challenge: the SDK asks its credential for a token of this tenant and retries
        ex.getResponseHeaders()
            .add(
                "WWW-Authenticate",
                "Bearer authorization=\"https://login.microsoftonline.com/"
                    + TENANT
                    + "\", resource=\"https://vault.azure.net\"");
        send(
            ex,
            401,
            error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.", null));
        return;
      }
      Map<String, String> params = params(query);
      if (!params.containsKey("api-version")) {
        send(ex, 400, error("BadParameter", "The api-version query parameter is required", null));
        return;
      }
      if (failStatus != 0) {
        send(ex, failStatus, error("ServiceUnavailable", "The service is unavailable", null));
        return;
      }
      if (!ex.getRequestMethod().equals("GET")) {
        send(ex, 405, error("BadParameter", "method not allowed", null));
        return;
      }
      String raw = rawBodies.get(ex.getRequestURI().getPath());
      if (raw != null) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
        return;
      }
      List<String> path = new ArrayList<>();
      for (String s : ex.getRequestURI().getPath().split("/")) {
        if (!s.isEmpty()) {
          path.add(s);
        }
      }
      route(ex, path, params);
    }
  }

  /**
   * The Microsoft Entra side of workload identity, on the same host: instance discovery and the
   * token endpoint, which trades the service account token (a client assertion) for {@link #TOKEN}.
   */
  @SuppressWarnings("UnusedVariable") // the same signature as the other endpoints
  private boolean identity(HttpExchange ex, String query) throws IOException {
    String path = ex.getRequestURI().getPath();
    String host = "127.0.0.1:" + server.getAddress().getPort();
    if (path.equals("/common/discovery/instance")) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put(
          "tenant_discovery_endpoint",
          url() + "/" + TENANT + "/v2.0/.well-known/openid-configuration");
      body.put("api-version", "1.1");
      body.put(
          "metadata",
          List.of(
              Map.of(
                  "preferred_network", host, "preferred_cache", host, "aliases", List.of(host))));
      send(ex, 200, body);
      return true;
    }
    if (path.endsWith("/oauth2/v2.0/token") && ex.getRequestMethod().equals("POST")) {
      Map<String, String> form =
          params(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      assertions.add(
          form.getOrDefault("client_id", "") + " " + form.getOrDefault("client_assertion", ""));
      tokenTenants.add(path.split("/")[1]);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token_type", "Bearer");
      body.put("expires_in", 3600);
      body.put("ext_expires_in", 3600);
      body.put("access_token", TOKEN);
      send(ex, 200, body);
      return true;
    }
    return false;
  }

  /** The {@code client_id client_assertion} pairs the token endpoint received. */
  public List<String> assertions() {
    return List.copyOf(assertions);
  }

  private void route(HttpExchange ex, List<String> path, Map<String, String> params)
      throws IOException {
    if (path.size() < 2 || path.size() > 3) {
      send(ex, 404, error("NotFound", "no such path", null));
      return;
    }
    String collection = path.get(0);
    String name = path.get(1);
    Optional<String> version = path.size() == 3 ? Optional.of(path.get(2)) : Optional.empty();
    boolean listing = version.isPresent() && version.get().equals("versions");
    switch (collection) {
      case "secrets" -> {
        Optional<Version> v = find(certificates, name, version);
        if (v.isEmpty()) {
          send(
              ex,
              404,
              error(
                  "SecretNotFound",
                  "A secret with (name/id) " + name + " was not found in this key vault.",
                  null));
        } else if (!v.get().enabled()) {
          send(
              ex,
              403,
              error(
                  "Forbidden",
                  "Operation get is not allowed on a disabled secret.",
                  "SecretDisabled"));
        } else {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("value", v.get().content().get("value"));
          body.put("contentType", v.get().content().get("contentType"));
          body.put("id", url() + "/secrets/" + name + "/" + v.get().version());
          body.put("kid", url() + "/keys/" + name + "/" + v.get().version());
          body.put("managed", true);
          body.put("attributes", attributes(v.get()));
          send(ex, 200, body);
        }
      }
      case "certificates" -> {
        if (listing) {
          page(
              ex,
              certificates,
              name,
              params,
              "CertificateNotFound",
              v -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", url() + "/certificates/" + name + "/" + v.version());
                item.put("x5t", x5t((X509Certificate) v.content().get("leaf")));
                item.put("attributes", attributes(v));
                return item;
              });
          return;
        }
        Optional<Version> v = find(certificates, name, version);
        if (v.isEmpty()) {
          send(
              ex,
              404,
              error(
                  "CertificateNotFound",
                  "A certificate with (name/id) " + name + " was not found in this key vault.",
                  null));
          return;
        }
        X509Certificate leaf = (X509Certificate) v.get().content().get("leaf");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", url() + "/certificates/" + name + "/" + v.get().version());
        body.put("kid", url() + "/keys/" + name + "/" + v.get().version());
        body.put("sid", url() + "/secrets/" + name + "/" + v.get().version());
        body.put("x5t", x5t(leaf));
        try {
          body.put("cer", Base64.getEncoder().encodeToString(leaf.getEncoded()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        body.put("attributes", attributes(v.get()));
        send(ex, 200, body);
      }
      case "keys" -> {
        if (listing) {
          page(
              ex,
              keys,
              name,
              params,
              "KeyNotFound",
              v -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("kid", url() + "/keys/" + name + "/" + v.version());
                item.put("attributes", attributes(v));
                return item;
              });
          return;
        }
        Optional<Version> v = find(keys, name, version);
        if (v.isEmpty()) {
          send(
              ex,
              404,
              error(
                  "KeyNotFound",
                  "A key with (name/id) " + name + " was not found in this key vault.",
                  null));
          return;
        }
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", url() + "/keys/" + name + "/" + v.get().version());
        jwk.putAll(v.get().content());
        jwk.put("key_ops", List.of("sign", "verify"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", jwk);
        body.put("attributes", attributes(v.get()));
        send(ex, 200, body);
      }
      default -> send(ex, 404, error("NotFound", "no such collection", null));
    }
  }

  private void page(
      HttpExchange ex,
      Map<String, List<Version>> store,
      String name,
      Map<String, String> params,
      String notFound,
      java.util.function.Function<Version, Map<String, Object>> item)
      throws IOException {
    List<Version> all = store.get(name);
    if (all == null) {
      send(
          ex,
          404,
          error(notFound, "(name/id) " + name + " was not found in this key vault.", null));
      return;
    }
    int skip = Integer.parseInt(params.getOrDefault("$skiptoken", "0"));
    List<Object> value = new ArrayList<>();
    for (int i = skip; i < Math.min(all.size(), skip + pageSize); i++) {
      value.add(item.apply(all.get(i)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("value", value);
    if (skip + pageSize < all.size()) {
      String collection = store == keys ? "keys" : "certificates";
      body.put(
          "nextLink",
          Optional.ofNullable(nextLinkBase).orElse(url())
              + "/"
              + collection
              + "/"
              + name
              + "/versions?api-version="
              + params.get("api-version")
              + "&$skiptoken="
              + (skip + pageSize));
    } else {
      body.put("nextLink", null);
    }
    send(ex, 200, body);
  }

  private static Optional<Version> find(
      Map<String, List<Version>> store, String name, Optional<String> version) {
    List<Version> all = store.getOrDefault(name, List.of());
    if (version.isPresent()) {
      return all.stream().filter(v -> v.version().equals(version.get())).findFirst();
    }
    // the current version is the newest one
    return all.stream().max(java.util.Comparator.comparing(Version::created));
  }

  private static Map<String, Object> attributes(Version v) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("enabled", v.enabled());
    a.put("created", v.created().getEpochSecond());
    a.put("updated", v.created().getEpochSecond());
    a.put("recoveryLevel", "Recoverable+Purgeable");
    return a;
  }

  private static Map<String, Object> error(String code, String message, String inner) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    if (inner != null) {
      e.put("innererror", Map.of("code", inner));
    }
    return Map.of("error", e);
  }

  private static String x5t(X509Certificate c) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> params(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Just enough JSON writing for the vault's answers. */
  static final class Json {
    private Json() {}

    static String write(Object v) {
      StringBuilder b = new StringBuilder();
      write(b, v);
      return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
      if (v == null) {
        b.append("null");
      } else if (v instanceof String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          switch (c) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            default -> {
              if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
              } else {
                b.append(c);
              }
            }
          }
        }
        b.append('"');
      } else if (v instanceof Boolean || v instanceof Number) {
        b.append(v);
      } else if (v instanceof Map<?, ?> m) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (e.getValue() instanceof X509Certificate) {
            continue;
          }
          b.append(first ? "" : ",");
          first = false;
          write(b, String.valueOf(e.getKey()));
          b.append(':');
          write(b, e.getValue());
        }
        b.append('}');
      } else if (v instanceof List<?> l) {
        b.append('[');
        for (int i = 0; i < l.size(); i++) {
          b.append(i == 0 ? "" : ",");
          write(b, l.get(i));
        }
        b.append(']');
      } else {
        throw new IllegalArgumentException("cannot write " + v.getClass());
      }
    }
  }
}
