package io.ratify.examples.server;

import io.ratify.api.Digest;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.examples.server.internal.Verdict;
import io.ratify.examples.server.internal.VerificationBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Wraps the server's real backends (executors over the real registry): counts the validations the
 * server starts and how many run at once, holds them at a gate the test opens, and records when the
 * server closes a backend. What the server does becomes observable without timing.
 */
final class GatedBackends implements UnaryOperator<VerificationBackend> {
  private final AtomicInteger toHold = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();
  final AtomicInteger validations = new AtomicInteger();
  final AtomicInteger held = new AtomicInteger();
  final List<Reference> validated = new CopyOnWriteArrayList<>();
  final List<Gated> built = new CopyOnWriteArrayList<>();

  /** Holds the next {@code n} validations until {@link #open()}. */
  void hold(int n) {
    gate = new CountDownLatch(1);
    toHold.set(n);
  }

  /** Lets every held validation go on. */
  void open() {
    toHold.set(0);
    gate.countDown();
  }

  /** How many validations are running now (held or not). */
  int running() {
    return running.get();
  }

  /** Waits (bounded) until {@code n} validations are held at the gate. */
  void awaitHeld(int n) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (held.get() < n) {
      if (System.nanoTime() > until) {
        throw new AssertionError("only " + held.get() + " of " + n + " validations arrived");
      }
      Thread.sleep(5);
    }
  }

  @Override
  public VerificationBackend apply(VerificationBackend real) {
    Gated g = new Gated(real);
    built.add(g);
    return g;
  }

  /** One backend the server built. */
  final class Gated implements VerificationBackend {
    private final VerificationBackend real;
    final CountDownLatch closed = new CountDownLatch(1);
    final AtomicInteger validations = new AtomicInteger();

    Gated(VerificationBackend real) {
      this.real = real;
    }

    boolean isClosed() {
      return closed.getCount() == 0;
    }

    @Override
    public String fingerprint() {
      return real.fingerprint();
    }

    @Override
    public Digest resolve(String namespace, Reference ref, Duration budget) throws RatifyException {
      return real.resolve(namespace, ref, budget);
    }

    @Override
    public Verdict validate(String namespace, Reference pinned) throws RatifyException {
      GatedBackends.this.validations.incrementAndGet();
      validated.add(pinned);
      validations.incrementAndGet();
      int now = running.incrementAndGet();
      maxRunning.accumulateAndGet(now, Math::max);
      try {
        if (toHold.getAndDecrement() > 0) {
          held.incrementAndGet();
          try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
              throw new AssertionError("the test never opened the gate");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return real.validate(namespace, pinned);
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public void close() {
      real.close();
      closed.countDown();
    }
  }
}
