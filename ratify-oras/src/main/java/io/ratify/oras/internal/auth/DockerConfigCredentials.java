package io.ratify.oras.internal.auth;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.oras.internal.cache.TtlCache;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials from a docker {@code config.json} ({@code auths}, {@code credsStore}, {@code
 * credHelpers}, identity tokens), read through jib-core's credential retrieval. Without a given
 * file, the files docker, oras, notation and podman use are read in turn, and the first that has a
 * credential for the registry wins: {@code $DOCKER_CONFIG/config.json} (else {@code
 * ~/.docker/config.json}), then {@code $REGISTRY_AUTH_FILE}, then {@code
 * $XDG_RUNTIME_DIR/containers/auth.json}. Answers are kept for five minutes per registry so that a
 * credential helper process is not started for every request. A lookup is bounded by the caller's
 * deadline (and by {@value #HELPER_MAX_SECONDS} s): jib waits for a helper process without a time
 * limit, so the lookup runs on a daemon thread, at most one per registry at a time, which later
 * callers join; when a lookup's time is up, the credential helper processes it started (and their
 * children) are killed, so none outlives the caller. Thread-safe.
 */
public final class DockerConfigCredentials implements CredentialProvider {
  private static final Logger LOG = LoggerFactory.getLogger(DockerConfigCredentials.class);
  private static final Duration KEEP = Duration.ofMinutes(5);
  private static final long HELPER_MAX_SECONDS = 30;
  private static final String HELPER_PREFIX = "docker-credential-";

  private final Optional<Path> configFile;
  private final UnaryOperator<String> env;
  private final Path home;
  private final TtlCache<String, Optional<Credential>> cache = new TtlCache<>(KEEP, 1_000);
  private final ConcurrentHashMap<String, CompletableFuture<Optional<Credential>>> pending =
      new ConcurrentHashMap<>();

  /**
   * @param configFile the config file; empty for the usual locations (see above)
   */
  public DockerConfigCredentials(Optional<Path> configFile) {
    this(configFile, System::getenv, Path.of(System.getProperty("user.home")));
  }

  /**
   * @param configFile the config file; empty for the usual locations
   * @param env the process environment ({@code DOCKER_CONFIG}, {@code REGISTRY_AUTH_FILE}, {@code
   *     XDG_RUNTIME_DIR})
   * @param home the user's home directory
   */
  public DockerConfigCredentials(Optional<Path> configFile, UnaryOperator<String> env, Path home) {
    this.configFile = Objects.requireNonNull(configFile, "configFile");
    this.env = Objects.requireNonNull(env, "env");
    this.home = Objects.requireNonNull(home, "home");
  }

  /** The files read, in order: the given one, or the usual locations that exist. */
  List<Path> files() {
    if (configFile.isPresent()) {
      return List.of(configFile.get());
    }
    List<Path> out = new ArrayList<>();
    String dockerConfig = env.apply("DOCKER_CONFIG");
    out.add(
        dockerConfig != null && !dockerConfig.isBlank()
            ? Path.of(dockerConfig, "config.json")
            : home.resolve(".docker").resolve("config.json"));
    String authFile = env.apply("REGISTRY_AUTH_FILE");
    if (authFile != null && !authFile.isBlank()) {
      out.add(Path.of(authFile));
    }
    String runtime = env.apply("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank()) {
      out.add(Path.of(runtime, "containers", "auth.json"));
    }
    return out.stream().filter(Files::isRegularFile).distinct().toList();
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
    Set<Long> helpersBefore = helperPids();
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
      killHelpers(helpersBefore);
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
      for (Path file : files()) {
        Optional<Credential> found =
            factory
                .dockerConfig(file)
                .retrieve()
                .map(c -> new Credential(c.getUsername(), c.getPassword()));
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    } catch (CredentialRetrievalException | RuntimeException e) {
      throw failed(registry);
    }
  }

  /** The credential helper processes this JVM runs now. */
  private static Set<Long> helperPids() {
    return ProcessHandle.current()
        .children()
        .filter(DockerConfigCredentials::isHelper)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  /**
   * Kills the credential helpers started since {@code before} was taken (jib gives no handle on the
   * process it starts; process start times are too coarse to tell), children first, so that an
   * abandoned lookup leaves no process behind. A helper of a concurrent lookup for another registry
   * started meanwhile may be killed too: that lookup then fails and is retried by its caller.
   */
  private static void killHelpers(Set<Long> before) {
    ProcessHandle.current()
        .children()
        .filter(p -> isHelper(p) && !before.contains(p.pid()))
        .forEach(
            p -> {
              p.descendants().forEach(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
              LOG.debug("killed credential helper process {} after its time was up", p.pid());
            });
  }

  private static boolean isHelper(ProcessHandle p) {
    Optional<String> command = p.info().command();
    if (command.isEmpty()) {
      return false;
    }
    if (baseName(command.get()).startsWith(HELPER_PREFIX)) {
      return true;
    }
    // A script helper may run as its interpreter: its path is then the first argument.
    return p.info().arguments().stream()
        .flatMap(Arrays::stream)
        .limit(2)
        .anyMatch(a -> baseName(a).startsWith(HELPER_PREFIX));
  }

  private static String baseName(String path) {
    try {
      Path name = Path.of(path).getFileName();
      return name == null ? "" : name.toString();
    } catch (InvalidPathException e) {
      return "";
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
        + configFile.map(Path::toString).orElse("usual locations")
        + "]";
  }
}
