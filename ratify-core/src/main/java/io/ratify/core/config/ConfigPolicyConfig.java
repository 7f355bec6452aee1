package io.ratify.core.config;

import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import io.ratify.spi.TypedPluginConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed configuration of Ratify's config policy ({@code config-policy}): for each artifact type
 * of referrer, whether {@link Mode#ANY one} or {@link Mode#ALL every} referrer of that type must
 * verify, plus a default for the other types ({@code all} when not set).
 *
 * <pre>{@code
 * ConfigPolicyConfig.builder().artifactType(MediaTypes.NOTARY_SIGNATURE, Mode.ANY).build()
 * }</pre>
 *
 * Immutable; renders to the parameters {@code artifactVerificationPolicies: {<type>: any|all,
 * default: any|all}}.
 */
public final class ConfigPolicyConfig implements TypedPluginConfig {
  /** How many referrers of one artifact type must verify. */
  public enum Mode {
    /** At least one. */
    ANY("any"),
    /** Every one. */
    ALL("all");

    private final String value;

    Mode(String value) {
      this.value = value;
    }

    /**
     * The spelling in configuration files.
     *
     * @return {@code any} or {@code all}
     */
    public String value() {
      return value;
    }
  }

  private final String name;
  private final Map<String, Mode> byArtifactType;
  private final Optional<Mode> defaultMode;
  private final List<String> order;

  private ConfigPolicyConfig(Builder b) {
    this.name = b.name;
    this.byArtifactType = Map.copyOf(b.byArtifactType);
    this.defaultMode = b.defaultMode;
    this.order = List.copyOf(b.byArtifactType.keySet());
  }

  /**
   * A builder with no artifact type and no default ({@code all} applies).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The mode for each artifact type, as given.
   *
   * @return an unmodifiable map
   */
  public Map<String, Mode> artifactTypes() {
    return byArtifactType;
  }

  /**
   * The mode for artifact types not listed, when set.
   *
   * @return the default mode, empty for the policy's own default ({@code all})
   */
  public Optional<Mode> defaultMode() {
    return defaultMode;
  }

  @Override
  public PluginConfig toPluginConfig() {
    Map<String, Object> policies = new LinkedHashMap<>();
    for (String type : order) {
      policies.put(type, byArtifactType.get(type).value());
    }
    defaultMode.ifPresent(m -> policies.put("default", m.value()));
    return PluginConfig.of(
        PluginKind.POLICY, name, "config-policy", Map.of("artifactVerificationPolicies", policies));
  }

  @Override
  public String toString() {
    return "ConfigPolicyConfig" + toPluginConfig().parameters();
  }

  /** Assembles a config policy; {@link #build()} validates it. Not thread-safe. */
  public static final class Builder {
    private String name = "config-policy";
    private final Map<String, Mode> byArtifactType = new LinkedHashMap<>();
    private Optional<Mode> defaultMode = Optional.empty();

    private Builder() {}

    /**
     * The policy's name in reports and messages; default {@code config-policy}.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * How many referrers of {@code artifactType} must verify.
     *
     * @param artifactType an artifact type, such as {@code application/vnd.cncf.notary.signature}
     * @param mode any or all
     * @return this builder
     */
    public Builder artifactType(String artifactType, Mode mode) {
      byArtifactType.put(
          Objects.requireNonNull(artifactType, "artifactType"), Objects.requireNonNull(mode));
      return this;
    }

    /**
     * The mode for artifact types not listed; {@code all} when not set.
     *
     * @param mode any or all
     * @return this builder
     */
    public Builder defaultMode(Mode mode) {
      this.defaultMode = Optional.of(Objects.requireNonNull(mode, "mode"));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the configuration
     * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} when the name or an
     *     artifact type is blank, or an artifact type is {@code default} (use {@link #defaultMode})
     */
    public ConfigPolicyConfig build() throws RatifyException {
      if (name.isBlank()) {
        throw TypedConfigs.invalid("config policy", "the name is blank");
      }
      for (String type : byArtifactType.keySet()) {
        if (type.isBlank()) {
          throw TypedConfigs.invalid("config policy '" + name + "'", "an artifact type is blank");
        }
        if (type.equals("default")) {
          throw TypedConfigs.invalid(
              "config policy '" + name + "'", "'default' is not an artifact type; use defaultMode");
        }
      }
      return new ConfigPolicyConfig(this);
    }
  }
}
