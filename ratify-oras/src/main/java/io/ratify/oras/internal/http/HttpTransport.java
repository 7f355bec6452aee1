package io.ratify.oras.internal.http;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.http.BoundedBody;
import io.ratify.api.internal.parse.Printable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP exchanges with the guarantees the stores promise: bounded bodies, the deadline honoured on
 * every attempt, bounded retries with jittered backoff for 429/502/503/504 honouring {@code
 * Retry-After}, redirects followed by hand (bounded, never downgrading to plain HTTP unless
 * allowed) with the {@code Authorization} header sent only to the origin it belongs to. TLS is
 * always verified, against the JVM trust store unless another one is given. Thread-safe.
 */
public final class HttpTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final int MAX_REDIRECTS = 5;
  private static final int ERROR_BODY_LIMIT = 8 * 1024;
  private static final Duration BACKOFF_BASE = Duration.ofMillis(200);
  private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);
  private static final Duration RETRY_AFTER_MAX = Duration.ofSeconds(60);
  private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /**
   * The transport's bounds and TLS settings.
   *
   * @param connectTimeout bound on opening a connection
   * @param readTimeout bound on one exchange, from sending the request to the last body byte
   * @param maxRetries retries after the first attempt for retryable answers and transient failures
   * @param allowPlainHttp whether {@code http://} targets are allowed (redirects and token realms
   *     included)
   * @param sslContext the TLS context, empty for the JVM default
   * @param observer sees every request
   * @param userAgent the {@code User-Agent} of every request (token requests included); empty for
   *     the JDK client's own
   */
  public record Settings(
      Duration connectTimeout,
      Duration readTimeout,
      int maxRetries,
      boolean allowPlainHttp,
      Optional<SSLContext> sslContext,
      HttpObserver observer,
      Optional<String> userAgent) {}

  /** A failure worth another attempt (connection reset, truncated body, retryable status). */
  private static final class Transient extends Exception {
    private static final long serialVersionUID = 1L;
    final transient RatifyException failure;
    final Optional<Duration> retryAfter;

    Transient(RatifyException failure, Optional<Duration> retryAfter) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
      this.retryAfter = retryAfter;
    }
  }

  private final Settings settings;
  private final HttpClient client;

  public HttpTransport(Settings settings) {
    this.settings = settings;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.connectTimeout());
    settings.sslContext().ifPresent(b::sslContext);
    this.client = b.build();
  }

  /** Whether plain HTTP is allowed. */
  public boolean allowsPlainHttp() {
    return settings.allowPlainHttp();
  }

  /**
   * Sends {@code exchange}, retrying retryable answers within the retry budget and the deadline.
   * Returns the final answer whatever its status (except retryable ones once retries are spent,
   * which become {@link ErrorCode#THROTTLED} or {@link ErrorCode#REGISTRY_UNREACHABLE}).
   */
  public Answer send(Exchange exchange, Deadline deadline) throws RatifyException {
    for (int attempt = 0; ; attempt++) {
      try {
        Answer a = exchange(exchange, deadline);
        if (!RETRYABLE.contains(a.status())) {
          return a;
        }
        throw new Transient(statusFailure(exchange, a), retryAfter(a));
      } catch (Transient t) {
        if (attempt >= settings.maxRetries()) {
          throw t.failure;
        }
        int n = attempt;
        Duration wait = t.retryAfter.orElseGet(() -> backoff(n));
        if (wait.compareTo(deadline.remaining()) >= 0) {
          throw new RatifyException(
              t.failure.code(),
              t.failure.detail()
                  + "; the next attempt (in "
                  + wait.toMillis()
                  + " ms) would pass the deadline",
              t.failure.remediation().orElse(null),
              null);
        }
        LOG.debug(
            "{}: attempt {} failed ({}), retrying in {} ms",
            exchange.what(),
            attempt + 1,
            t.failure.code(),
            wait.toMillis());
        sleep(wait, exchange.what());
      }
    }
  }

  private Answer exchange(Exchange first, Deadline deadline) throws RatifyException, Transient {
    Exchange current = first;
    for (int hop = 0; ; hop++) {
      Answer a = once(current, deadline);
      if (!REDIRECTS.contains(a.status()) || current.method().equals("POST")) {
        return a;
      }
      if (hop >= MAX_REDIRECTS) {
        throw new RatifyException(
            ErrorCode.REGISTRY_UNREACHABLE,
            first.what() + ": more than " + MAX_REDIRECTS + " redirects",
            "check the registry or its storage configuration",
            null);
      }
      String location =
          a.header("Location")
              .orElseThrow(
                  () ->
                      new RatifyException(
                          ErrorCode.REGISTRY_UNREACHABLE,
                          first.what() + ": redirect " + a.status() + " without Location",
                          null,
                          null));
      URI target;
      try {
        target = a.uri().resolve(new URI(location));
      } catch (Exception e) {
        throw new RatifyException(
            ErrorCode.REGISTRY_UNREACHABLE,
            first.what() + ": redirect to an invalid location",
            null,
            null);
      }
      checkScheme(target, first.what());
      // 303 always becomes GET; for a HEAD the method is kept on every redirect kind.
      String method =
          a.status() == 303 && !current.method().equals("HEAD") ? "GET" : current.method();
      LOG.debug(
          "{}: following redirect {} to {}://{}",
          first.what(),
          a.status(),
          target.getScheme(),
          target.getRawAuthority());
      current = current.redirectedTo(target, method);
    }
  }

  private void checkScheme(URI target, String what) throws RatifyException {
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https") || (scheme.equals("http") && settings.allowPlainHttp())) {
      if (target.getHost() == null) {
        throw new RatifyException(
            ErrorCode.REGISTRY_UNREACHABLE, what + ": redirect without a host", null, null);
      }
      return;
    }
    throw new RatifyException(
        ErrorCode.REGISTRY_UNREACHABLE,
        what + ": refusing to follow a redirect to scheme '" + Printable.of(scheme) + "'",
        "plain HTTP is used only when the store sets useHttp: true",
        null);
  }

  /** Whether two URIs share scheme, host and (effective) port. */
  public static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && effectivePort(a) == effectivePort(b);
  }

  private static int effectivePort(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "http".equalsIgnoreCase(u.getScheme()) ? 80 : 443;
  }

  private Answer once(Exchange x, Deadline deadline) throws RatifyException, Transient {
    deadline.check(x.what());
    Duration timeout = deadline.cap(settings.readTimeout());
    if (timeout.isZero()) {
      deadline.check(x.what());
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(x.uri()).timeout(timeout);
    if ("http".equalsIgnoreCase(x.uri().getScheme())) {
      rb.version(HttpClient.Version.HTTP_1_1);
    }
    for (Map.Entry<String, String> h : x.headers().entrySet()) {
      rb.header(h.getKey(), h.getValue());
    }
    settings.userAgent().ifPresent(ua -> rb.setHeader("User-Agent", ua));
    boolean authorized = x.authorization().isPresent() && sameOrigin(x.uri(), x.authorizedOrigin());
    if (authorized) {
      rb.header("Authorization", x.authorization().get());
    }
    switch (x.method()) {
      case "GET" -> rb.GET();
      case "HEAD" -> rb.method("HEAD", HttpRequest.BodyPublishers.noBody());
      case "POST" -> rb.POST(HttpRequest.BodyPublishers.ofByteArray(x.body()));
      default -> throw new IllegalArgumentException("method " + x.method());
    }
    boolean head = x.method().equals("HEAD");
    HttpResponse.BodyHandler<byte[]> handler =
        info -> {
          boolean ok = info.statusCode() / 100 == 2;
          OptionalLong length = info.headers().firstValueAsLong("Content-Length");
          long limit = ok ? x.maxBodyBytes() : ERROR_BODY_LIMIT;
          if (ok && !head && length.isPresent() && length.getAsLong() > limit) {
            return BoundedBody.refusing(limit);
          }
          return ok
              ? BoundedBody.strict(limit, length.orElse(0))
              : BoundedBody.lenient(limit, length.orElse(0));
        };
    settings.observer().onRequest(x.method(), x.uri(), authorized);
    CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(rb.build(), handler);
    try {
      HttpResponse<byte[]> r = future.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
      return new Answer(r.statusCode(), r.headers(), r.body(), x.uri());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timeout(x, deadline);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RatifyException(ErrorCode.CANCELLED, x.what() + ": interrupted", null, null);
    } catch (CancellationException e) {
      throw new RatifyException(ErrorCode.CANCELLED, x.what() + ": cancelled", null, null);
    } catch (ExecutionException e) {
      Exception f = failure(x, deadline, e.getCause());
      if (f instanceof Transient t) {
        throw t;
      }
      throw (RatifyException) f;
    }
  }

  private RatifyException timeout(Exchange x, Deadline deadline) {
    if (deadline.isExpired()) {
      return new RatifyException(
          ErrorCode.TIMEOUT,
          x.what() + ": deadline exceeded",
          "raise the verification timeout or check the registry's latency",
          null);
    }
    return new RatifyException(
        ErrorCode.TIMEOUT,
        x.what()
            + ": no complete answer from "
            + x.uri().getRawAuthority()
            + " within "
            + settings.readTimeout().toMillis()
            + " ms",
        "raise the store's read timeout or check the registry's latency",
        null);
  }

  private Exception failure(Exchange x, Deadline deadline, Throwable cause) {
    String host = x.uri().getRawAuthority();
    Throwable c = cause;
    // The JDK wraps the real failure once more in an IOException for synchronous-looking stacks.
    for (int i = 0; i < 4 && c != null; i++) {
      if (c instanceof BoundedBody.TooLarge t) {
        return new RatifyException(
            x.overflowCode(),
            x.what() + ": the answer exceeds the " + t.limit() + " bytes allowed; reading stopped",
            null,
            null);
      }
      if (c instanceof HttpConnectTimeoutException) {
        return new RatifyException(
            ErrorCode.TIMEOUT,
            x.what() + ": connecting to " + host + " timed out",
            "check that the registry is reachable",
            null);
      }
      if (c instanceof HttpTimeoutException) {
        return timeout(x, deadline);
      }
      if (c instanceof ConnectException) {
        return new RatifyException(
            ErrorCode.REGISTRY_UNREACHABLE,
            x.what() + ": cannot connect to " + host,
            "check the registry host, port and network",
            c);
      }
      if (c instanceof java.nio.channels.UnresolvedAddressException
          || c instanceof java.net.UnknownHostException) {
        return new RatifyException(
            ErrorCode.REGISTRY_UNREACHABLE,
            x.what() + ": unknown host " + host,
            "check the registry host name",
            null);
      }
      if (c instanceof SSLException) {
        return new RatifyException(
            ErrorCode.REGISTRY_UNREACHABLE,
            x.what() + ": TLS with " + host + " failed",
            "make sure the registry certificate is trusted by the JVM trust store (javax.net.ssl.trustStore)",
            c);
      }
      c = c.getCause();
    }
    if (cause instanceof IOException) {
      return new Transient(
          new RatifyException(
              ErrorCode.REGISTRY_UNREACHABLE,
              x.what() + ": the connection to " + host + " failed mid-answer",
              "retry later or check the registry",
              cause),
          Optional.empty());
    }
    return new RatifyException(
        ErrorCode.REGISTRY_UNREACHABLE, x.what() + ": request to " + host + " failed", null, cause);
  }

  private static RatifyException statusFailure(Exchange x, Answer a) {
    if (a.status() == 429) {
      return new RatifyException(
          ErrorCode.THROTTLED,
          x.what() + ": " + a.uri().getRawAuthority() + " answered 429 Too Many Requests",
          "retry later or lower the request rate",
          null);
    }
    return new RatifyException(
        ErrorCode.REGISTRY_UNREACHABLE,
        x.what() + ": " + a.uri().getRawAuthority() + " answered " + a.status(),
        "retry later or check the registry",
        null);
  }

  /** The {@code Retry-After} delay of an answer (seconds or HTTP date), capped at one minute. */
  static Optional<Duration> retryAfter(Answer a) {
    Optional<String> v = a.header("Retry-After").map(String::trim);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    String s = v.get();
    Duration d;
    if (!s.isEmpty() && s.length() <= 9 && s.chars().allMatch(Character::isDigit)) {
      d = Duration.ofSeconds(Long.parseLong(s));
    } else {
      try {
        d =
            Duration.between(
                ZonedDateTime.now(ZoneOffset.UTC),
                ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    return Optional.of(d.compareTo(RETRY_AFTER_MAX) > 0 ? RETRY_AFTER_MAX : d);
  }

  /**
   * Exponential backoff with jitter: uniformly between half and all of {@code base * 2^attempt},
   * capped.
   */
  static Duration backoff(int attempt) {
    long ceiling =
        Math.min(BACKOFF_MAX.toMillis(), BACKOFF_BASE.toMillis() << Math.min(attempt, 10));
    return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
  }

  private static void sleep(Duration d, String what) throws RatifyException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RatifyException(
          ErrorCode.CANCELLED, what + ": interrupted while waiting to retry", null, null);
    }
  }

  @Override
  public void close() {
    // HttpClient is not AutoCloseable before JDK 21; its threads end once it becomes unreachable.
  }
}
