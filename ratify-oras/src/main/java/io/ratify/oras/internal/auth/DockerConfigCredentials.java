package io.ratify.oras.internal.auth;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.oras.internal.cache.TtlCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials from a docker {@code config.json} ({@code auths}, {@code credsStore}, {@code
 * credHelpers}, identity tokens), read through jib-core's credential retrieval. Answers are kept
 * for five minutes per registry so that a credential helper process is not started for every
 * request. A lookup is bounded by the caller's deadline (and by {@value #HELPER_MAX_SECONDS} s):
 * jib waits for a helper process without a time limit, so the lookup runs on a daemon thread, at
 * most one per registry at a time, which later callers join. Thread-safe.
 */
public final class DockerConfigCredentials implements CredentialProvider {
  private static final Logger LOG = LoggerFactory.getLogger(DockerConfigCredentials.class);
  private static final Duration KEEP = Duration.ofMinutes(5);
  private static final long HELPER_MAX_SECONDS = 30;

  private final Optional<Path> configFile;
  private final TtlCache<String, Optional<Credential>> cache = new TtlCache<>(KEEP, 1_000);
  private final ConcurrentHashMap<String, CompletableFuture<Optional<Credential>>> pending =
      new ConcurrentHashMap<>();

  /**
   * @param configFile the config file; empty for {@code $DOCKER_CONFIG/config.json} or {@code
   *     ~/.docker/config.json}
   */
  public DockerConfigCredentials(Optional<Path> configFile) {
    this.configFile = configFile;
  }

  @Override
  public Optional<Credential> find(String registry) throws RatifyException {
    return find(registry, Deadline.after(Duration.ofSeconds(HELPER_MAX_SECONDS)));
  }

  @Override
  public Optional<Credential> find(String registry, Deadline deadline) throws RatifyException {
    Optional<Optional<Credential>> cached = cache.get(registry);
    if (cached.isPresent()) {
      return cached.get();
    }
    deadline.check("reading the docker credentials for " + registry);
    CompletableFuture<Optional<Credential>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<Credential>> running = pending.putIfAbsent(registry, mine);
    if (running == null) {
      running = mine;
      Thread t =
          new Thread(
              () -> {
                try {
                  Optional<Credential> found = retrieve(registry);
                  cache.put(registry, found);
                  mine.complete(found);
                } catch (RatifyException | RuntimeException | Error e) {
                  mine.completeExceptionally(e);
                } finally {
                  pending.remove(registry, mine);
                }
              },
              "ratify-docker-credentials");
      t.setDaemon(true);
      t.start();
    }
    Duration wait = deadline.cap(Duration.ofSeconds(HELPER_MAX_SECONDS));
    try {
      return running.get(Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RatifyException(
          ErrorCode.TIMEOUT,
          "reading the docker credentials for "
              + registry
              + " did not finish within "
              + wait.toMillis()
              + " ms",
          "check the docker config's credential helper (it may be waiting for input)",
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RatifyException(
          ErrorCode.CANCELLED,
          "reading the docker credentials for " + registry + ": interrupted",
          null,
          null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RatifyException r) {
        throw new RatifyException(r.code(), r.detail(), r.remediation().orElse(null), r);
      }
      throw failed(registry);
    }
  }

  private Optional<Credential> retrieve(String registry) throws RatifyException {
    // jib logs only helper names and file problems, never secrets; keep them at debug level.
    Consumer<LogEvent> log = e -> LOG.debug("docker config: {}", e.getMessage());
    try {
      CredentialRetrieverFactory factory =
          CredentialRetrieverFactory.forImage(ImageReference.of(registry, "ratify", null), log);
      return (configFile.isPresent()
              ? factory.dockerConfig(configFile.get())
              : factory.dockerConfig())
          .retrieve()
          .map(c -> new Credential(c.getUsername(), c.getPassword()));
    } catch (CredentialRetrievalException | RuntimeException e) {
      throw failed(registry);
    }
  }

  private static RatifyException failed(String registry) {
    return new RatifyException(
        ErrorCode.NO_MATCHING_CREDENTIAL,
        "reading the docker credentials for " + registry + " failed",
        "check the docker config file and its credential helper",
        null);
  }

  @Override
  public String toString() {
    return "DockerConfigCredentials["
        + configFile.map(Path::toString).orElse("default location")
        + "]";
  }
}
