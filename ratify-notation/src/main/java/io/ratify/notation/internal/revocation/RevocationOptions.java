package io.ratify.notation.internal.revocation;

import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How revocation is checked: network bounds, the CRL cache and offline mode. Defaults follow
 * notation-core-go (OCSP 2 s and 20 KiB per response, CRL 5 s and 32 MiB per CRL).
 *
 * @param ocspTimeout the time one OCSP request may take (always also within the request deadline)
 * @param crlTimeout the time one CRL download may take (always also within the request deadline)
 * @param maxOcspResponseBytes the largest OCSP response accepted
 * @param maxCrlBytes the largest CRL accepted (from the network or the cache directory)
 * @param crlCacheDirectory where verified CRLs are kept across restarts; empty keeps them in memory
 *     only
 * @param offline answer only from the cache: no network request at all
 * @param maxCachedCrls how many CRLs the memory cache holds
 * @param maxCachedCrlBytes how many CRL bytes the memory cache holds
 * @param maxConcurrentFetches how many revocation requests may be in flight at once
 * @param proxy the proxy selector for HTTP requests; empty uses the JVM default
 */
public record RevocationOptions(
    Duration ocspTimeout,
    Duration crlTimeout,
    int maxOcspResponseBytes,
    int maxCrlBytes,
    Optional<Path> crlCacheDirectory,
    boolean offline,
    int maxCachedCrls,
    long maxCachedCrlBytes,
    int maxConcurrentFetches,
    Optional<ProxySelector> proxy) {

  /** notation-core-go's OCSP timeout. */
  public static final Duration DEFAULT_OCSP_TIMEOUT = Duration.ofSeconds(2);

  /** notation-core-go's CRL timeout. */
  public static final Duration DEFAULT_CRL_TIMEOUT = Duration.ofSeconds(5);

  /** notation-core-go's OCSP response bound. */
  public static final int DEFAULT_MAX_OCSP_RESPONSE_BYTES = 20 * 1024;

  /** notation-core-go's CRL bound. */
  public static final int DEFAULT_MAX_CRL_BYTES = 32 * 1024 * 1024;

  public RevocationOptions {
    requirePositive(ocspTimeout, "ocspTimeout");
    requirePositive(crlTimeout, "crlTimeout");
    if (maxOcspResponseBytes <= 0 || maxCrlBytes <= 0) {
      throw new IllegalArgumentException("response bounds must be positive");
    }
    Objects.requireNonNull(crlCacheDirectory, "crlCacheDirectory");
    if (maxCachedCrls < 0 || maxCachedCrlBytes < 0) {
      throw new IllegalArgumentException("cache bounds must not be negative");
    }
    if (maxConcurrentFetches <= 0) {
      throw new IllegalArgumentException("maxConcurrentFetches must be positive");
    }
    Objects.requireNonNull(proxy, "proxy");
  }

  /** The defaults: online, memory cache only. */
  public static RevocationOptions defaults() {
    return new RevocationOptions(
        DEFAULT_OCSP_TIMEOUT,
        DEFAULT_CRL_TIMEOUT,
        DEFAULT_MAX_OCSP_RESPONSE_BYTES,
        DEFAULT_MAX_CRL_BYTES,
        Optional.empty(),
        false,
        256,
        128L * 1024 * 1024,
        16,
        Optional.empty());
  }

  /** These options with both request timeouts set to {@code timeout}. */
  public RevocationOptions withTimeout(Duration timeout) {
    return new RevocationOptions(
        timeout,
        timeout,
        maxOcspResponseBytes,
        maxCrlBytes,
        crlCacheDirectory,
        offline,
        maxCachedCrls,
        maxCachedCrlBytes,
        maxConcurrentFetches,
        proxy);
  }

  /** These options with a CRL cache directory. */
  public RevocationOptions withCrlCacheDirectory(Path dir) {
    return new RevocationOptions(
        ocspTimeout,
        crlTimeout,
        maxOcspResponseBytes,
        maxCrlBytes,
        Optional.of(dir),
        offline,
        maxCachedCrls,
        maxCachedCrlBytes,
        maxConcurrentFetches,
        proxy);
  }

  /** These options, offline or online. */
  public RevocationOptions withOffline(boolean isOffline) {
    return new RevocationOptions(
        ocspTimeout,
        crlTimeout,
        maxOcspResponseBytes,
        maxCrlBytes,
        crlCacheDirectory,
        isOffline,
        maxCachedCrls,
        maxCachedCrlBytes,
        maxConcurrentFetches,
        proxy);
  }

  /** These options with response bounds. */
  public RevocationOptions withLimits(int ocspBytes, int crlBytes) {
    return new RevocationOptions(
        ocspTimeout,
        crlTimeout,
        ocspBytes,
        crlBytes,
        crlCacheDirectory,
        offline,
        maxCachedCrls,
        maxCachedCrlBytes,
        maxConcurrentFetches,
        proxy);
  }

  /** These options with a proxy selector for HTTP requests (tests route requests with it). */
  public RevocationOptions withProxy(ProxySelector selector) {
    return new RevocationOptions(
        ocspTimeout,
        crlTimeout,
        maxOcspResponseBytes,
        maxCrlBytes,
        crlCacheDirectory,
        offline,
        maxCachedCrls,
        maxCachedCrlBytes,
        maxConcurrentFetches,
        Optional.of(selector));
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
