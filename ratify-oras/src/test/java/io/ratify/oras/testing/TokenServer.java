package io.ratify.oras.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ratify.api.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry token service for tests (distribution's "token" auth): answers {@code GET
 * /token?service=&scope=} (HTTP Basic, or anonymous when allowed) and the OAuth2 refresh-token
 * {@code POST}, with an RS256 JWT signed by a {@link TestPki} key whose certificate goes into the
 * registry's {@code rootcertbundle}. Grants every requested action to an authenticated user, {@code
 * pull} only to anonymous callers when those are allowed.
 */
public final class TokenServer implements AutoCloseable {
  public static final String ISSUER = "test-issuer";
  public static final String SERVICE = "test-registry";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final TestPki.Issued pki;
  private final String user;
  private final String password;
  private final Optional<String> refreshToken;
  private final boolean allowAnonymous;
  private final long expiresIn;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> scopesRequested = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<String> userAgents = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<String> refreshGrants = new java.util.concurrent.CopyOnWriteArrayList<>();

  private TokenServer(
      TestPki.Issued pki,
      String user,
      String password,
      Optional<String> refreshToken,
      boolean allowAnonymous,
      long expiresIn)
      throws IOException {
    this.pki = pki;
    this.user = user;
    this.password = password;
    this.refreshToken = refreshToken;
    this.allowAnonymous = allowAnonymous;
    this.expiresIn = expiresIn;
    this.server = HttpServer.create(new InetSocketAddress(TestPki.loopback(), 0), 16);
    server.createContext("/token", this::handle);
    server.start();
  }

  /**
   * Starts a token service on a free loopback port.
   *
   * @param user the accepted user name
   * @param password its password
   * @param refreshToken an accepted identity (refresh) token, if any
   * @param allowAnonymous whether callers without credentials get pull tokens
   * @param expiresInSeconds the {@code expires_in} of issued tokens
   */
  public static TokenServer start(
      String user,
      String password,
      Optional<String> refreshToken,
      boolean allowAnonymous,
      long expiresInSeconds)
      throws IOException {
    return new TokenServer(
        TestPki.tlsServer("test token signer"),
        user,
        password,
        refreshToken,
        allowAnonymous,
        expiresInSeconds);
  }

  /** The realm URL to configure in the registry. */
  public URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /** The signing certificate, for the registry's {@code rootcertbundle}. */
  public TestPki.Issued pki() {
    return pki;
  }

  /** Token requests served so far. */
  public int requests() {
    return requests.get();
  }

  /** The scopes requested so far, in order. */
  public List<String> scopesRequested() {
    return List.copyOf(scopesRequested);
  }

  /** The {@code User-Agent} of every request served so far, in order ("" when absent). */
  public List<String> userAgents() {
    return List.copyOf(userAgents);
  }

  /**
   * Every {@code POST} form so far as {@code "grant_type=<g> refresh_token=<t>"}, whether accepted
   * or not.
   */
  public List<String> refreshGrants() {
    return List.copyOf(refreshGrants);
  }

  /** Mints a token directly (for test pushes). */
  public String mint(String subject, String repository, String... actions) {
    Map<String, List<String>> access = new LinkedHashMap<>();
    access.put(repository, List.of(actions));
    return jwt(subject, access);
  }

  private void handle(HttpExchange x) throws IOException {
    requests.incrementAndGet();
    String agent = x.getRequestHeaders().getFirst("User-Agent");
    userAgents.add(agent == null ? "" : agent);
    try (x) {
      Map<String, List<String>> params = new LinkedHashMap<>();
      parseForm(x.getRequestURI().getRawQuery(), params);
      boolean authenticated = false;
      if (x.getRequestMethod().equals("POST")) {
        parseForm(
            new String(x.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8), params);
        String presented = first(params, "refresh_token");
        refreshGrants.add(
            "grant_type=" + first(params, "grant_type") + " refresh_token=" + presented);
        authenticated =
            refreshToken.isPresent()
                && refreshToken.get().equals(presented)
                && "refresh_token".equals(first(params, "grant_type"));
        if (!authenticated) {
          reply(x, 401, "{\"error\":\"invalid_grant\"}");
          return;
        }
      } else {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
          String expected =
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
          if (!auth.equals(expected)) {
            reply(x, 401, "{\"error\":\"unauthorized\"}");
            return;
          }
          authenticated = true;
        } else if (!allowAnonymous) {
          reply(x, 401, "{\"error\":\"unauthorized\"}");
          return;
        }
      }
      Map<String, List<String>> access = new LinkedHashMap<>();
      for (String scope : params.getOrDefault("scope", List.of())) {
        scopesRequested.add(scope);
        String[] parts = scope.split(":");
        if (parts.length == 3 && parts[0].equals("repository")) {
          List<String> actions = new ArrayList<>(List.of(parts[2].split(",")));
          if (!authenticated) {
            actions.retainAll(List.of("pull"));
          }
          access.put(parts[1], actions);
        }
      }
      String token = jwt(authenticated ? user : "", access);
      reply(
          x,
          200,
          "{\"token\":\""
              + token
              + "\",\"access_token\":\""
              + token
              + "\",\"expires_in\":"
              + expiresIn
              + "}");
    }
  }

  private String jwt(String subject, Map<String, List<String>> access) {
    try {
      ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
      header
          .putArray("x5c")
          .add(Base64.getEncoder().encodeToString(pki.certificate().getEncoded()));
      long now = Instant.now().getEpochSecond();
      ObjectNode claims =
          JSON.createObjectNode()
              .put("iss", ISSUER)
              .put("sub", subject)
              .put("aud", SERVICE)
              .put("exp", now + Math.max(expiresIn, 60))
              .put("nbf", now - 10)
              .put("iat", now)
              .put("jti", UUID.randomUUID().toString());
      ArrayNode acc = claims.putArray("access");
      access.forEach(
          (repo, actions) -> {
            ObjectNode a = acc.addObject().put("type", "repository").put("name", repo);
            actions.forEach(a.putArray("actions")::add);
          });
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String signingInput =
          b64.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(pki.keyPair().getPrivate());
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(s.sign());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void parseForm(String raw, Map<String, List<String>> into) {
    if (raw == null || raw.isEmpty()) {
      return;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      into.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
    }
  }

  private static String first(Map<String, List<String>> params, String key) {
    List<String> v = params.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static void reply(HttpExchange x, int status, String body) {
    try {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", "application/json");
      x.sendResponseHeaders(status, b.length);
      x.getResponseBody().write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
