package io.ratify.core.config;

import com.google.errorprone.annotations.Immutable;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import io.ratify.spi.TypedPluginConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A complete Ratify configuration: the plugins to create (as {@link PluginConfig}s) and the
 * executor options. One model for all three ways in: Kubernetes-style YAML and Ratify's {@code
 * config.json} (both through {@link ConfigLoader}) and {@link #builder()}.
 *
 * <h2>Guarantees</h2>
 *
 * Immutable. A built configuration has each plugin under its own kind, non-blank names and types,
 * names unique per kind, at most one policy, and executor options within the ranges of {@link
 * ExecutorLimits}. It does not check that plugin types exist or that parameters are right: that
 * happens when the executor is created.
 */
@Immutable
public final class RatifyConfig {
  // unmodifiable copies (Error Prone only knows Guava's immutable collections)
  @SuppressWarnings("Immutable")
  private final List<PluginConfig> keyManagementProviders;

  @SuppressWarnings("Immutable")
  private final List<PluginConfig> stores;

  @SuppressWarnings("Immutable")
  private final List<PluginConfig> verifiers;

  private final Optional<PluginConfig> policy;
  private final ExecutorLimits limits;
  private final Path baseDirectory;

  private RatifyConfig(Builder b, ExecutorLimits limits) {
    this.keyManagementProviders = List.copyOf(b.kmps);
    this.stores = List.copyOf(b.stores);
    this.verifiers = List.copyOf(b.verifiers);
    this.policy = Optional.ofNullable(b.policy);
    this.limits = limits;
    this.baseDirectory = b.baseDirectory;
  }

  /**
   * An empty builder with the executor defaults.
   *
   * @return an empty builder with the executor defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this configuration, to change it.
   *
   * @return a builder holding this configuration, to change it
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.kmps.addAll(keyManagementProviders);
    b.stores.addAll(stores);
    b.verifiers.addAll(verifiers);
    b.policy = policy.orElse(null);
    b.limits = limits.toBuilder();
    b.baseDirectory = baseDirectory;
    return b;
  }

  /**
   * Key management providers, in declaration order.
   *
   * @return key management providers, in declaration order
   */
  public List<PluginConfig> keyManagementProviders() {
    return keyManagementProviders;
  }

  /**
   * Stores, in declaration order. The executor uses exactly one.
   *
   * @return stores, in declaration order
   */
  public List<PluginConfig> stores() {
    return stores;
  }

  /**
   * Verifiers, in declaration order.
   *
   * @return verifiers, in declaration order
   */
  public List<PluginConfig> verifiers() {
    return verifiers;
  }

  /**
   * The policy; when empty the executor uses the config policy with {@code default: all}.
   *
   * @return the policy; when empty the executor uses the config policy with {@code default: all}
   */
  public Optional<PluginConfig> policy() {
    return policy;
  }

  /**
   * The executor's bounds: all six limits.
   *
   * @return the executor's bounds
   */
  public ExecutorLimits limits() {
    return limits;
  }

  /**
   * The overall time budget of one validation; the same as {@code limits().timeout()}.
   *
   * @return the overall time budget of one validation
   */
  public Duration timeout() {
    return limits.timeout();
  }

  /**
   * Simultaneous plugin calls; the same as {@code limits().concurrency()}.
   *
   * @return simultaneous plugin calls
   */
  public int concurrency() {
    return limits.concurrency();
  }

  /**
   * Levels of referrers of referrers walked; the same as {@code limits().maxDepth()}.
   *
   * @return levels of referrers of referrers walked
   */
  public int maxDepth() {
    return limits.maxDepth();
  }

  /**
   * The most referrers one subject may have; the same as {@code limits().maxReferrers()}.
   *
   * @return the most referrers one subject may have
   */
  public int maxReferrers() {
    return limits.maxReferrers();
  }

  /**
   * The most referrer pages listed for one subject; the same as {@code limits().maxPages()}.
   *
   * @return the most referrer pages listed for one subject
   */
  public int maxPages() {
    return limits.maxPages();
  }

  /**
   * The most artifacts one validation visits; the same as {@code limits().maxArtifacts()}.
   *
   * @return the most artifacts one validation visits over all levels
   */
  public int maxArtifacts() {
    return limits.maxArtifacts();
  }

  /**
   * The directory relative paths in plugin parameters resolve against (the configuration file's
   * directory).
   *
   * @return the directory relative paths in plugin parameters resolve against (the configuration
   *     file's directory)
   */
  public Path baseDirectory() {
    return baseDirectory;
  }

  @Override
  public String toString() {
    return "RatifyConfig[kmps="
        + names(keyManagementProviders)
        + ", stores="
        + names(stores)
        + ", verifiers="
        + names(verifiers)
        + ", policy="
        + policy.map(PluginConfig::type).orElse("(default)")
        + ", timeout="
        + limits.timeout()
        + ", concurrency="
        + limits.concurrency()
        + ", maxDepth="
        + limits.maxDepth()
        + ", maxReferrers="
        + limits.maxReferrers()
        + ", maxPages="
        + limits.maxPages()
        + ", maxArtifacts="
        + limits.maxArtifacts()
        + "]";
  }

  private static List<String> names(List<PluginConfig> l) {
    return l.stream().map(c -> c.name() + ":" + c.type()).toList();
  }

  /** Assembles a configuration; {@link #build()} validates it. Not thread-safe. */
  public static final class Builder {
    private final List<PluginConfig> kmps = new ArrayList<>();
    private final List<PluginConfig> stores = new ArrayList<>();
    private final List<PluginConfig> verifiers = new ArrayList<>();
    private PluginConfig policy;
    private int policies;
    private ExecutorLimits.Builder limits = ExecutorLimits.builder();
    private Path baseDirectory = Path.of("").toAbsolutePath();

    private Builder() {}

    /**
     * Adds plugins given as typed configurations (for example {@code NotationVerifierConfig},
     * {@code RegistryStoreConfig}, {@link InlineKeyProviderConfig}, {@link ConfigPolicyConfig}):
     * the same as {@link #plugin(PluginConfig)} with each one's {@link
     * TypedPluginConfig#toPluginConfig()}.
     *
     * @param configs the plugins, of any kind
     * @return this builder
     */
    public Builder plugins(TypedPluginConfig... configs) {
      for (TypedPluginConfig c : configs) {
        plugin(c.toPluginConfig());
      }
      return this;
    }

    /**
     * Adds one plugin given as a typed configuration; see {@link #plugins(TypedPluginConfig...)}.
     *
     * @param config the plugin, of any kind
     * @return this builder
     */
    public Builder plugin(TypedPluginConfig config) {
      return plugin(Objects.requireNonNull(config, "config").toPluginConfig());
    }

    /**
     * Adds a plugin of any kind (its {@link PluginConfig#kind()} says where it goes).
     *
     * @param config the config
     * @return this builder
     */
    public Builder plugin(PluginConfig config) {
      Objects.requireNonNull(config, "config");
      switch (config.kind()) {
        case KEY_MANAGEMENT_PROVIDER -> kmps.add(config);
        case STORE -> stores.add(config);
        case VERIFIER -> verifiers.add(config);
        case POLICY -> {
          policies++;
          policy = config;
        }
      }
      return this;
    }

    /**
     * Adds a key management provider.
     *
     * @param name the name
     * @param type the type
     * @param parameters the parameters
     * @return this builder
     */
    public Builder keyManagementProvider(String name, String type, Map<String, Object> parameters) {
      return plugin(PluginConfig.of(PluginKind.KEY_MANAGEMENT_PROVIDER, name, type, parameters));
    }

    /**
     * Adds a store.
     *
     * @param name the name
     * @param type the type
     * @param parameters the parameters
     * @return this builder
     */
    public Builder store(String name, String type, Map<String, Object> parameters) {
      return plugin(PluginConfig.of(PluginKind.STORE, name, type, parameters));
    }

    /**
     * Replaces all stores with this one (for example a CLI's {@code --oci-layout}).
     *
     * @param store the store
     * @return this builder
     */
    public Builder replaceStores(PluginConfig store) {
      Objects.requireNonNull(store, "store");
      stores.clear();
      return plugin(store);
    }

    /**
     * Adds a verifier.
     *
     * @param name the name
     * @param type the type
     * @param parameters the parameters
     * @return this builder
     */
    public Builder verifier(String name, String type, Map<String, Object> parameters) {
      return plugin(PluginConfig.of(PluginKind.VERIFIER, name, type, parameters));
    }

    /**
     * Sets the policy.
     *
     * @param type the type
     * @param parameters the parameters
     * @return this builder
     */
    public Builder policy(String type, Map<String, Object> parameters) {
      policies = 0;
      return plugin(PluginConfig.of(PluginKind.POLICY, type, type, parameters));
    }

    /**
     * Sets all six executor limits at once, replacing what the single setters gave.
     *
     * @param l the limits
     * @return this builder
     */
    public Builder limits(ExecutorLimits l) {
      this.limits = Objects.requireNonNull(l, "limits").toBuilder();
      return this;
    }

    /**
     * Sets the executor's {@code timeout}; see {@link ExecutorLimits.Builder#timeout(Duration)}.
     *
     * @param t the overall time budget of one validation
     * @return this builder
     */
    public Builder timeout(Duration t) {
      limits.timeout(t);
      return this;
    }

    /**
     * Sets the executor's {@code concurrency}; see {@link ExecutorLimits.Builder#concurrency(int)}.
     *
     * @param n simultaneous plugin calls
     * @return this builder
     */
    public Builder concurrency(int n) {
      limits.concurrency(n);
      return this;
    }

    /**
     * Sets the executor's {@code maxDepth}; see {@link ExecutorLimits.Builder#maxDepth(int)}.
     *
     * @param n levels of referrers of referrers walked
     * @return this builder
     */
    public Builder maxDepth(int n) {
      limits.maxDepth(n);
      return this;
    }

    /**
     * Sets the executor's {@code maxReferrers}; see {@link
     * ExecutorLimits.Builder#maxReferrers(int)}.
     *
     * @param n the bound on referrers of one subject
     * @return this builder
     */
    public Builder maxReferrers(int n) {
      limits.maxReferrers(n);
      return this;
    }

    /**
     * Sets the executor's {@code maxPages}; see {@link ExecutorLimits.Builder#maxPages(int)}.
     *
     * @param n the bound on referrer pages of one subject
     * @return this builder
     */
    public Builder maxPages(int n) {
      limits.maxPages(n);
      return this;
    }

    /**
     * Sets the executor's {@code maxArtifacts}; see {@link
     * ExecutorLimits.Builder#maxArtifacts(int)}.
     *
     * @param n the bound on artifacts one validation visits
     * @return this builder
     */
    public Builder maxArtifacts(int n) {
      limits.maxArtifacts(n);
      return this;
    }

    /**
     * The directory relative paths resolve against.
     *
     * @param dir the dir
     * @return this builder
     */
    public Builder baseDirectory(Path dir) {
      this.baseDirectory = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the plugin (and where it was
     *     declared)
     * @return the configuration
     */
    public RatifyConfig build() throws RatifyException {
      for (List<PluginConfig> list : List.of(kmps, stores, verifiers)) {
        Set<String> names = new HashSet<>();
        for (PluginConfig c : list) {
          checkNames(c);
          if (!names.add(c.name())) {
            throw new RatifyException(
                ErrorCode.CONFIG_INVALID,
                c.origin()
                    + ": two "
                    + c.kind().configKind()
                    + " plugins are named '"
                    + c.name()
                    + "'",
                "give each " + c.kind().configKind() + " a unique name",
                null);
          }
        }
      }
      if (policies > 1) {
        throw new RatifyException(
            ErrorCode.CONFIG_INVALID,
            policy.origin() + ": more than one Policy is configured",
            "keep one Policy",
            null);
      }
      if (policy != null) {
        checkNames(policy);
      }
      return new RatifyConfig(this, limits.build());
    }

    private static void checkNames(PluginConfig c) throws RatifyException {
      if (c.name().isBlank()) {
        throw new RatifyException(
            ErrorCode.CONFIG_INVALID,
            c.origin() + ": field 'name': must not be blank",
            "name the " + c.kind().configKind(),
            null);
      }
      if (c.type().isBlank()) {
        throw new RatifyException(
            ErrorCode.CONFIG_INVALID,
            c.origin() + ": field 'type': must not be blank",
            "give the " + c.kind().configKind() + " type",
            null);
      }
    }
  }
}
