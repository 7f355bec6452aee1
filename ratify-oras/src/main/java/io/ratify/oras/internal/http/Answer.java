package io.ratify.oras.internal.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A received HTTP answer. The body of a non-2xx answer is cut to a few kilobytes.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body read, bounded by the exchange's limit
 * @param uri the URI that answered (after redirects)
 */
public record Answer(int status, HttpHeaders headers, byte[] body, URI uri) {
  public Answer {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(uri, "uri");
  }

  /** The first value of a header. */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The media type of the {@code Content-Type} header without parameters, lower case. */
  public Optional<String> contentType() {
    return header("Content-Type")
        .map(
            v -> {
              int semi = v.indexOf(';');
              return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            })
        .filter(v -> !v.isEmpty());
  }

  /** Whether the status is 2xx. */
  public boolean ok() {
    return status / 100 == 2;
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "Answer[" + status + " " + uri + "]";
  }
}
