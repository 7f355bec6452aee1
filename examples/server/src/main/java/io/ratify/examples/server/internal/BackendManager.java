package io.ratify.examples.server.internal;

import io.ratify.api.RatifyException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the backend that serves, swaps it atomically when the configuration changes, and closes a
 * replaced backend only once the last request that acquired it has released it.
 *
 * <p>An invalid configuration never replaces a working backend: it is logged with its error code,
 * counted, and shown in {@link #status()} until a valid one arrives.
 */
public final class BackendManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackendManager.class);

  /** Builds a backend from the configuration at a path, given its fingerprint. */
  public interface Builder {
    /** Builds; throws the configuration's or a plugin's error. */
    VerificationBackend build(Path path, String fingerprint) throws RatifyException;
  }

  /** A backend with a count of the requests using it. */
  public static final class Lease implements AutoCloseable {
    private final VerificationBackend backend;
    private final AtomicInteger users = new AtomicInteger(1); // the manager's own reference
    private final AtomicBoolean closed = new AtomicBoolean();

    Lease(VerificationBackend backend) {
      this.backend = backend;
    }

    /** The backend. */
    public VerificationBackend backend() {
      return backend;
    }

    boolean tryAcquire() {
      while (true) {
        int n = users.get();
        if (n <= 0) {
          return false;
        }
        if (users.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    /** Releases this use; the last release of a retired backend closes it. */
    @Override
    public void close() {
      if (users.decrementAndGet() == 0 && closed.compareAndSet(false, true)) {
        backend.close();
      }
    }
  }

  private final ConfigSource source;
  private final Builder builder;
  private final Metrics metrics;
  private final AtomicReference<Lease> current = new AtomicReference<>();
  private volatile String lastSeenFingerprint = "";
  private volatile String status = "no configuration loaded yet";
  private final Object reloadLock = new Object();

  /** A manager reading {@code source}; call {@link #reload()} to load. */
  public BackendManager(ConfigSource source, Builder builder, Metrics metrics) {
    this.source = source;
    this.builder = builder;
    this.metrics = metrics;
  }

  /**
   * Reads the configuration and, when its text changed and it is valid, replaces the backend.
   *
   * @return true when the backend was replaced
   */
  public boolean reload() {
    synchronized (reloadLock) {
      ConfigSource.Snapshot snap;
      try {
        snap = source.read();
      } catch (RatifyException e) {
        fail("", e);
        return false;
      }
      if (snap.fingerprint().equals(lastSeenFingerprint)) {
        return false;
      }
      VerificationBackend b;
      try {
        b = builder.build(source.path(), snap.fingerprint());
        String after;
        try {
          after = source.read().fingerprint();
        } catch (RatifyException e) {
          after = "";
        }
        if (!after.equals(snap.fingerprint())) {
          // changed while it was being loaded: what was built may mix two versions; next poll
          b.close();
          return false;
        }
      } catch (RatifyException e) {
        lastSeenFingerprint = snap.fingerprint();
        fail(snap.fingerprint(), e);
        return false;
      } catch (RuntimeException | LinkageError e) {
        lastSeenFingerprint = snap.fingerprint();
        fail(
            snap.fingerprint(),
            new RatifyException(
                io.ratify.api.ErrorCode.PLUGIN_INIT_FAILURE,
                "building the executor failed: " + e,
                e));
        return false;
      }
      lastSeenFingerprint = snap.fingerprint();
      Lease old = current.getAndSet(new Lease(b));
      metrics.configReloads.labelValues("success").inc();
      metrics.configValid.set(1);
      status =
          "ok: configuration " + snap.fingerprint().substring(0, 12) + " from " + source.path();
      LOG.info(
          "configuration loaded from {} (fingerprint {})",
          source.path(),
          snap.fingerprint().substring(0, 12));
      if (old != null) {
        old.close(); // drops the manager's reference; in-flight users close it last
      }
      return true;
    }
  }

  private void fail(String fingerprint, RatifyException e) {
    metrics.configReloads.labelValues("failure").inc();
    metrics.configValid.set(0);
    boolean serving = current.get() != null;
    status =
        "configuration rejected ("
            + e.code()
            + "): "
            + e.getMessage()
            + (serving ? "; the previous configuration keeps serving" : "");
    LOG.error(
        "configuration {} from {} rejected, {}: {}",
        fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint,
        source.path(),
        serving ? "the previous configuration keeps serving" : "nothing is serving",
        e.getMessage());
  }

  /** Acquires the serving backend; close the lease when the request is done. */
  public Optional<Lease> acquire() {
    while (true) {
      Lease l = current.get();
      if (l == null) {
        return Optional.empty();
      }
      if (l.tryAcquire()) {
        return Optional.of(l);
      }
      // retired between get() and tryAcquire(): the new one is already in place
      Thread.onSpinWait();
    }
  }

  /** Whether a valid configuration is serving. */
  public boolean ready() {
    return current.get() != null;
  }

  /** A one-line status for {@code /readyz}. */
  public String status() {
    return status;
  }

  /** Closes the serving backend once its last user is done. */
  @Override
  public void close() {
    Lease l = current.getAndSet(null);
    if (l != null) {
      l.close();
    }
  }
}
