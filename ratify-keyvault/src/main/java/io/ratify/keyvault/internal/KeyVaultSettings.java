package io.ratify.keyvault.internal;

import io.ratify.api.internal.parse.Printable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an {@code azurekeyvault} provider needs, validated: where the vault is, who to
 * authenticate as, what to read, how often, and the bounds on every call. Immutable; build with
 * {@link #builder()}.
 *
 * @param vaultUri the vault URL, {@code https}, without a trailing slash
 * @param tenantId the Microsoft Entra tenant of the workload identity
 * @param clientId the client (application) id of the workload identity
 * @param certificates certificates to read (through GetSecret, for the full chain)
 * @param keys keys to read (through GetKey)
 * @param refreshInterval how long fetched material is served before it is read again (at most 365
 *     days); empty keeps it until the provider is discarded (Ratify: an empty {@code
 *     refreshInterval} means no refresh)
 * @param errorRetryInterval how long a failed read is reported before the vault is asked again (at
 *     most 1 day)
 * @param callTimeout the longest one vault call may take (at most 1 day; further capped by the
 *     caller's deadline)
 * @param refreshTimeout the longest one complete refresh may take (at most 1 day; further capped by
 *     the caller's deadline)
 * @param maxRetries retries of a failed call by the SDK (429, 5xx, I/O), with exponential backoff
 * @param retryDelay the first retry delay (at most 1 minute)
 * @param maxVersionPages the most pages of a version listing that are read; more is an error
 */
public record KeyVaultSettings(
    String vaultUri,
    String tenantId,
    String clientId,
    List<VaultObject> certificates,
    List<VaultObject> keys,
    Optional<Duration> refreshInterval,
    Duration errorRetryInterval,
    Duration callTimeout,
    Duration refreshTimeout,
    int maxRetries,
    Duration retryDelay,
    int maxVersionPages) {

  /** The most certificates plus keys one provider may read. */
  public static final int MAX_OBJECTS = 100;

  /** The longest accepted {@code refreshInterval}. */
  public static final Duration MAX_REFRESH_INTERVAL = Duration.ofDays(365);

  private static final Duration MAX_TIMEOUT = Duration.ofDays(1);
  private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

  public KeyVaultSettings {
    Objects.requireNonNull(vaultUri, "vaultUri");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(clientId, "clientId");
    certificates = List.copyOf(certificates);
    keys = List.copyOf(keys);
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    Objects.requireNonNull(errorRetryInterval, "errorRetryInterval");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(refreshTimeout, "refreshTimeout");
    Objects.requireNonNull(retryDelay, "retryDelay");
  }

  /**
   * A builder with the defaults: no refresh, 10 s per call, 60 s per refresh, 3 retries from 200
   * ms.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects settings; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private String vaultUri = "";
    private String tenantId = "";
    private String clientId = "";
    private final List<VaultObject> certificates = new ArrayList<>();
    private final List<VaultObject> keys = new ArrayList<>();
    private Optional<Duration> refreshInterval = Optional.empty();
    private Duration errorRetryInterval = Duration.ofSeconds(5);
    private Duration callTimeout = Duration.ofSeconds(10);
    private Duration refreshTimeout = Duration.ofSeconds(60);
    private int maxRetries = 3;
    private Duration retryDelay = Duration.ofMillis(200);
    private int maxVersionPages = 40;

    private Builder() {}

    /** The vault URL; surrounding whitespace and one trailing {@code /} are removed. */
    public Builder vaultUri(String uri) {
      String u = Objects.requireNonNull(uri, "uri").strip();
      this.vaultUri = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
      return this;
    }

    public Builder tenantId(String id) {
      this.tenantId = Objects.requireNonNull(id, "id").strip();
      return this;
    }

    public Builder clientId(String id) {
      this.clientId = Objects.requireNonNull(id, "id").strip();
      return this;
    }

    public Builder certificate(VaultObject object) {
      certificates.add(Objects.requireNonNull(object, "object"));
      return this;
    }

    public Builder key(VaultObject object) {
      keys.add(Objects.requireNonNull(object, "object"));
      return this;
    }

    /** Re-read the vault when material is older than this; zero or absent means never. */
    public Builder refreshInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      this.refreshInterval = interval.isZero() ? Optional.empty() : Optional.of(interval);
      return this;
    }

    public Builder errorRetryInterval(Duration interval) {
      this.errorRetryInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder refreshTimeout(Duration timeout) {
      this.refreshTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder maxRetries(int retries) {
      this.maxRetries = retries;
      return this;
    }

    public Builder retryDelay(Duration delay) {
      this.retryDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    public Builder maxVersionPages(int pages) {
      this.maxVersionPages = pages;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the field ({@code vaultURI}, {@code tenantID}, {@code
     *     clientID}, {@code certificates}, ...) and the problem
     */
    public KeyVaultSettings build() {
      if (certificates.isEmpty() && keys.isEmpty()) {
        throw new IllegalArgumentException(
            "certificates: no keyvault certificates or keys configured");
      }
      if (certificates.size() + keys.size() > MAX_OBJECTS) {
        throw new IllegalArgumentException(
            "certificates: more than " + MAX_OBJECTS + " certificates and keys configured");
      }
      if (vaultUri.isEmpty()) {
        throw new IllegalArgumentException("vaultURI: vaultURI is not set");
      }
      checkVaultUri(vaultUri);
      if (tenantId.isEmpty()) {
        throw new IllegalArgumentException("tenantID: tenantID is not set");
      }
      if (clientId.isEmpty()) {
        throw new IllegalArgumentException("clientID: clientID is not set");
      }
      // upper bounds too: refresh times are computed as Instant + Duration, which overflows (an
      // unchecked
      // DateTimeException out of every fetch) for durations such as PT2562047788015215H
      bounded("errorRetryInterval", errorRetryInterval, MAX_TIMEOUT, "1 day");
      bounded("callTimeout", callTimeout, MAX_TIMEOUT, "1 day");
      bounded("refreshTimeout", refreshTimeout, MAX_TIMEOUT, "1 day");
      refreshInterval.ifPresent(
          d -> bounded("refreshInterval", d, MAX_REFRESH_INTERVAL, "365 days"));
      if (maxRetries < 0 || maxRetries > 10) {
        throw new IllegalArgumentException("maxRetries: must be between 0 and 10");
      }
      bounded("retryDelay", retryDelay, MAX_RETRY_DELAY, "1 minute");
      if (maxVersionPages < 1 || maxVersionPages > 1000) {
        throw new IllegalArgumentException("maxVersionPages: must be between 1 and 1000");
      }
      return new KeyVaultSettings(
          vaultUri,
          tenantId,
          clientId,
          certificates,
          keys,
          refreshInterval,
          errorRetryInterval,
          callTimeout,
          refreshTimeout,
          maxRetries,
          retryDelay,
          maxVersionPages);
    }

    private static void checkVaultUri(String text) {
      if (text.indexOf('@') >= 0) {
        // the text may carry a password: never echo it
        throw new IllegalArgumentException("vaultURI: must not contain user information (or '@')");
      }
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("vaultURI: '" + Printable.of(text) + "' is not a URL");
      }
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "vaultURI: '" + Printable.of(text) + "' is not an https URL with a host");
      }
      if (uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
        throw new IllegalArgumentException(
            "vaultURI: '"
                + Printable.of(text)
                + "' must be just https://<vault-name>.vault.azure.net (no path or query)");
      }
    }

    private static void bounded(String field, Duration d, Duration max, String maxText) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(field + ": must be positive");
      }
      if (d.compareTo(max) > 0) {
        throw new IllegalArgumentException(field + ": must be at most " + maxText);
      }
    }
  }
}
