package io.ratify.notation.internal.revocation;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.http.BoundedBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plain-HTTP requests for revocation data, as the Notary Project specification requires (OCSP and
 * CRL are fetched over {@code http} only: their answers are signed). Every request is bounded: a
 * per-request timeout that also covers reading the body, the caller's deadline, a response size
 * checked while reading, no redirects, and a cap on requests in flight.
 */
final class HttpFetcher {
  private final RevocationOptions options;
  private final Semaphore inFlight;
  private volatile HttpClient client;

  HttpFetcher(RevocationOptions options) {
    this.options = options;
    this.inFlight = new Semaphore(options.maxConcurrentFetches(), true);
  }

  /**
   * The HTTP client, made on first use: a verifier whose chains name no revocation endpoint (or
   * that runs offline) never starts the client's selector thread.
   */
  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          HttpClient.Builder b =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .connectTimeout(max(options.ocspTimeout(), options.crlTimeout()));
          options.proxy().ifPresent(b::proxy);
          c = b.build();
          client = c;
        }
      }
    }
    return c;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Checks that {@code url} is an absolute {@code http} URL; returns it parsed. */
  static URI httpUrl(String url) throws StatusUnknownException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new StatusUnknownException("invalid URL " + quote(url));
    }
    if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("http")) {
      throw new StatusUnknownException(
          "unsupported scheme in " + quote(url) + ": only http URLs are used for revocation data");
    }
    if (uri.getHost() == null) {
      throw new StatusUnknownException("URL " + quote(url) + " has no host");
    }
    return uri;
  }

  /**
   * GET {@code uri} (or POST {@code body} when it is non-null) and return the body of a 200
   * response of at most {@code limit} bytes.
   *
   * @throws StatusUnknownException when the server cannot be reached, answers otherwise, is too
   *     slow, or sends too much
   * @throws RatifyException with {@link ErrorCode#TIMEOUT} when the deadline has passed, or {@link
   *     ErrorCode#CANCELLED} when the thread is interrupted
   */
  byte[] fetch(
      URI uri, byte[] body, String contentType, int limit, Duration timeout, Deadline deadline)
      throws StatusUnknownException, RatifyException {
    deadline.check("fetching revocation data from " + uri);
    Duration budget = deadline.cap(timeout);
    long startNanos = System.nanoTime();
    boolean acquired;
    try {
      acquired = inFlight.tryAcquire(budget.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelled(uri);
    }
    if (!acquired) {
      deadline.check("fetching revocation data from " + uri);
      throw new StatusUnknownException(
          "too many revocation requests in flight; " + uri + " was not requested");
    }
    try {
      Duration left = budget.minusNanos(System.nanoTime() - startNanos);
      if (left.isNegative() || left.isZero()) {
        deadline.check("fetching revocation data from " + uri);
        throw new StatusUnknownException("no time left to request " + uri);
      }
      HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(left);
      if (body != null) {
        rb.POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
      } else {
        rb.GET();
      }
      CompletableFuture<HttpResponse<byte[]>> future =
          client().sendAsync(rb.build(), info -> limitedBody(info, limit));
      try {
        return future.get(left.toNanos(), TimeUnit.NANOSECONDS).body();
      } catch (TimeoutException e) {
        future.cancel(true);
        deadline.check("fetching revocation data from " + uri);
        throw new StatusUnknownException(
            "no response from " + uri + " within " + left.toMillis() + " ms");
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw cancelled(uri);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof StatusUnknownException s) {
          throw new StatusUnknownException(s.getMessage() + " (" + uri + ")");
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
          if (c instanceof BoundedBody.TooLarge) {
            throw new StatusUnknownException(
                "response exceeds the " + limit + " bytes allowed (" + uri + ")");
          }
        }
        deadline.check("fetching revocation data from " + uri);
        throw new StatusUnknownException("cannot fetch " + uri + ": " + describe(cause), cause);
      }
    } finally {
      inFlight.release();
    }
  }

  private static RatifyException cancelled(URI uri) {
    return new RatifyException(
        ErrorCode.CANCELLED,
        "interrupted while fetching revocation data from " + uri,
        "retry the verification",
        null);
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
  }

  private static String quote(String s) {
    String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    return "\"" + shown + "\"";
  }

  /**
   * Reads a 200 response body up to {@code limit} bytes; any other status, or a body announced over
   * the bound, is refused on its headers without reading further.
   */
  private static HttpResponse.BodySubscriber<byte[]> limitedBody(
      HttpResponse.ResponseInfo info, int limit) {
    OptionalLong length = info.headers().firstValueAsLong("content-length");
    if (info.statusCode() != 200) {
      return BoundedBody.refusing(new StatusUnknownException("HTTP status " + info.statusCode()));
    }
    if (length.isPresent() && length.getAsLong() > limit) {
      return BoundedBody.refusing(
          new StatusUnknownException(
              "response of " + length.getAsLong() + " bytes exceeds the " + limit + " allowed"));
    }
    return BoundedBody.strict(limit, length.orElse(0));
  }
}
