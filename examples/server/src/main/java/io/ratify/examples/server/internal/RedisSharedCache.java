package io.ratify.examples.server.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.params.SetParams;

/**
 * The shared cache in Redis. Entries are {@code v1.<base64 HMAC-SHA256>.<value>}, the MAC taken
 * over the key, the expiry time and the value, so an entry cannot be forged, moved to another key,
 * or replayed past its expiry by anyone who can write to Redis but does not hold the key.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>A read waits at most the budget (the socket and connect timeouts); any Redis error,
 *       timeout, malformed or unauthenticated entry is a miss, logged (rate-limited) and counted.
 *   <li>After a failure, Redis is left alone for a back-off period, so a dead Redis costs one
 *       budget per back-off, not one per request.
 *   <li>Writes run on one background thread with a bounded queue; when it is full, writes are
 *       dropped (counted), never blocking a request.
 * </ul>
 */
public final class RedisSharedCache implements SharedCache {
  private static final Logger LOG = LoggerFactory.getLogger(RedisSharedCache.class);
  private static final String PREFIX = "v1.";
  private static final long LOG_EVERY_MS = 10_000;

  private final RedisClient client;
  private final byte[] macKey;
  private final Metrics metrics;
  private final long backoffMillis;
  private final LongSupplier nanoClock;
  private final ThreadPoolExecutor writer;
  private final AtomicLong unavailableUntil = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong();

  /**
   * Connects lazily to {@code uri} ({@code redis://[user:password@]host:port[/db]} or {@code
   * rediss://…} for TLS).
   *
   * @param macKey the HMAC key, at least 32 bytes
   * @param budget the most one read or write may take
   */
  public RedisSharedCache(URI uri, byte[] macKey, Duration budget, Metrics metrics) {
    this(uri, macKey, budget, metrics, System::nanoTime);
  }

  /**
   * As {@link #RedisSharedCache(URI, byte[], Duration, Metrics)}, with the back-off timed by {@code
   * nanoClock} (a monotonic clock; tests move it instead of sleeping through the back-off).
   */
  public RedisSharedCache(
      URI uri, byte[] macKey, Duration budget, Metrics metrics, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.unavailableUntil.set(nanoClock.getAsLong()); // not backing off: now - until is not < 0
    if (macKey.length < 32) {
      throw new IllegalArgumentException("the cache HMAC key must have at least 32 bytes");
    }
    this.macKey = macKey.clone();
    this.metrics = metrics;
    this.backoffMillis = Math.max(1000, budget.toMillis() * 20);
    int ms = (int) Math.max(1, budget.toMillis());
    DefaultJedisClientConfig.Builder cfg =
        DefaultJedisClientConfig.builder().connectionTimeoutMillis(ms).socketTimeoutMillis(ms);
    if ("rediss".equals(uri.getScheme())) {
      // full verification (certificate chain and host name) against the JVM trust store
      cfg.sslOptions(SslOptions.defaults());
    }
    String userInfo = uri.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        if (colon > 0) {
          cfg.user(userInfo.substring(0, colon));
        }
        cfg.password(userInfo.substring(colon + 1));
      } else {
        cfg.password(userInfo);
      }
    }
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      cfg.database(Integer.parseInt(path.substring(1)));
    }
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(32);
    pool.setMaxIdle(32);
    pool.setMaxWait(Duration.ofMillis(ms));
    pool.setBlockWhenExhausted(true);
    this.client =
        RedisClient.builder()
            .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()))
            .clientConfig(cfg.build())
            .poolConfig(pool)
            .build();
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1024),
            r -> {
              Thread t = new Thread(r, "ratify-shared-cache-writer");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Optional<String> get(String key) {
    if (backingOff()) {
      metrics.sharedCacheFailures.labelValues("unavailable").inc();
      return Optional.empty();
    }
    String raw;
    try {
      raw = client.get(key);
    } catch (RuntimeException e) {
      failed(e);
      return Optional.empty();
    }
    if (raw == null) {
      return Optional.empty();
    }
    Optional<String> v = open(key, raw);
    if (v.isEmpty()) {
      metrics.sharedCacheFailures.labelValues("tampered").inc();
      logRateLimited(
          "a shared cache entry failed its authentication check and was ignored: " + key);
    }
    return v;
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    if (ttl.isZero() || ttl.isNegative() || backingOff()) {
      return;
    }
    long ttlMs = Math.max(1, ttl.toMillis());
    String sealed = seal(key, System.currentTimeMillis() + ttlMs, value);
    try {
      writer.execute(
          () -> {
            try {
              client.set(key, sealed, SetParams.setParams().px(ttlMs));
            } catch (RuntimeException e) {
              failed(e);
            }
          });
    } catch (RejectedExecutionException e) {
      metrics.sharedCacheFailures.labelValues("write_dropped").inc();
    }
  }

  private void failed(RuntimeException e) {
    boolean timeout = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timed out");
    metrics.sharedCacheFailures.labelValues(timeout ? "timeout" : "error").inc();
    unavailableUntil.set(nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(backoffMillis));
    logRateLimited(
        "the shared cache failed ("
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage()
            + "); answering without it for "
            + backoffMillis
            + " ms");
  }

  private boolean backingOff() {
    return nanoClock.getAsLong() - unavailableUntil.get() < 0;
  }

  private void logRateLimited(String message) {
    long now = System.currentTimeMillis();
    long last = lastLog.get();
    if (now - last >= LOG_EVERY_MS && lastLog.compareAndSet(last, now)) {
      LOG.warn(message);
    }
  }

  /** {@code v1.<mac>.<expiry>.<value>}. */
  String seal(String key, long expiresAtMillis, String value) {
    String body = expiresAtMillis + "." + value;
    return PREFIX + mac(key, body) + "." + body;
  }

  /** The value of a sealed entry, or empty when it is malformed, forged or expired. */
  Optional<String> open(String key, String sealed) {
    if (!sealed.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int dot = sealed.indexOf('.', PREFIX.length());
    if (dot < 0) {
      return Optional.empty();
    }
    String tag = sealed.substring(PREFIX.length(), dot);
    String body = sealed.substring(dot + 1);
    if (!MessageDigest.isEqual(
        tag.getBytes(StandardCharsets.US_ASCII),
        mac(key, body).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    int dot2 = body.indexOf('.');
    if (dot2 < 0) {
      return Optional.empty();
    }
    long expires;
    try {
      expires = Long.parseLong(body.substring(0, dot2));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (System.currentTimeMillis() > expires) {
      return Optional.empty();
    }
    return Optional.of(body.substring(dot2 + 1));
  }

  private String mac(String key, String body) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(macKey, "HmacSHA256"));
      m.update(key.getBytes(StandardCharsets.UTF_8));
      m.update((byte) 0);
      m.update(body.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      client.close();
    } catch (RuntimeException e) {
      // closing a broken connection pool must not stop the shutdown
    }
  }
}
