package io.ratify.keyvault.internal;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.KeyMaterial;
import io.ratify.api.RatifyException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code azurekeyvault} key management provider: certificate chains and public keys read from
 * one Azure Key Vault, cached, and read again once older than {@code refreshInterval}.
 *
 * <h2>Refresh semantics (Ratify's)</h2>
 *
 * <ul>
 *   <li>The vault is first read by the first {@link #fetch}; no call is made at creation.
 *   <li>Material is served from memory until it is older than {@code refreshInterval} (never,
 *       without one); the next {@code fetch} then reads the vault again. One thread reads; the
 *       others wait for it, within their deadline.
 *   <li>When a read fails, every {@code fetch} gets that error, <em>not</em> the previous material,
 *       until a later read succeeds: a vault that cannot be read must not keep trusting what it may
 *       since have disabled. Ratify does the same (its readers check the error map first). The
 *       vault is asked again once the error is older than the error retry interval (5 s by default;
 *       Ratify retries with its controller's backoff).
 *   <li>A read cut short by the caller's own deadline or an interrupt is not recorded: it says
 *       nothing about the vault, and the next caller reads again.
 * </ul>
 *
 * Thread-safe. Holds no private key and no token; {@link #toString()} names only the provider and
 * the vault.
 */
public final class AzureKeyVaultProvider implements KeyManagementProvider {
  private static final Logger LOG = LoggerFactory.getLogger(AzureKeyVaultProvider.class);

  private final String name;
  private final KeyVaultSettings settings;
  private final VaultReader reader;
  private final Clock clock;
  private final ReentrantLock reading = new ReentrantLock();
  private volatile Outcome last;

  /** The result of one read: material or the error, and when it was read. */
  private record Outcome(
      Optional<KeyMaterial> material, Optional<RatifyException> error, Instant at) {}

  /**
   * @param name the configured provider name
   * @param settings what to read
   * @param clients the SDK clients for {@code settings}
   * @param clock decides when material is due for refresh, and stamps the status
   */
  public AzureKeyVaultProvider(
      String name, KeyVaultSettings settings, VaultClients clients, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reader =
        new VaultReader(name, settings, Objects.requireNonNull(clients, "clients"), clock);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return AzureKeyVaultProviderFactory.TYPE;
  }

  @Override
  public boolean refreshable() {
    return true;
  }

  /** The settings this provider reads with. */
  public KeyVaultSettings settings() {
    return settings;
  }

  /**
   * The material of the last successful read, read again when due; see the class description.
   *
   * @throws RatifyException the error of the last read ({@link
   *     ErrorCode#KEY_VAULT_OPERATION_FAILURE}, {@link ErrorCode#CERT_INVALID}, {@link
   *     ErrorCode#KEY_INVALID}, {@link ErrorCode#TIMEOUT}), never stale material
   */
  @Override
  public KeyMaterial fetch(Deadline deadline) throws RatifyException {
    Objects.requireNonNull(deadline, "deadline");
    Outcome outcome = last;
    if (current(outcome)) {
      return unwrap(outcome);
    }
    try {
      if (!reading.tryLock(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
        throw new RatifyException(
            ErrorCode.TIMEOUT,
            name + ": deadline exceeded while another thread reads " + settings.vaultUri(),
            "raise the verification timeout or check the vault's latency",
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RatifyException(
          ErrorCode.CANCELLED,
          name + ": interrupted while waiting for a read of " + settings.vaultUri());
    }
    try {
      outcome = last;
      if (current(outcome)) {
        return unwrap(outcome);
      }
      outcome = read(deadline);
      last = outcome;
      return unwrap(outcome);
    } finally {
      reading.unlock();
    }
  }

  /**
   * Reads the vault; returns the outcome to record, or rethrows a failure that says nothing about
   * the vault.
   */
  private Outcome read(Deadline deadline) throws RatifyException {
    Instant at = clock.instant();
    try {
      KeyMaterial material = reader.read(deadline.min(settings.refreshTimeout()));
      LOG.debug(
          "{}: read {} certificate entries and {} keys from {}",
          name,
          material.certificates().size(),
          material.keys().size(),
          settings.vaultUri());
      return new Outcome(Optional.of(material), Optional.empty(), at);
    } catch (RatifyException e) {
      if (e.code() == ErrorCode.CANCELLED
          || (e.code() == ErrorCode.TIMEOUT && deadline.isExpired())) {
        throw e;
      }
      LOG.warn(
          "{}: reading {} failed; the provider reports this error until a read succeeds: {}",
          name,
          settings.vaultUri(),
          e.getMessage());
      return new Outcome(Optional.empty(), Optional.of(e), at);
    }
  }

  private boolean current(Outcome outcome) {
    if (outcome == null) {
      return false;
    }
    Instant now = clock.instant();
    if (outcome.error().isPresent()) {
      return now.isBefore(outcome.at().plus(settings.errorRetryInterval()));
    }
    return settings
        .refreshInterval()
        .map(interval -> now.isBefore(outcome.at().plus(interval)))
        .orElse(true);
  }

  private KeyMaterial unwrap(Outcome outcome) throws RatifyException {
    if (outcome.error().isPresent()) {
      RatifyException e = outcome.error().get();
      // a fresh exception per caller, with this caller's stack, wrapping the recorded one
      throw new RatifyException(
          e.code(),
          "the last read of the vault, at "
              + outcome.at().truncatedTo(ChronoUnit.SECONDS)
              + ", failed: "
              + e.detail(),
          e.remediation().orElse(null),
          e);
    }
    return outcome.material().orElseThrow();
  }

  @Override
  public String toString() {
    return "AzureKeyVaultProvider[" + name + ", " + settings.vaultUri() + "]";
  }
}
