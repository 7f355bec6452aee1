package io.ratify.oras.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.parse.Printable;
import io.ratify.oras.internal.cache.SingleFlight;
import io.ratify.oras.internal.http.Answer;
import io.ratify.oras.internal.http.Exchange;
import io.ratify.oras.internal.http.HttpTransport;
import io.ratify.oras.internal.oci.OciJson;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry authentication: anonymous, HTTP Basic, and the bearer token flow started by a {@code
 * WWW-Authenticate} challenge. Learns each registry's scheme from its first challenge, then
 * authorises later requests up front (Basic) or with a token fetched for the request's scope and
 * kept until it expires.
 *
 * <p>Where credentials go: the Basic header only to the registry's own origin; user name and
 * password (or identity token) also to the token realm the registry names, which must be HTTPS
 * unless plain HTTP is allowed. Tokens are sent only to the registry. Nothing secret is logged or
 * put in an error message. Thread-safe.
 */
public final class RegistryAuth {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryAuth.class);
  private static final long MAX_TOKEN_RESPONSE = 64 * 1024;
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;
  private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
  private static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(24);
  private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);
  private static final String CLIENT_ID = "ratify-java";
  private static final int MAX_TOKENS = 1_000;

  private sealed interface Scheme permits Basic, Bearer {}

  private record Basic() implements Scheme {}

  private record Bearer(URI realm, Optional<String> service) implements Scheme {}

  private record TokenKey(String registry, URI realm, String service, String scope) {}

  private record Token(String value, long expiresAtNanos) {}

  private final CredentialProvider credentials;
  private final HttpTransport transport;
  private final LongSupplier nanoClock;
  private final int maxTokens;
  private final ConcurrentHashMap<String, Scheme> schemes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TokenKey, Token> tokens = new ConcurrentHashMap<>();
  private final SingleFlight<TokenKey> tokenFlight = new SingleFlight<>();

  public RegistryAuth(CredentialProvider credentials, HttpTransport transport) {
    this(credentials, transport, System::nanoTime);
  }

  RegistryAuth(CredentialProvider credentials, HttpTransport transport, LongSupplier nanoClock) {
    this(credentials, transport, nanoClock, MAX_TOKENS);
  }

  RegistryAuth(
      CredentialProvider credentials,
      HttpTransport transport,
      LongSupplier nanoClock,
      int maxTokens) {
    this.credentials = credentials;
    this.transport = transport;
    this.nanoClock = nanoClock;
    this.maxTokens = maxTokens;
  }

  /**
   * The {@code Authorization} value to send up front to {@code registry} for {@code scope}, once
   * the registry's scheme is known; may fetch a token. Empty before the first challenge and for
   * anonymous Basic.
   */
  public Optional<String> authorization(String registry, String scope, Deadline deadline)
      throws RatifyException {
    Scheme s = schemes.get(registry);
    if (s instanceof Basic) {
      return credentials
          .find(registry, deadline)
          .filter(c -> !c.isIdentityToken())
          .map(Credential::basicAuthorization);
    }
    if (s instanceof Bearer b) {
      return Optional.of("Bearer " + token(registry, b, scope, deadline));
    }
    return Optional.empty();
  }

  /**
   * Handles a 401 answer: learns the scheme and returns a new {@code Authorization} value to retry
   * with, or empty when no credential can satisfy the challenge.
   *
   * @param sent the {@code Authorization} value the refused request carried
   */
  public Optional<String> onChallenge(
      String registry, String scope, Answer answer, Optional<String> sent, Deadline deadline)
      throws RatifyException {
    List<Challenge> challenges = Challenge.parseAll(answer.headers().allValues("WWW-Authenticate"));
    Optional<Challenge> bearer =
        challenges.stream()
            .filter(c -> c.scheme().equals("bearer") && c.param("realm").isPresent())
            .findFirst();
    if (bearer.isPresent()) {
      Bearer b =
          new Bearer(
              realm(bearer.get().param("realm").get(), registry), bearer.get().param("service"));
      schemes.put(registry, b);
      TokenKey key = key(registry, b, scope);
      Token had = tokens.get(key);
      if (had != null && sent.equals(Optional.of("Bearer " + had.value))) {
        // The registry refused a token we still considered valid: it expired early or lacks the
        // scope.
        tokens.remove(key, had);
      }
      String challengeScope = bearer.get().param("scope").orElse(scope);
      return Optional.of("Bearer " + fetchToken(registry, b, key, challengeScope, deadline));
    }
    if (challenges.stream().anyMatch(c -> c.scheme().equals("basic"))) {
      schemes.put(registry, new Basic());
      Optional<String> basic =
          credentials
              .find(registry, deadline)
              .filter(c -> !c.isIdentityToken())
              .map(Credential::basicAuthorization);
      return basic.filter(v -> !sent.equals(Optional.of(v)));
    }
    return Optional.empty();
  }

  private String token(String registry, Bearer b, String scope, Deadline deadline)
      throws RatifyException {
    TokenKey key = key(registry, b, scope);
    Token t = tokens.get(key);
    if (t != null && t.expiresAtNanos - nanoClock.getAsLong() > 0) {
      return t.value;
    }
    return fetchToken(registry, b, key, scope, deadline);
  }

  private static TokenKey key(String registry, Bearer b, String scope) {
    return new TokenKey(registry, b.realm(), b.service().orElse(""), scope);
  }

  private String fetchToken(
      String registry, Bearer b, TokenKey key, String scope, Deadline deadline)
      throws RatifyException {
    return tokenFlight.run(
        key,
        deadline,
        "token for " + registry,
        () -> {
          Token fresh = requestToken(registry, b, scope, deadline);
          keep(key, fresh);
          return fresh.value;
        });
  }

  /**
   * Caches a token; one per repository scope would otherwise accumulate for the life of the store.
   */
  private void keep(TokenKey key, Token fresh) {
    if (tokens.size() >= maxTokens) {
      long now = nanoClock.getAsLong();
      tokens.values().removeIf(t -> t.expiresAtNanos - now <= 0);
      if (tokens.size() >= maxTokens) {
        // All live: dropping them only costs token fetches.
        tokens.clear();
      }
    }
    tokens.put(key, fresh);
  }

  /** Tokens currently cached (tests). */
  int cachedTokens() {
    return tokens.size();
  }

  private Token requestToken(String registry, Bearer b, String scope, Deadline deadline)
      throws RatifyException {
    Optional<Credential> cred = credentials.find(registry, deadline);
    if (cred.isPresent() && cred.get().registryHostOnly() && !onRegistryHost(b.realm(), registry)) {
      // A cloud credential (an ACR refresh token) is valid for this registry only: a realm
      // elsewhere
      // is either a misconfiguration or an attempt to collect it. Fail closed, never anonymous.
      throw new RatifyException(
          ErrorCode.AUTH_DENIED,
          registry
              + " names token realm host "
              + Printable.of(String.valueOf(b.realm().getRawAuthority()))
              + ", but its credential may be sent only to "
              + registry
              + " itself",
          "check that the registry is the one the credential provider is configured for",
          null);
    }
    StringBuilder q = new StringBuilder();
    b.service().ifPresent(s -> q.append("service=").append(enc(s)));
    for (String one : scope.trim().split(" +")) {
      if (!one.isEmpty()) {
        q.append(q.length() == 0 ? "" : "&").append("scope=").append(enc(one));
      }
    }
    String what = "token for " + registry + " from " + b.realm().getRawAuthority();
    Exchange x;
    if (cred.isPresent() && cred.get().isIdentityToken()) {
      String form =
          q
              + (q.length() == 0 ? "" : "&")
              + "grant_type=refresh_token&client_id="
              + CLIENT_ID
              + "&refresh_token="
              + enc(cred.get().secret());
      x =
          new Exchange(
              "POST",
              b.realm(),
              Map.of("Content-Type", "application/x-www-form-urlencoded"),
              form.getBytes(StandardCharsets.UTF_8),
              Optional.empty(),
              b.realm(),
              MAX_TOKEN_RESPONSE,
              ErrorCode.SIZE_LIMIT_EXCEEDED,
              what);
    } else {
      URI uri = withQuery(b.realm(), q.toString());
      x =
          Exchange.of(
                  "GET",
                  uri,
                  Map.of("Accept", "application/json"),
                  MAX_TOKEN_RESPONSE,
                  ErrorCode.SIZE_LIMIT_EXCEEDED,
                  what)
              .withAuthorization(cred.map(Credential::basicAuthorization), uri);
    }
    LOG.debug(
        "fetching {} (scope {}, {})",
        what,
        scope,
        cred.isPresent() ? "with credentials" : "anonymous");
    Answer a = transport.send(x, deadline);
    if (a.status() == 401 || a.status() == 403) {
      throw new RatifyException(
          ErrorCode.AUTH_DENIED,
          what + ": the token server refused the request (" + a.status() + ")",
          "check the registry credentials",
          null);
    }
    if (!a.ok()) {
      throw new RatifyException(
          a.status() >= 500 ? ErrorCode.REGISTRY_UNREACHABLE : ErrorCode.AUTH_DENIED,
          what + ": the token server answered " + a.status(),
          "check the registry's token service",
          null);
    }
    JsonNode root;
    try {
      root = OciJson.readObject(a.body(), what);
    } catch (RatifyException e) {
      throw new RatifyException(
          ErrorCode.AUTH_DENIED, what + ": the token answer is not a JSON object", null, null);
    }
    String token = text(root, "token").or(() -> text(root, "access_token")).orElse("");
    if (token.isEmpty()
        || token.length() > MAX_TOKEN_LENGTH
        || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new RatifyException(
          ErrorCode.AUTH_DENIED, what + ": the token answer carries no usable token", null, null);
    }
    Duration life = DEFAULT_TOKEN_LIFETIME;
    JsonNode exp = root.get("expires_in");
    if (exp != null && exp.isIntegralNumber() && exp.canConvertToLong() && exp.asLong() > 0) {
      life = Duration.ofSeconds(Math.min(exp.asLong(), MAX_TOKEN_LIFETIME.toSeconds()));
    }
    Duration margin =
        life.compareTo(EXPIRY_MARGIN.multipliedBy(4)) > 0 ? EXPIRY_MARGIN : life.dividedBy(4);
    return new Token(token, nanoClock.getAsLong() + life.minus(margin).toNanos());
  }

  private URI realm(String realm, String registry) throws RatifyException {
    URI u;
    try {
      u = new URI(realm);
    } catch (Exception e) {
      throw new RatifyException(
          ErrorCode.AUTH_DENIED, registry + " names an invalid token realm", null, null);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (u.getHost() == null
        || u.getRawFragment() != null
        || !(scheme.equals("https") || (scheme.equals("http") && transport.allowsPlainHttp()))) {
      throw new RatifyException(
          ErrorCode.AUTH_DENIED,
          registry + " names token realm '" + Printable.of(realm) + "', which is not an https URL",
          "credentials are sent over plain HTTP only when the store sets useHttp: true",
          null);
    }
    return u;
  }

  /** Whether {@code realm} has the registry's own host and port. */
  private boolean onRegistryHost(URI realm, String registry) {
    URI reg;
    try {
      reg = new URI("scheme://" + registry);
    } catch (Exception e) {
      return false;
    }
    if (reg.getHost() == null || realm.getHost() == null) {
      return false;
    }
    int registryPort =
        reg.getPort() != -1 ? reg.getPort() : (transport.allowsPlainHttp() ? 80 : 443);
    int realmPort =
        realm.getPort() != -1
            ? realm.getPort()
            : ("http".equalsIgnoreCase(realm.getScheme()) ? 80 : 443);
    return reg.getHost().equalsIgnoreCase(realm.getHost()) && registryPort == realmPort;
  }

  private static URI withQuery(URI base, String query) {
    if (query.isEmpty()) {
      return base;
    }
    String s = base.toString();
    return URI.create(s + (base.getRawQuery() == null ? "?" : "&") + query);
  }

  private static Optional<String> text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    return n != null && n.isTextual() ? Optional.of(n.textValue()) : Optional.empty();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
