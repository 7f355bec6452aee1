package io.ratify.oras.internal.http;

import io.ratify.api.ErrorCode;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One logical HTTP request: what to send, to whom credentials may go, and how much of the answer to
 * read.
 *
 * @param method {@code GET}, {@code HEAD} or {@code POST}
 * @param uri the target
 * @param headers request headers other than {@code Authorization}
 * @param body the request body ({@code POST} only), possibly empty
 * @param authorization the {@code Authorization} header value, if any
 * @param authorizedOrigin the only origin (scheme, host, port) that may receive {@code
 *     authorization}
 * @param maxBodyBytes the most bytes of a successful answer's body read; more aborts the exchange
 * @param overflowCode the error code when the body exceeds {@code maxBodyBytes}
 * @param what a short description for messages, e.g. {@code "blob sha256:… of demo/app"}
 */
public record Exchange(
    String method,
    URI uri,
    Map<String, String> headers,
    byte[] body,
    Optional<String> authorization,
    URI authorizedOrigin,
    long maxBodyBytes,
    ErrorCode overflowCode,
    String what) {

  public Exchange {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    headers = Map.copyOf(headers);
    body = body.clone();
    Objects.requireNonNull(authorization, "authorization");
    Objects.requireNonNull(authorizedOrigin, "authorizedOrigin");
    Objects.requireNonNull(overflowCode, "overflowCode");
    Objects.requireNonNull(what, "what");
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must not be negative");
    }
  }

  /** A GET or HEAD without credentials. */
  public static Exchange of(
      String method,
      URI uri,
      Map<String, String> headers,
      long maxBodyBytes,
      ErrorCode overflowCode,
      String what) {
    return new Exchange(
        method, uri, headers, new byte[0], Optional.empty(), uri, maxBodyBytes, overflowCode, what);
  }

  /** A copy carrying {@code value} as the Authorization header for {@code origin} only. */
  public Exchange withAuthorization(Optional<String> value, URI origin) {
    return new Exchange(
        method, uri, headers, body, value, origin, maxBodyBytes, overflowCode, what);
  }

  /** A copy aimed at another URI (a redirect), keeping the authorized origin. */
  Exchange redirectedTo(URI target, String newMethod) {
    return new Exchange(
        newMethod,
        target,
        headers,
        newMethod.equals("POST") ? body : new byte[0],
        authorization,
        authorizedOrigin,
        maxBodyBytes,
        overflowCode,
        what);
  }

  @Override
  public String toString() {
    // Never print the authorization value.
    return "Exchange[" + method + " " + uri + "]";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
