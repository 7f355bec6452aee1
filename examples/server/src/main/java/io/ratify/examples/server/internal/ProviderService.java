package io.ratify.examples.server.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Answers the keys of verify and mutate requests: caches first, then the backend, with the keys of
 * one request run concurrently (bounded) and every key answered before the request's deadline.
 *
 * <h2>Caches</h2>
 *
 * <ul>
 *   <li>Verdicts, keyed by configuration fingerprint, namespace and {@code repository@digest}: a
 *       configuration change never serves an old verdict. Allowed verdicts live {@code ttl},
 *       denials {@code deniedTtl}; outcomes of transient failures are never cached.
 *   <li>Tag resolutions, for {@code tagTtl} (short), so a moved tag is served an old digest for at
 *       most that long. Mutations have their own cache with the same bound.
 *   <li>The shared cache (Redis), behind the local one, for verdicts and tags.
 *   <li>Identical verifications running at the same time are computed once (single flight).
 * </ul>
 */
public final class ProviderService {
  /** Tunables, already validated by the server's builder. */
  public record Settings(
      Duration verifyTimeout,
      Duration mutateTimeout,
      Duration ttl,
      Duration deniedTtl,
      Duration tagTtl,
      long cacheSize,
      int perRequestConcurrency) {}

  private static final Duration MARGIN_MAX = Duration.ofMillis(100);

  private final Settings settings;
  private final ExecutorService pool;
  private final SharedCache shared;
  private final Metrics metrics;
  private final Cache<String, Verdict> verdicts;
  private final Cache<String, Digest> tags;
  private final Cache<String, Digest> mutations;
  private final ConcurrentHashMap<String, CompletableFuture<Verdict>> inflight =
      new ConcurrentHashMap<>();

  /** A service running keys on {@code pool}. */
  public ProviderService(
      Settings settings, ExecutorService pool, SharedCache shared, Metrics metrics) {
    this(settings, pool, shared, metrics, Ticker.systemTicker());
  }

  /**
   * A service whose cache entries age by {@code ticker} (tests move it instead of sleeping through
   * a TTL).
   */
  public ProviderService(
      Settings settings, ExecutorService pool, SharedCache shared, Metrics metrics, Ticker ticker) {
    this.settings = settings;
    this.pool = pool;
    this.shared = shared;
    this.metrics = metrics;
    this.verdicts =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(settings.cacheSize())
            .expireAfter(
                new Expiry<String, Verdict>() {
                  @Override
                  public long expireAfterCreate(String k, Verdict v, long now) {
                    return (v.success() ? settings.ttl() : settings.deniedTtl()).toNanos();
                  }

                  @Override
                  public long expireAfterUpdate(String k, Verdict v, long now, long current) {
                    return expireAfterCreate(k, v, now);
                  }

                  @Override
                  public long expireAfterRead(String k, Verdict v, long now, long current) {
                    return current;
                  }
                })
            .build();
    this.tags =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(settings.cacheSize())
            .expireAfterWrite(settings.tagTtl())
            .build();
    this.mutations =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(settings.cacheSize())
            .expireAfterWrite(settings.tagTtl())
            .build();
  }

  /** The deadline of a request with {@code timeout}: a margin is kept for writing the answer. */
  static long deadlineNanos(long startNanos, Duration timeout) {
    Duration margin = timeout.dividedBy(10);
    if (margin.compareTo(MARGIN_MAX) > 0) {
      margin = MARGIN_MAX;
    }
    return startNanos + timeout.minus(margin).toNanos();
  }

  /** Verifies every key, in request order, answering by the verify deadline. */
  public List<Item> verify(BackendManager.Lease lease, List<String> keys, long startNanos) {
    long deadline = deadlineNanos(startNanos, settings.verifyTimeout());
    return run(keys, deadline, settings.verifyTimeout(), true, lease);
  }

  /** Mutates every key, in request order, answering by the mutate deadline. */
  public List<Item> mutate(BackendManager.Lease lease, List<String> keys, long startNanos) {
    long deadline = deadlineNanos(startNanos, settings.mutateTimeout());
    return run(keys, deadline, settings.mutateTimeout(), false, lease);
  }

  private interface Task {
    Item run() throws RatifyException;
  }

  private List<Item> run(
      List<String> keys,
      long deadline,
      Duration timeout,
      boolean verify,
      BackendManager.Lease lease) {
    int n = keys.size();
    AtomicReferenceArray<Item> out = new AtomicReferenceArray<>(n);
    List<Integer> slow = new ArrayList<>();
    ProviderKey[] parsed = new ProviderKey[n];
    Reference[] refs = new Reference[n];
    VerificationBackend b = lease.backend();
    for (int i = 0; i < n; i++) {
      ProviderKey k = ProviderKey.of(keys.get(i));
      parsed[i] = k;
      try {
        refs[i] = k.reference();
      } catch (RatifyException e) {
        out.set(i, errorItem(k, e, verify));
        continue;
      }
      Item fast = verify ? cachedVerdict(b, k, refs[i]) : cachedMutation(b, k, refs[i]);
      if (fast != null) {
        out.set(i, fast);
      } else {
        slow.add(i);
      }
    }
    if (!slow.isEmpty()) {
      CountDownLatch done = new CountDownLatch(slow.size());
      AtomicInteger next = new AtomicInteger();
      AtomicBoolean expired = new AtomicBoolean();
      int workers = Math.min(slow.size(), settings.perRequestConcurrency());
      Runnable worker =
          () -> {
            int j;
            while (!expired.get() && (j = next.getAndIncrement()) < slow.size()) {
              int i = slow.get(j);
              ProviderKey k = parsed[i];
              Reference r = refs[i];
              Task t =
                  verify ? () -> verifyOne(b, k, r, deadline) : () -> mutateOne(b, k, r, deadline);
              Item item;
              try {
                item = t.run();
              } catch (RatifyException e) {
                item = errorItem(k, e, verify);
              } catch (RuntimeException | LinkageError e) {
                item =
                    errorItem(
                        k,
                        new RatifyException(
                            ErrorCode.EXECUTOR_FAILURE,
                            "verification failed unexpectedly: " + e,
                            e),
                        verify);
              }
              out.compareAndSet(i, null, item);
              done.countDown();
            }
          };
      int started = 0;
      for (int w = 0; w < workers; w++) {
        try {
          pool.execute(worker);
          started++;
        } catch (RejectedExecutionException e) {
          break;
        }
      }
      if (started > 0) {
        try {
          done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      expired.set(true);
      for (int i : slow) {
        ProviderKey k = parsed[i];
        Item late =
            started == 0
                ? errorItem(
                    k,
                    new RatifyException(
                        ErrorCode.THROTTLED,
                        "the server is at capacity",
                        "retry, or add replicas",
                        null),
                    verify)
                : timeoutItem(k, timeout, verify);
        out.compareAndSet(i, null, late);
      }
    }
    List<Item> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(out.get(i));
    }
    return items;
  }

  private Item timeoutItem(ProviderKey k, Duration timeout, boolean verify) {
    RatifyException e =
        new RatifyException(
            ErrorCode.TIMEOUT,
            (verify ? "verifying " : "resolving ")
                + k.image()
                + " did not finish within the provider's "
                + timeout.toMillis()
                + " ms",
            "check the registry's latency, or raise the timeout (and Gatekeeper's)",
            null);
    Item i = errorItem(k, e, verify);
    return new Item(i.key(), i.jsonValue(), i.error(), Item.Outcome.TIMEOUT, false);
  }

  private static Item errorItem(ProviderKey k, RatifyException e, boolean verify) {
    Item.Outcome o = e.code() == ErrorCode.TIMEOUT ? Item.Outcome.TIMEOUT : Item.Outcome.ERROR;
    // a mutate error keeps the key as value, as Ratify does, so Gatekeeper leaves the image alone
    Optional<String> value = verify ? Optional.empty() : Optional.of(jsonString(k.echoed()));
    return new Item(k.echoed(), value, Optional.of(e.getMessage()), o, false);
  }

  private static String jsonString(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }

  private static String verdictKey(VerificationBackend b, ProviderKey k, Reference pinned) {
    return b.fingerprint() + "|" + k.namespace() + "|" + pinned;
  }

  private static String tagKey(VerificationBackend b, ProviderKey k, Reference ref) {
    return b.fingerprint() + "|" + k.namespace() + "|" + ref;
  }

  private static String sharedKey(String kind, String localKey) {
    return "ratify:" + kind + ":" + ConfigSource.sha256(localKey);
  }

  private Item verdictItem(ProviderKey k, Verdict v, boolean hit) {
    return new Item(
        k.echoed(),
        Optional.of(v.reportJson()),
        Optional.empty(),
        v.success() ? Item.Outcome.ALLOWED : Item.Outcome.DENIED,
        hit);
  }

  private Item cachedVerdict(VerificationBackend b, ProviderKey k, Reference ref) {
    Digest d = ref.digest().orElse(null);
    if (d == null) {
      d = tags.getIfPresent(tagKey(b, k, ref));
      if (d == null) {
        return null;
      }
    }
    Verdict v = verdicts.getIfPresent(verdictKey(b, k, ref.pinned(d)));
    if (v == null) {
      return null;
    }
    metrics.cacheLookups.labelValues("result", "hit").inc();
    return verdictItem(k, v, true);
  }

  private Item cachedMutation(VerificationBackend b, ProviderKey k, Reference ref) {
    if (ref.digest().isPresent()) {
      return mutated(k, null);
    }
    Digest d = mutations.getIfPresent(tagKey(b, k, ref));
    if (d == null) {
      return null;
    }
    metrics.cacheLookups.labelValues("mutation", "hit").inc();
    Item i = mutated(k, ref.pinned(d));
    return new Item(i.key(), i.jsonValue(), i.error(), i.outcome(), true);
  }

  private static Item mutated(ProviderKey k, Reference pinned) {
    // a key that already names a digest is returned as it is, prefix included, as Ratify does
    String v = pinned == null ? k.echoed() : pinned.toString();
    return new Item(
        k.echoed(), Optional.of(jsonString(v)), Optional.empty(), Item.Outcome.ALLOWED, false);
  }

  private Digest resolveTag(
      VerificationBackend b,
      ProviderKey k,
      Reference ref,
      long deadline,
      Cache<String, Digest> c,
      String name)
      throws RatifyException {
    String key = tagKey(b, k, ref);
    Digest d = c.getIfPresent(key);
    if (d != null) {
      metrics.cacheLookups.labelValues(name, "hit").inc();
      return d;
    }
    metrics.cacheLookups.labelValues(name, "miss").inc();
    String sk = sharedKey("tag", key);
    Optional<String> s = shared.get(sk);
    if (s.isPresent()) {
      try {
        d = Digest.parse(s.get());
        metrics.cacheLookups.labelValues("shared", "hit").inc();
        c.put(key, d);
        return d;
      } catch (RatifyException e) {
        metrics.sharedCacheFailures.labelValues("tampered").inc();
      }
    } else {
      metrics.cacheLookups.labelValues("shared", "miss").inc();
    }
    Duration budget = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    d = b.resolve(k.namespace(), ref, budget);
    c.put(key, d);
    shared.put(sk, d.toString(), settings.tagTtl());
    return d;
  }

  private Item mutateOne(VerificationBackend b, ProviderKey k, Reference ref, long deadline)
      throws RatifyException {
    Digest d = resolveTag(b, k, ref, deadline, mutations, "mutation");
    return mutated(k, ref.pinned(d));
  }

  private Item verifyOne(VerificationBackend b, ProviderKey k, Reference ref, long deadline)
      throws RatifyException {
    Digest d =
        ref.digest().isPresent()
            ? ref.digest().get()
            : resolveTag(b, k, ref, deadline, tags, "tag");
    Reference pinned = ref.pinned(d);
    String key = verdictKey(b, k, pinned);
    Verdict v = verdicts.getIfPresent(key);
    if (v != null) {
      metrics.cacheLookups.labelValues("result", "hit").inc();
      return verdictItem(k, v, true);
    }
    metrics.cacheLookups.labelValues("result", "miss").inc();
    String sk = sharedKey("verdict", key);
    Optional<String> s = shared.get(sk);
    if (s.isPresent()) {
      Verdict sv = Verdict.decode(s.get());
      if (sv != null) {
        metrics.cacheLookups.labelValues("shared", "hit").inc();
        verdicts.put(key, sv);
        return verdictItem(k, sv, true);
      }
      metrics.sharedCacheFailures.labelValues("tampered").inc();
    } else {
      metrics.cacheLookups.labelValues("shared", "miss").inc();
    }
    CompletableFuture<Verdict> mine = new CompletableFuture<>();
    CompletableFuture<Verdict> running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      // joins the identical verification already running (single flight)
      metrics.cacheLookups.labelValues("inflight", "hit").inc();
      return verdictItem(k, await(running, deadline, k), false);
    }
    try {
      Verdict computed = b.validate(k.namespace(), pinned);
      if (computed.cacheable()) {
        verdicts.put(key, computed);
        shared.put(
            sk, computed.encode(), computed.success() ? settings.ttl() : settings.deniedTtl());
      }
      mine.complete(computed);
      return verdictItem(k, computed, false);
    } catch (RatifyException | RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inflight.remove(key, mine);
    }
  }

  private static Verdict await(CompletableFuture<Verdict> f, long deadline, ProviderKey k)
      throws RatifyException {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RatifyException(
          ErrorCode.TIMEOUT, "verifying " + k.image() + " did not finish in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RatifyException(ErrorCode.CANCELLED, "verifying " + k.image() + " was interrupted");
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RatifyException r) {
        throw new RatifyException(r.code(), r.detail(), r.remediation().orElse(null), r);
      }
      throw new RatifyException(
          ErrorCode.EXECUTOR_FAILURE, "verifying " + k.image() + " failed: " + c, c);
    }
  }

  /** Drops every cached entry (tests, and configuration changes are covered by the key). */
  public void invalidateAll() {
    verdicts.invalidateAll();
    tags.invalidateAll();
    mutations.invalidateAll();
  }
}
