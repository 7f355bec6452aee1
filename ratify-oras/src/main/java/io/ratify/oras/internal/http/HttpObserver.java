package io.ratify.oras.internal.http;

import java.net.URI;

/**
 * Sees every HTTP request the store sends (including challenges, redirects, retries and token
 * fetches); used to count requests. Implementations must be thread-safe and fast. Never sees
 * headers, so never sees credentials.
 */
@FunctionalInterface
public interface HttpObserver {
  /** Does nothing. */
  HttpObserver NONE = (method, uri, authorized) -> {};

  /**
   * Called before each request is sent.
   *
   * @param method the HTTP method
   * @param uri the request URI
   * @param authorized whether an {@code Authorization} header was attached
   */
  void onRequest(String method, URI uri, boolean authorized);
}
