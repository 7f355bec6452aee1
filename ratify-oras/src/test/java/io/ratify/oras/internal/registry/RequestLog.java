package io.ratify.oras.internal.registry;

import io.ratify.oras.internal.http.HttpObserver;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every request a store sends, as {@code "METHOD /path"}. */
final class RequestLog implements HttpObserver {
  private final List<String> entries = new CopyOnWriteArrayList<>();

  @Override
  public void onRequest(String method, URI uri, boolean authorized) {
    entries.add(method + " " + uri.getRawPath() + (authorized ? " [auth]" : ""));
  }

  int size() {
    return entries.size();
  }

  List<String> entries() {
    return List.copyOf(entries);
  }

  void clear() {
    entries.clear();
  }
}
