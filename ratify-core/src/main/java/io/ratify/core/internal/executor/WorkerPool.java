package io.ratify.core.internal.executor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The threads of one executor: a fixed number of workers, which is what bounds simultaneous plugin
 * calls. Threads are daemons and die when idle, so an executor that is never closed does not keep a
 * JVM alive.
 *
 * <p>{@link #dispatch} keeps work where it started: a task dispatched by a worker while it runs a
 * dispatched task does not wake another thread at once. When the running task returns, the worker
 * runs the first task it started itself and offers the others to idle workers; whatever no other
 * worker has taken by the time it is free again, it runs too. A validation thus goes from the
 * caller's hand-off to its last call without waiting for another thread to wake up between its
 * steps, while independent calls (several signatures, the listing of a signature's own referrers
 * next to its verification) still run in parallel when workers are idle. A task never waits for one
 * it started, so keeping it back cannot deadlock. {@link #shutdown()} ends every wait on this pool
 * at once: queued tasks are cancelled and registered shutdown actions run, so no caller waits for a
 * deadline that nothing will enforce any more. It then waits, bounded, for the interrupted calls to
 * return, so that the store they use can be closed after them.
 *
 * <p>Waking a parked thread costs 16–25 µs on a VM whose idle vCPUs halt, which is a large part of
 * a warm validation. So a worker that runs out of tasks keeps looking for the next one for 200 µs
 * before it parks, and {@link #awaitBriefly} lets a caller look for its result for as long while
 * recent validations were that quick. Both yield the CPU to any other runnable thread while they
 * look, so that under load they take nothing from threads with work to do.
 */
public final class WorkerPool {
  /** How long {@link #shutdown()} waits for interrupted calls by default, in milliseconds. */
  public static final long SHUTDOWN_GRACE_MILLIS = 1000;

  /** How long an idle worker, or a caller expecting a quick result, looks before parking. */
  private static final long SPIN_NANOS = 200_000;

  private static final AtomicInteger POOLS = new AtomicInteger();

  /**
   * A worker of this pool. It carries the tasks started by the dispatched task it runs (null when
   * it runs none), which a thread-local would also do, at a map lookup per dispatch.
   */
  private static final class Worker extends Thread {
    final WorkerPool owner;
    ArrayDeque<FutureTask<?>> started;

    Worker(Runnable r, String name, WorkerPool owner) {
      super(r, name);
      this.owner = owner;
    }
  }

  private final Duration shutdownGrace;
  private final long spinNanos;
  private final ThreadPoolExecutor workers;
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final Set<Runnable> onShutdown = ConcurrentHashMap.newKeySet();
  // a moving average of recent round trips, seeded above the spin window (no spinning at first);
  // updates may race and be lost, which only blurs the average
  private volatile long recentRoundTripNanos;

  /** A pool of {@code concurrency} workers whose shutdown waits the default grace. */
  public WorkerPool(int concurrency) {
    this(concurrency, Duration.ofMillis(SHUTDOWN_GRACE_MILLIS));
  }

  /**
   * A pool of {@code concurrency} workers whose shutdown waits up to {@code shutdownGrace} for
   * interrupted calls.
   */
  public WorkerPool(int concurrency, Duration shutdownGrace) {
    this(concurrency, shutdownGrace, SPIN_NANOS);
  }

  /** A pool with its own spin window (tests). */
  WorkerPool(int concurrency, Duration shutdownGrace, long spinNanos) {
    this.shutdownGrace = shutdownGrace;
    this.spinNanos = spinNanos;
    this.recentRoundTripNanos = 2 * spinNanos;
    int id = POOLS.incrementAndGet();
    String workerPrefix = "ratify-" + id + "-worker-";
    AtomicInteger n = new AtomicInteger();
    workers =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            30,
            TimeUnit.SECONDS,
            new LookingQueue(spinNanos),
            r -> {
              Worker t = new Worker(r, workerPrefix + n.incrementAndGet(), this);
              t.setDaemon(true);
              return t;
            });
    workers.allowCoreThreadTimeOut(true);
  }

  /**
   * Returns once {@code done} holds, the spin window has passed, or the caller is interrupted; at
   * once unless recent round trips ({@link #roundTrip}) fit in the window. The caller then waits as
   * usual, parked: this only spares it the wake-up when the result comes quickly.
   */
  public void awaitBriefly(BooleanSupplier done) {
    if (recentRoundTripNanos > spinNanos) {
      return;
    }
    long until = System.nanoTime() + spinNanos;
    while (!done.getAsBoolean()
        && !Thread.currentThread().isInterrupted()
        && System.nanoTime() - until < 0) {
      yieldCpu();
    }
  }

  /** Records how long a caller waited for its result, which {@link #awaitBriefly} goes by. */
  public void roundTrip(long nanos) {
    long avg = recentRoundTripNanos;
    recentRoundTripNanos = avg + (Math.max(0, nanos) - avg) / 4;
  }

  @SuppressWarnings("ThreadPriorityCheck") // the point: let runnable threads go first while looking
  private static void yieldCpu() {
    Thread.yield();
  }

  /**
   * The work queue: a worker that finds it empty looks again, yielding, for the spin window before
   * it parks, so that a task offered meanwhile needs no wake-up.
   */
  private static final class LookingQueue extends LinkedBlockingQueue<Runnable> {
    private static final long serialVersionUID = 1L;
    private final long spinNanos;

    LookingQueue(long spinNanos) {
      this.spinNanos = spinNanos;
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
      Runnable r = look();
      return r != null ? r : super.poll(timeout, unit);
    }

    @Override
    public Runnable take() throws InterruptedException {
      Runnable r = look();
      return r != null ? r : super.take();
    }

    private Runnable look() throws InterruptedException {
      long until = System.nanoTime() + spinNanos;
      while (true) {
        Runnable r = poll();
        if (r != null) {
          return r;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        if (System.nanoTime() - until >= 0) {
          return null;
        }
        yieldCpu();
      }
    }
  }

  /** Runs {@code task} on a worker. */
  public void execute(Runnable task) {
    workers.execute(task);
  }

  /**
   * Runs {@code task} on a worker: when called from a worker running a dispatched task of this
   * pool, on this worker or an idle one once that task returns (see the class comment), otherwise
   * on the next free worker. A task runs at most once ({@link FutureTask#run()}), wherever it is
   * picked up first.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the pool is shut down
   */
  public void dispatch(FutureTask<?> task) {
    // a worker of this pool running a dispatched task
    if (Thread.currentThread() instanceof Worker w && w.owner == this && w.started != null) {
      w.started.add(task);
    } else {
      workers.execute(new Offered(task));
    }
  }

  /** A dispatched task in the queue; cancelled with the queue on shutdown. */
  private final class Offered implements Runnable {
    private final FutureTask<?> task;

    Offered(FutureTask<?> task) {
      this.task = task;
    }

    @Override
    public void run() {
      runKeepingWorkLocal(task);
    }
  }

  private void runKeepingWorkLocal(FutureTask<?> first) {
    ArrayDeque<FutureTask<?>> mine = new ArrayDeque<>();
    ArrayDeque<FutureTask<?>> offered = new ArrayDeque<>();
    Worker me = (Worker) Thread.currentThread();
    me.started = mine;
    try {
      FutureTask<?> next = first;
      while (next != null && !shutdown.get()) {
        // as ThreadPoolExecutor does between tasks: an interrupt aimed at the previous task
        // (cancelled when its outcome no longer counted) must not reach the next one
        boolean unused = Thread.interrupted();
        next.run();
        next = mine.poll();
        for (FutureTask<?> t = mine.poll(); t != null; t = mine.poll()) {
          try {
            workers.execute(new Offered(t));
          } catch (RejectedExecutionException e) {
            // shut down meanwhile: the task is cancelled below with the others
          }
          offered.add(t);
        }
        if (next == null) {
          // run() does nothing for a task another worker started or finished meanwhile
          next = offered.poll();
        }
      }
      // shut down: what this worker still holds will not run (what it started went to `offered`)
      if (next != null) {
        next.cancel(false);
      }
      for (FutureTask<?> t : offered) {
        t.cancel(false);
      }
    } finally {
      me.started = null;
    }
  }

  public boolean isShutdown() {
    return shutdown.get();
  }

  /**
   * Registers {@code action} to run once when the pool shuts down; false (and nothing registered)
   * when it already has. Remove it with {@link #removeShutdownAction} when the work it guards is
   * done.
   */
  public boolean addShutdownAction(Runnable action) {
    onShutdown.add(action);
    if (shutdown.get()) {
      // shutdown() may or may not have seen it; the caller handles the shutdown itself either way
      onShutdown.remove(action);
      return false;
    }
    return true;
  }

  public void removeShutdownAction(Runnable action) {
    onShutdown.remove(action);
  }

  /**
   * Interrupts running work, cancels queued work (so its waiters wake up), runs the shutdown
   * actions, stops all threads and waits up to the shutdown grace for the interrupted calls to
   * return (not at all when called from a worker, which would wait for itself); true on the first
   * call only.
   */
  public boolean shutdown() {
    if (!shutdown.compareAndSet(false, true)) {
      return false;
    }
    List<Runnable> queued = workers.shutdownNow();
    for (Runnable r : queued) {
      if (r instanceof Offered o) {
        o.task.cancel(false);
      } else if (r instanceof Future<?> f) {
        f.cancel(false);
      }
    }
    for (Runnable action : List.copyOf(onShutdown)) {
      try {
        action.run();
      } catch (RuntimeException e) {
        // one validation failing to stop must not keep the others waiting
      }
    }
    onShutdown.clear();
    // idle workers touch nothing the caller may close next: wait only while some run a task
    if (!(Thread.currentThread() instanceof Worker w && w.owner == this)
        && workers.getActiveCount() > 0) {
      awaitTermination();
    }
    return true;
  }

  /** Waits, bounded by the grace, for the workers to stop. */
  private void awaitTermination() {
    long until = System.nanoTime() + shutdownGrace.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          long left = until - System.nanoTime();
          if (left <= 0 || workers.awaitTermination(left, TimeUnit.NANOSECONDS)) {
            break;
          }
        } catch (InterruptedException x) {
          // the caller wants out, but the store must still not be closed under a running call:
          // keep waiting within the bound and restore the flag afterwards
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
