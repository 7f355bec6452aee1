package io.ratify.keyvault.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.parse.Printable;
import io.ratify.spi.RegistryCredential;
import io.ratify.spi.RegistryCredentialProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azure Container Registry credentials from a Microsoft Entra identity (Ratify's {@code
 * azureWorkloadIdentity} and {@code azureManagedIdentity}): an Entra access token from {@code
 * azure-identity} is exchanged at {@code https://<registry>/oauth2/exchange} ({@code
 * grant_type=access_token}) for an ACR refresh token, which the registry store then trades at the
 * registry's own token endpoint for access tokens ({@code grant_type=refresh_token}).
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Only registries matching the {@link RegistryEndpoints} get anything: for any other host the
 *       answer is empty before any token is requested, and the refresh token handed out may go to a
 *       token realm on the registry's own host only ({@link
 *       RegistryCredential.TokenRealms#REGISTRY_HOST_ONLY}). The exchange never follows a redirect.
 *   <li>One refresh token per registry, kept until shortly before it (or the Entra token it came
 *       from) expires, and refreshed in the background before that, so that after the first use no
 *       exchange sits on a caller's path; concurrent first uses share one exchange.
 *   <li>A refused or failed exchange is an error ({@link ErrorCode#AUTH_DENIED} with Entra's or
 *       ACR's message, {@link ErrorCode#TIMEOUT} at the caller's deadline), never an anonymous
 *       fallback. Tokens appear in no log and no message.
 * </ul>
 *
 * Thread-safe.
 */
public final class AcrCredentialProvider implements RegistryCredentialProvider, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AcrCredentialProvider.class);

  /** The Entra scope of the token exchanged at ACR. */
  public static final String ACR_SCOPE = "https://containerregistry.azure.net/.default";

  private static final Duration MAX_LIFETIME = Duration.ofHours(3);
  private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
  private static final Duration MIN_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final int MAX_TOKEN_CHARS = 16 * 1024;
  private static final int MAX_REGISTRIES = 1_000;
  private static final int MAX_MESSAGE = 300;

  /** A refresh token and when to replace it (nanoTime). */
  private record Entry(
      String refreshToken, long createdAtNanos, long expiresAtNanos, long refreshAtNanos) {
    @Override
    public String toString() {
      return "Entry[<redacted>]";
    }
  }

  private final String name;
  private final AzureIdentity identity;
  private final TokenCredential credential;
  private final RegistryEndpoints endpoints;
  private final UnaryOperator<String> env;
  private final HttpClient http;
  private final Duration exchangeTimeout;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> lastUse = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<Entry>> inFlight =
      new ConcurrentHashMap<>();
  private final AtomicInteger exchanges = new AtomicInteger();
  private volatile boolean closed;

  // shared by all providers: a store made per configuration reload must not leave threads behind
  private static final ExecutorService WORKERS =
      Executors.newCachedThreadPool(daemon("ratify-acr-exchange"));
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(daemon("ratify-acr-refresh"));

  /**
   * @param name the configuration name, for messages
   * @param identity the identity configuration (for the tenant sent with the exchange)
   * @param credential the {@code azure-identity} credential of {@code identity}
   * @param endpoints the registries that may get the credential
   * @param env the process environment ({@code AZURE_TENANT_ID})
   * @param http the client for the exchange (TLS trust; redirects are never followed)
   * @param exchangeTimeout the longest one exchange (Entra token and ACR call) may take
   */
  public AcrCredentialProvider(
      String name,
      AzureIdentity identity,
      TokenCredential credential,
      RegistryEndpoints endpoints,
      UnaryOperator<String> env,
      HttpClient http,
      Duration exchangeTimeout) {
    this.name = Objects.requireNonNull(name, "name");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.credential = Objects.requireNonNull(credential, "credential");
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.env = Objects.requireNonNull(env, "env");
    this.http = Objects.requireNonNull(http, "http");
    this.exchangeTimeout = Objects.requireNonNull(exchangeTimeout, "exchangeTimeout");
  }

  /** An HTTP client for exchanges: no redirects, bounded connect time, the JVM's TLS trust. */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  @Override
  public Optional<RegistryCredential> credential(String registry, Deadline deadline)
      throws RatifyException {
    if (!endpoints.allows(registry)) {
      // CVE-2025-27403: an Azure token must never reach a registry outside the endpoints
      LOG.debug("{}: {} is not among the endpoints: no Azure credential", name, registry);
      return Optional.empty();
    }
    long now = System.nanoTime();
    lastUse.put(registry, now);
    Entry e = entries.get(registry);
    if (e != null && e.expiresAtNanos - now > 0) {
      if (now - e.refreshAtNanos >= 0) {
        // the timer is late: refresh now, in the background
        CompletableFuture<Entry> unused = start(registry);
      }
      return Optional.of(token(e));
    }
    deadline.check("the ACR token exchange with " + registry);
    CompletableFuture<Entry> f = start(registry);
    Duration wait = deadline.remaining();
    try {
      Entry fresh = f.get(Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS);
      // the first use counts as use: the timer keeps this registry's token fresh
      lastUse.put(registry, System.nanoTime());
      return Optional.of(token(fresh));
    } catch (TimeoutException ex) {
      throw new RatifyException(
          ErrorCode.TIMEOUT,
          name
              + ": the ACR token exchange with "
              + registry
              + " did not finish within "
              + wait.toMillis()
              + " ms",
          "check that " + registry + " and the Microsoft Entra authority are reachable",
          null);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new RatifyException(
          ErrorCode.CANCELLED, name + ": the ACR token exchange was interrupted", null, null);
    } catch (ExecutionException ex) {
      if (ex.getCause() instanceof RatifyException r) {
        throw new RatifyException(r.code(), r.detail(), r.remediation().orElse(null), null);
      }
      throw new RatifyException(
          ErrorCode.AUTH_DENIED,
          name + ": the ACR token exchange with " + registry + " failed",
          null,
          null);
    }
  }

  private static RegistryCredential token(Entry e) {
    return RegistryCredential.identityToken(
        e.refreshToken, RegistryCredential.TokenRealms.REGISTRY_HOST_ONLY);
  }

  /** The running exchange for {@code registry}, or a new one. */
  private CompletableFuture<Entry> start(String registry) {
    CompletableFuture<Entry> mine = new CompletableFuture<>();
    if (closed) {
      mine.completeExceptionally(
          new RatifyException(
              ErrorCode.CANCELLED, name + ": the credential provider is closed", null, null));
      return mine;
    }
    CompletableFuture<Entry> running = inFlight.putIfAbsent(registry, mine);
    if (running != null) {
      return running;
    }
    try {
      WORKERS.execute(
          () -> {
            try {
              Entry fresh = exchange(registry);
              keep(registry, fresh);
              mine.complete(fresh);
            } catch (RatifyException | RuntimeException ex) {
              retryLater(registry);
              mine.completeExceptionally(ex);
            } finally {
              inFlight.remove(registry, mine);
            }
          });
    } catch (RuntimeException rejected) {
      inFlight.remove(registry, mine);
      mine.completeExceptionally(
          new RatifyException(
              ErrorCode.CANCELLED, name + ": the credential provider is closed", null, null));
    }
    return mine;
  }

  private void keep(String registry, Entry fresh) {
    if (entries.size() >= MAX_REGISTRIES && !entries.containsKey(registry)) {
      long now = System.nanoTime();
      entries.values().removeIf(x -> x.expiresAtNanos - now <= 0);
      if (entries.size() >= MAX_REGISTRIES) {
        entries.clear(); // all live: dropping them costs exchanges only
      }
    }
    entries.put(registry, fresh);
    schedule(registry, Duration.ofNanos(Math.max(0, fresh.refreshAtNanos - System.nanoTime())));
  }

  /** After a failed background refresh, try again while the current token still lives. */
  private void retryLater(String registry) {
    Entry e = entries.get(registry);
    long left = e == null ? 0 : e.expiresAtNanos - System.nanoTime();
    if (left > 0) {
      Duration d = Duration.ofNanos(left / 4);
      schedule(
          registry,
          d.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d);
    }
  }

  private void schedule(String registry, Duration delay) {
    long scheduledAt = System.nanoTime();
    try {
      ScheduledFuture<?> unused =
          TIMER.schedule(
              () -> {
                if (closed) {
                  return;
                }
                // only registries in use since are kept fresh; an idle one simply expires
                Long used = lastUse.get(registry);
                Entry e = entries.get(registry);
                if (used != null && e != null && used - e.createdAtNanos > 0) {
                  CompletableFuture<Entry> unusedRefresh = start(registry);
                }
              },
              delay.toNanos(),
              TimeUnit.NANOSECONDS);
    } catch (RuntimeException closed) {
      LOG.debug("{}: refresh of {} not scheduled: closed", name, registry, closed);
    }
    LOG.debug(
        "{}: ACR refresh token for {} is refreshed in {} ms",
        name,
        registry,
        delay.toMillis() + (System.nanoTime() - scheduledAt) / 1_000_000);
  }

  /** One exchange: an Entra token, then ACR's {@code /oauth2/exchange}. */
  private Entry exchange(String registry) throws RatifyException {
    exchanges.incrementAndGet();
    long started = System.nanoTime();
    AccessToken aad = entraToken(registry);
    Optional<String> tenant = identity.tenant(env).or(() -> claim(aad.getToken(), "tid"));
    StringBuilder form =
        new StringBuilder("grant_type=access_token&service=").append(enc(registry));
    tenant.ifPresent(t -> form.append("&tenant=").append(enc(t)));
    form.append("&access_token=").append(enc(aad.getToken()));
    URI uri = URI.create("https://" + registry + "/oauth2/exchange");
    Duration left = exchangeTimeout.minus(Duration.ofNanos(System.nanoTime() - started));
    if (left.isNegative() || left.isZero()) {
      throw timeout(registry);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(left)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      }
    } catch (java.net.http.HttpTimeoutException ex) {
      throw timeout(registry);
    } catch (IOException ex) {
      throw new RatifyException(
          ErrorCode.REGISTRY_UNREACHABLE,
          name
              + ": the ACR token exchange with "
              + registry
              + " failed: "
              + ex.getClass().getSimpleName(),
          "check that " + registry + " is reachable",
          null);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new RatifyException(
          ErrorCode.CANCELLED, name + ": the ACR token exchange was interrupted", null, null);
    }
    if (body.length > MAX_RESPONSE_BYTES) {
      throw denied(registry, "the answer exceeds " + MAX_RESPONSE_BYTES + " bytes");
    }
    if (response.statusCode() != 200) {
      throw new RatifyException(
          response.statusCode() >= 500 ? ErrorCode.REGISTRY_UNREACHABLE : ErrorCode.AUTH_DENIED,
          name
              + ": "
              + registry
              + " refused the ACR token exchange ("
              + response.statusCode()
              + acrMessage(body).map(m -> ": " + m).orElse("")
              + ")",
          "grant the identity"
              + identity.clientId().map(c -> " " + c).orElse("")
              + " the AcrPull role on "
              + registry
              + ", and check that the registry is in the tenant",
          null);
    }
    Map<String, Object> json =
        json(body).orElseThrow(() -> denied(registry, "the answer is not JSON"));
    Object rt = json.get("refresh_token");
    if (!(rt instanceof String refresh)
        || refresh.isEmpty()
        || refresh.length() > MAX_TOKEN_CHARS
        || !refresh.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw denied(registry, "the answer carries no usable refresh_token");
    }
    long now = System.nanoTime();
    Duration life = MAX_LIFETIME;
    Optional<Long> exp = claim(refresh, "exp").flatMap(AcrCredentialProvider::asLong);
    if (exp.isPresent()) {
      life = min(life, Duration.ofSeconds(exp.get() - System.currentTimeMillis() / 1000));
    }
    if (aad.getExpiresAt() != null) {
      life = min(life, Duration.between(OffsetDateTime.now(ZoneOffset.UTC), aad.getExpiresAt()));
    }
    if (life.isNegative() || life.isZero()) {
      throw denied(registry, "the refresh token has already expired");
    }
    Duration margin = min(REFRESH_MARGIN, life.dividedBy(4));
    LOG.debug(
        "{}: exchanged an Entra token for an ACR refresh token of {} (valid {} s)",
        name,
        registry,
        life.toSeconds());
    return new Entry(refresh, now, now + life.toNanos(), now + life.minus(margin).toNanos());
  }

  private AccessToken entraToken(String registry) throws RatifyException {
    TokenRequestContext ctx = new TokenRequestContext().addScopes(ACR_SCOPE);
    identity.tenant(env).ifPresent(ctx::setTenantId);
    AccessToken t;
    try {
      t = credential.getToken(ctx).block(exchangeTimeout);
    } catch (RuntimeException ex) {
      if (isTimeout(ex)) {
        throw timeout(registry);
      }
      throw new RatifyException(
          ErrorCode.AUTH_DENIED,
          name
              + ": Microsoft Entra ID issued no token for "
              + registry
              + ": "
              + printable(firstLine(ex)),
          identity.kind() == AzureIdentity.Kind.WORKLOAD_IDENTITY
              ? "check the federated credential of the identity, the service account token file"
                  + " and tenantID/clientID"
              : "check that the managed identity exists and is assigned to this host",
          null);
    }
    if (t == null || t.getToken() == null || t.getToken().isEmpty()) {
      throw denied(registry, "Microsoft Entra ID returned an empty token");
    }
    return t;
  }

  private static boolean isTimeout(Throwable ex) {
    for (Throwable c = ex; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException || c instanceof java.net.http.HttpTimeoutException) {
        return true;
      }
      if (c.getMessage() != null && c.getMessage().startsWith("Timeout on blocking read")) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(Throwable ex) {
    String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    int nl = m.indexOf('\n');
    return nl >= 0 ? m.substring(0, nl) : m;
  }

  private RatifyException timeout(String registry) {
    return new RatifyException(
        ErrorCode.TIMEOUT,
        name
            + ": the ACR token exchange with "
            + registry
            + " did not finish within "
            + exchangeTimeout.toMillis()
            + " ms",
        "check that " + registry + " and the Microsoft Entra authority are reachable",
        null);
  }

  private RatifyException denied(String registry, String why) {
    return new RatifyException(
        ErrorCode.AUTH_DENIED,
        name + ": the ACR token exchange with " + registry + " failed: " + why,
        null,
        null);
  }

  /** The {@code errors[0].message} (or {@code message}) of an ACR error body. */
  private static Optional<String> acrMessage(byte[] body) {
    Optional<Map<String, Object>> json = json(body);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    Object errors = json.get().get("errors");
    if (errors instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> first) {
      Object code = first.get("code");
      Object message = first.get("message");
      return Optional.of(
          printable(
              (code instanceof String c ? c + ": " : "") + (message instanceof String m ? m : "")));
    }
    Object message = json.get().get("message");
    return message instanceof String m ? Optional.of(printable(m)) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> json(byte[] body) {
    try (JsonReader r = JsonProviders.createReader(body)) {
      Object v = r.readUntyped();
      return v instanceof Map<?, ?> m ? Optional.of((Map<String, Object>) m) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * A claim of a JWT's payload, read without verification: only for scheduling (expiry) and the
   * exchange's {@code tenant} hint, never for a trust decision.
   */
  static Optional<String> claim(String jwt, String claim) {
    String[] parts = jwt.split("\\.", 4);
    if (parts.length != 3 || parts[1].length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    try {
      Optional<Map<String, Object>> payload = json(Base64.getUrlDecoder().decode(parts[1]));
      Object v = payload.map(p -> p.get(claim)).orElse(null);
      return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> asLong(String s) {
    try {
      return Optional.of(new java.math.BigDecimal(s).longValueExact());
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The kit's {@link Printable#of(String, int)}, cut to this provider's message length. */
  static String printable(String s) {
    return Printable.of(s, MAX_MESSAGE);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static java.util.concurrent.ThreadFactory daemon(String threadName) {
    return r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    };
  }

  /** Exchanges made so far (tests and the figures of the note). */
  public int exchanges() {
    return exchanges.get();
  }

  /** Stops background refreshes and forgets the tokens; later first uses fail. */
  @Override
  public void close() {
    closed = true;
    entries.clear();
  }

  @Override
  public String toString() {
    return "AcrCredentialProvider["
        + name
        + ", "
        + identity.kind()
        + ", "
        + endpoints.entries()
        + "]";
  }
}
