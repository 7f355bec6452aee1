package io.ratify.examples.server.internal;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's Prometheus metrics, under Ratify's names where Ratify has one. Durations are in
 * milliseconds, as Ratify's histograms are. Each server owns its own registry, so two servers in
 * one process (tests, embedding) never mix their counts.
 */
public final class Metrics {
  private static final double[] MILLIS = {
    1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();

  /** Verify requests by duration; label {@code path} (v1, v2) and {@code status}. */
  public final Histogram verificationRequest =
      Histogram.builder()
          .name("ratify_verification_request")
          .help("Duration of verify requests in milliseconds")
          .labelNames("path", "status")
          .classicOnly()
          .classicUpperBounds(MILLIS)
          .register(registry);

  /** Mutate requests by duration. */
  public final Histogram mutationRequest =
      Histogram.builder()
          .name("ratify_mutation_request")
          .help("Duration of mutate requests in milliseconds")
          .labelNames("path", "status")
          .classicOnly()
          .classicUpperBounds(MILLIS)
          .register(registry);

  /** One verifier call by duration; labels verifier name and outcome. */
  public final Histogram verifierDuration =
      Histogram.builder()
          .name("ratify_verifier_duration")
          .help("Duration of one verifier call in milliseconds")
          .labelNames("verifier", "result")
          .classicOnly()
          .classicUpperBounds(MILLIS)
          .register(registry);

  /** Failures of the server itself (malformed requests, missing configuration, internal). */
  public final Counter systemErrors =
      Counter.builder()
          .name("ratify_system_error_count")
          .help("Requests answered with a systemError, by reason")
          .labelNames("reason")
          .register(registry);

  /** Store calls (each one at least one registry request); label operation and outcome. */
  public final Counter registryRequests =
      Counter.builder()
          .name("ratify_registry_request_count")
          .help("Store operations sent towards the registry, by operation and outcome")
          .labelNames("operation", "result")
          .register(registry);

  /**
   * Cache lookups: label cache (result, tag, mutation, shared, and inflight for a verification that
   * joined an identical one already running) and result (hit, miss).
   */
  public final Counter cacheLookups =
      Counter.builder()
          .name("ratify_cache_count")
          .help("Cache lookups by cache and result (hit, miss)")
          .labelNames("cache", "result")
          .register(registry);

  /** Shared cache problems that became misses: timeout, error, tampered, unavailable. */
  public final Counter sharedCacheFailures =
      Counter.builder()
          .name("ratify_shared_cache_failure_count")
          .help("Shared (Redis) cache operations treated as misses, by reason")
          .labelNames("reason")
          .register(registry);

  /** Per-verifier outcomes over all verdicts computed (not cached answers). */
  public final Counter verifierResults =
      Counter.builder()
          .name("ratify_verifier_result_count")
          .help("Verifier reports by verifier and outcome")
          .labelNames("verifier", "result")
          .register(registry);

  /** Verify and mutate items by outcome: allowed, denied, error, timeout. */
  public final Counter items =
      Counter.builder()
          .name("ratify_request_item_count")
          .help("Response items by request kind and outcome")
          .labelNames("kind", "outcome")
          .register(registry);

  /** Configuration loads by result (success, failure). */
  public final Counter configReloads =
      Counter.builder()
          .name("ratify_config_reload_count")
          .help("Configuration loads by result")
          .labelNames("result")
          .register(registry);

  /** 1 while the latest configuration seen is valid and serving, 0 otherwise. */
  public final Gauge configValid =
      Gauge.builder()
          .name("ratify_config_valid")
          .help("1 when the latest configuration loaded is the one serving")
          .register(registry);

  /** TLS certificate reloads by result. */
  public final Counter tlsReloads =
      Counter.builder()
          .name("ratify_tls_reload_count")
          .help("TLS certificate reloads by result")
          .labelNames("result")
          .register(registry);

  /** The text exposition of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The content type of {@link #scrape()}. */
  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
