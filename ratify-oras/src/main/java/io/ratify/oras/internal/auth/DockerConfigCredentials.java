package io.ratify.oras.internal.auth;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.oras.internal.cache.TtlCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials from a docker {@code config.json} ({@code auths}, {@code credsStore}, {@code credHelpers}, identity
 * tokens), read through jib-core's credential retrieval. Answers are kept for five minutes per registry so that a
 * credential helper process is not started for every request.
 */
public final class DockerConfigCredentials implements CredentialProvider {
  private static final Logger LOG = LoggerFactory.getLogger(DockerConfigCredentials.class);
  private static final Duration KEEP = Duration.ofMinutes(5);

  private final Optional<Path> configFile;
  private final TtlCache<String, Optional<Credential>> cache = new TtlCache<>(KEEP, 1_000);

  /** @param configFile the config file; empty for {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json} */
  public DockerConfigCredentials(Optional<Path> configFile) {
    this.configFile = configFile;
  }

  @Override
  public Optional<Credential> find(String registry) throws RatifyException {
    Optional<Optional<Credential>> cached = cache.get(registry);
    if (cached.isPresent()) {
      return cached.get();
    }
    // jib logs only helper names and file problems, never secrets; keep them at debug level.
    Consumer<LogEvent> log = e -> LOG.debug("docker config: {}", e.getMessage());
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(ImageReference.of(registry, "ratify", null), log);
    Optional<Credential> found;
    try {
      found =
          (configFile.isPresent() ? factory.dockerConfig(configFile.get()) : factory.dockerConfig())
              .retrieve()
              .map(c -> new Credential(c.getUsername(), c.getPassword()));
    } catch (CredentialRetrievalException | RuntimeException e) {
      throw new RatifyException(
          ErrorCode.NO_MATCHING_CREDENTIAL,
          "reading the docker credentials for " + registry + " failed",
          "check the docker config file and its credential helper",
          null);
    }
    cache.put(registry, found);
    return found;
  }

  @Override
  public String toString() {
    return "DockerConfigCredentials[" + configFile.map(Path::toString).orElse("default location") + "]";
  }
}
