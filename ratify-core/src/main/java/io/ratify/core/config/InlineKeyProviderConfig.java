package io.ratify.core.config;

import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import io.ratify.spi.TypedPluginConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The typed configuration of the {@code inline} key management provider: one certificate chain or
 * one public key given as PEM text. A notation verifier names it in its trust stores (see {@code
 * io.ratify.notation.NotationVerifierConfig}), by the name given here.
 *
 * <p>Immutable. The factories check the name and that a PEM value is present; the PEM content
 * itself is parsed when the executor is created, with the same errors as the YAML form.
 */
public final class InlineKeyProviderConfig implements TypedPluginConfig {
  private final String name;
  private final ContentType contentType;
  private final String value;

  /** What an inline provider holds. */
  public enum ContentType {
    /** A certificate chain: every {@code CERTIFICATE} PEM block, leaf or CA first. */
    CERTIFICATE("certificate"),
    /** One public key: a {@code PUBLIC KEY} PEM block (RSA, EC or Ed25519). */
    KEY("key");

    private final String value;

    ContentType(String value) {
      this.value = value;
    }

    /**
     * The spelling in configuration files.
     *
     * @return {@code certificate} or {@code key}
     */
    public String value() {
      return value;
    }
  }

  private InlineKeyProviderConfig(String name, ContentType contentType, String value)
      throws RatifyException {
    this.name = Objects.requireNonNull(name, "name");
    this.contentType = contentType;
    this.value = Objects.requireNonNull(value, "value");
    if (name.isBlank()) {
      throw TypedConfigs.invalid("inline key management provider", "the name is blank");
    }
    if (value.isBlank()) {
      throw TypedConfigs.invalid(
          "inline key management provider '" + name + "'", "the PEM value is blank");
    }
  }

  /**
   * A provider holding the certificates in {@code pem} (trust anchors for a notation verifier).
   *
   * @param name the provider name
   * @param pem one or more PEM {@code CERTIFICATE} blocks
   * @return the configuration
   * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} when the name or the
   *     value is blank
   */
  public static InlineKeyProviderConfig certificates(String name, String pem)
      throws RatifyException {
    return new InlineKeyProviderConfig(name, ContentType.CERTIFICATE, pem);
  }

  /**
   * A provider holding one public key.
   *
   * @param name the provider name
   * @param pem a PEM {@code PUBLIC KEY} block
   * @return the configuration
   * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} when the name or the
   *     value is blank
   */
  public static InlineKeyProviderConfig publicKey(String name, String pem) throws RatifyException {
    return new InlineKeyProviderConfig(name, ContentType.KEY, pem);
  }

  /**
   * The provider name, which verifiers refer to.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  @Override
  public PluginConfig toPluginConfig() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("contentType", contentType.value());
    p.put("value", value);
    return PluginConfig.of(PluginKind.KEY_MANAGEMENT_PROVIDER, name, "inline", p);
  }

  /** The PEM value is left out: it may be long, and a key is nobody's business in a log. */
  @Override
  public String toString() {
    return "InlineKeyProviderConfig[name=" + name + ", contentType=" + contentType.value() + "]";
  }
}
