package io.ratify.keyvault;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import io.ratify.spi.TypedPluginConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed configuration of the {@code azurekeyvault} key management provider: which certificates
 * and keys to read from which vault, as which workload identity. A notation verifier refers to it
 * by the name given to {@link #builder(String)} in its trust stores.
 *
 * <pre>{@code
 * AzureKeyVaultConfig.builder("keyvault")
 *     .vaultUri(URI.create("https://myvault.vault.azure.net/"))
 *     .tenantId(tenant).clientId(client)
 *     .certificate(VaultItem.latest("signer"))
 *     .build();
 * }</pre>
 *
 * Immutable; renders to Ratify's parameters {@code vaultURI}, {@code tenantID}, {@code clientID},
 * {@code certificates}, {@code keys} and {@code refreshInterval}.
 */
public final class AzureKeyVaultConfig implements TypedPluginConfig {

  /**
   * One certificate or key in the vault.
   *
   * @param name the object name in the vault
   * @param version a pinned version; empty for the latest
   * @param versionHistoryLimit how many older versions to read as well (0: only that version)
   */
  public record VaultItem(String name, Optional<String> version, int versionHistoryLimit) {
    /**
     * Canonical constructor: checks the components.
     *
     * @param name the object name in the vault
     * @param version a pinned version; empty for the latest
     * @param versionHistoryLimit how many older versions to read as well (0: only that version)
     */
    public VaultItem {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
    }

    /**
     * The latest version of {@code name}.
     *
     * @param name the object name
     * @return the item
     */
    public static VaultItem latest(String name) {
      return new VaultItem(name, Optional.empty(), 0);
    }

    /**
     * One pinned version of {@code name}.
     *
     * @param name the object name
     * @param version the version
     * @return the item
     */
    public static VaultItem pinned(String name, String version) {
      return new VaultItem(name, Optional.of(version), 0);
    }

    Map<String, Object> render() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      version.ifPresent(v -> m.put("version", v));
      if (versionHistoryLimit != 0) {
        m.put("versionHistoryLimit", versionHistoryLimit);
      }
      return m;
    }
  }

  private final String name;
  private final URI vaultUri;
  private final String tenantId;
  private final String clientId;
  private final List<VaultItem> certificates;
  private final List<VaultItem> keys;
  private final Optional<Duration> refreshInterval;

  private AzureKeyVaultConfig(Builder b) {
    this.name = b.name;
    this.vaultUri = b.vaultUri;
    this.tenantId = b.tenantId;
    this.clientId = b.clientId;
    this.certificates = List.copyOf(b.certificates);
    this.keys = List.copyOf(b.keys);
    this.refreshInterval = b.refreshInterval;
  }

  /**
   * A builder for the provider {@code name}.
   *
   * @param name the provider name, which verifiers refer to
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public PluginConfig toPluginConfig() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("vaultURI", vaultUri.toString());
    p.put("tenantID", tenantId);
    p.put("clientID", clientId);
    if (!certificates.isEmpty()) {
      p.put("certificates", certificates.stream().map(VaultItem::render).toList());
    }
    if (!keys.isEmpty()) {
      p.put("keys", keys.stream().map(VaultItem::render).toList());
    }
    refreshInterval.ifPresent(d -> p.put("refreshInterval", goDuration(d)));
    return PluginConfig.of(PluginKind.KEY_MANAGEMENT_PROVIDER, name, "azurekeyvault", p);
  }

  /** Go's duration spelling in its largest whole unit, which the parameters accept: 1h, 90s. */
  static String goDuration(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  @Override
  public String toString() {
    return "AzureKeyVaultConfig[" + name + ", " + toPluginConfig().parameters() + "]";
  }

  /** Assembles the configuration; {@link #build()} validates it. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private URI vaultUri;
    private String tenantId = "";
    private String clientId = "";
    private final List<VaultItem> certificates = new ArrayList<>();
    private final List<VaultItem> keys = new ArrayList<>();
    private Optional<Duration> refreshInterval = Optional.empty();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The vault, such as {@code https://myvault.vault.azure.net/}.
     *
     * @param uri the vault URI
     * @return this builder
     */
    public Builder vaultUri(URI uri) {
      this.vaultUri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /**
     * The Entra ID tenant of the workload identity.
     *
     * @param tenantId the tenant ID
     * @return this builder
     */
    public Builder tenantId(String tenantId) {
      this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
      return this;
    }

    /**
     * The client ID of the workload identity.
     *
     * @param clientId the client ID
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    /**
     * Adds a certificate whose chain is read (through its secret).
     *
     * @param item the certificate
     * @return this builder
     */
    public Builder certificate(VaultItem item) {
      certificates.add(Objects.requireNonNull(item, "item"));
      return this;
    }

    /**
     * Adds a key whose public part is read.
     *
     * @param item the key
     * @return this builder
     */
    public Builder key(VaultItem item) {
      keys.add(Objects.requireNonNull(item, "item"));
      return this;
    }

    /**
     * Re-reads the vault this often; when not set the material is read once.
     *
     * @param interval more than zero, whole milliseconds
     * @return this builder
     */
    public Builder refreshInterval(Duration interval) {
      this.refreshInterval = Optional.of(Objects.requireNonNull(interval, "interval"));
      return this;
    }

    /**
     * Validates and builds. Nothing is contacted: the provider reads the vault when the executor is
     * created.
     *
     * @return the configuration
     * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} when the name, vault, tenant or
     *     client is missing, nothing is to be read, an item is blank or has a negative history
     *     limit, or the vault URI is not {@code https}
     */
    public AzureKeyVaultConfig build() throws RatifyException {
      String what = "azurekeyvault provider '" + name + "'";
      if (name.isBlank()) {
        throw invalid("azurekeyvault provider", "the name is blank");
      }
      if (vaultUri == null || !"https".equals(vaultUri.getScheme()) || vaultUri.getHost() == null) {
        throw invalid(what, "an https vault URI is required");
      }
      if (tenantId.isBlank() || clientId.isBlank()) {
        throw invalid(what, "the tenant ID and the client ID are required");
      }
      if (certificates.isEmpty() && keys.isEmpty()) {
        throw invalid(what, "give certificates or keys to read");
      }
      for (VaultItem i : certificates.isEmpty() ? keys : concat(certificates, keys)) {
        if (i.name().isBlank()
            || i.version().map(String::isBlank).orElse(false)
            || i.versionHistoryLimit() < 0) {
          throw invalid(
              what,
              "item '"
                  + i.name()
                  + "' needs a name, a non-blank version if any, and a history limit of 0 or more");
        }
      }
      if (refreshInterval.isPresent()
          && (refreshInterval.get().isNegative() || refreshInterval.get().isZero())) {
        throw invalid(what, "the refresh interval must be more than zero");
      }
      return new AzureKeyVaultConfig(this);
    }

    private static List<VaultItem> concat(List<VaultItem> a, List<VaultItem> b) {
      List<VaultItem> out = new ArrayList<>(a);
      out.addAll(b);
      return out;
    }

    private static RatifyException invalid(String what, String problem) {
      return new RatifyException(
          ErrorCode.CONFIG_INVALID, what + ": " + problem, "fix the configuration in code", null);
    }
  }
}
