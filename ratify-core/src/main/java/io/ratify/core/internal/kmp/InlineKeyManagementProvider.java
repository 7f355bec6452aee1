package io.ratify.core.internal.kmp;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.KeyId;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.KeyMaterial;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.parse.MalformedException;
import io.ratify.api.internal.parse.Pem;
import io.ratify.spi.PluginConfig;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ratify's {@code inline} key management provider: one certificate chain ({@code contentType:
 * certificate}, every {@code CERTIFICATE} PEM block, other block types skipped) or one public key
 * ({@code contentType: key}, a PEM {@code PUBLIC KEY} of type RSA, EC or Ed25519), parsed once at
 * creation. Unlike Ratify, a missing {@code contentType} means {@code certificate}, because the
 * seed configuration omits it.
 *
 * <p>Certificates are read with the parsing kit's strict PEM and DER readers ({@link Pem}): every
 * certificate must be exactly one strict DER encoding.
 */
public final class InlineKeyManagementProvider implements KeyManagementProvider {
  public static final String TYPE = "inline";
  private static final int MAX_VALUE_CHARS = 1 << 20;

  private final String name;
  private final KeyMaterial material;

  private InlineKeyManagementProvider(String name, KeyMaterial material) {
    this.name = name;
    this.material = material;
  }

  static InlineKeyManagementProvider create(PluginConfig config, Clock clock)
      throws RatifyException {
    // refreshInterval: the YAML loader copies spec.refreshInterval into every provider's
    // parameters;
    // an inline value never changes, so it is accepted and has no effect
    config.requireKnownParameters(Set.of("contentType", "value", "refreshInterval"));
    String contentType = config.string("contentType").orElse("certificate");
    String value = config.requiredString("value");
    if (value.length() > MAX_VALUE_CHARS) {
      throw config.invalid("value", "is longer than " + MAX_VALUE_CHARS + " characters");
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("contentType", contentType);
    KeyMaterial material;
    switch (contentType) {
      case "certificate" -> {
        List<X509Certificate> chain = certificates(config, value);
        List<Object> certs = new ArrayList<>();
        for (X509Certificate c : chain) {
          certs.add(
              Map.of(
                  "Subject",
                  c.getSubjectX500Principal().getName(),
                  "NotAfter",
                  c.getNotAfter().toInstant().toString()));
        }
        status.put("Certificates", certs);
        material =
            new KeyMaterial(Map.of(KeyId.single(), chain), Map.of(), status, clock.instant());
      }
      case "key" -> {
        PublicKey key = key(config, value);
        status.put("Keys", List.of(Map.of("Algorithm", key.getAlgorithm())));
        material = new KeyMaterial(Map.of(), Map.of(KeyId.single(), key), status, clock.instant());
      }
      default ->
          throw config.invalid(
              "contentType",
              "content type '" + contentType + "' is not supported; use certificate or key");
    }
    return new InlineKeyManagementProvider(config.name(), material);
  }

  private static List<X509Certificate> certificates(PluginConfig config, String value)
      throws RatifyException {
    List<X509Certificate> chain;
    try {
      chain = Pem.certificates(value, Pem.Rules.DEFAULT, false);
    } catch (MalformedException e) {
      throw certInvalid(config, e.getMessage());
    }
    if (chain.isEmpty()) {
      throw certInvalid(config, "no CERTIFICATE PEM block found");
    }
    return chain;
  }

  private static PublicKey key(PluginConfig config, String value) throws RatifyException {
    List<Pem.Block> blocks;
    try {
      blocks = Pem.blocks(value, Pem.Rules.DEFAULT);
    } catch (MalformedException e) {
      throw keyInvalid(config, e.getMessage());
    }
    if (blocks.size() != 1 || !blocks.get(0).label().equals("PUBLIC KEY")) {
      throw keyInvalid(config, "expected exactly one PUBLIC KEY PEM block");
    }
    X509EncodedKeySpec spec = new X509EncodedKeySpec(blocks.get(0).content());
    for (String alg : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(spec);
      } catch (InvalidKeySpecException | NoSuchAlgorithmException | RuntimeException e) {
        // try the next algorithm: the SPKI names its own, and only the matching factory accepts it
      }
    }
    throw keyInvalid(config, "the PUBLIC KEY block is not an RSA, EC or Ed25519 public key");
  }

  private static RatifyException certInvalid(PluginConfig config, String why) {
    return new RatifyException(
        ErrorCode.CERT_INVALID,
        config.origin() + ": field 'parameters.value': " + why,
        "give one or more PEM certificates",
        null);
  }

  private static RatifyException keyInvalid(PluginConfig config, String why) {
    return new RatifyException(
        ErrorCode.KEY_INVALID,
        config.origin() + ": field 'parameters.value': " + why,
        "give one PEM public key",
        null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public KeyMaterial fetch(Deadline deadline) {
    return material;
  }

  @Override
  public String toString() {
    return "InlineKeyManagementProvider[" + name + "]";
  }
}
