package io.ratify.notation;

import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import io.ratify.spi.TypedPluginConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The typed configuration of the {@code notation} verifier: which artifact types it verifies, where
 * its trust stores get their certificates, and the trust policy document.
 *
 * <p><b>Trust stores and key management providers.</b> A trust policy names trust stores as {@code
 * TYPE:NAME}, for example {@code ca:corp} ({@link TrustStore#ca(String)}). A store gets its
 * certificates from the key management providers that {@link Builder#trustStore(TrustStore,
 * String...)} lists for it, which is Ratify's {@code verificationCertStores: {ca: {corp: [kmp,
 * ...]}}}: the {@code NAME} of {@code ca:NAME} in the policy is the key under {@code ca} there, and
 * the strings listed are the names of configured key management providers (for example an {@code
 * InlineKeyProviderConfig} or an {@code AzureKeyVaultConfig}). Certificate files and notation
 * trust-store directories ({@link Builder#verificationCerts(Path...)}) can fill stores too. When no
 * such path is given, {@link Builder#build()} checks that every store a policy names is declared.
 *
 * <pre>{@code
 * NotationVerifierConfig.builder()
 *     .trustStore(TrustStore.ca("corp"), "corp-ca")          // kmp "corp-ca" fills ca:corp
 *     .trustPolicy(TrustPolicy.builder("default")
 *         .registryScopes("*").trustStores(TrustStore.ca("corp")).trustedIdentities("*").build())
 *     .build();
 * }</pre>
 *
 * Immutable; renders to Ratify's verifier parameters {@code artifactTypes}, {@code
 * verificationCertStores}, {@code verificationCerts} and {@code trustPolicyDoc} (version {@code
 * 1.0}).
 */
public final class NotationVerifierConfig implements TypedPluginConfig {

  /** The three trust store types of the Notary Project. */
  public enum TrustStoreType {
    /** Certificate authorities that issue signing certificates. */
    CA("ca"),
    /** Signing authorities (Notary Project signing scheme {@code notary.x509.signingAuthority}). */
    SIGNING_AUTHORITY("signingAuthority"),
    /** Time-stamping authorities whose timestamps are trusted. */
    TSA("tsa");

    private final String value;

    TrustStoreType(String value) {
      this.value = value;
    }

    /**
     * The spelling in trust policies.
     *
     * @return {@code ca}, {@code signingAuthority} or {@code tsa}
     */
    public String value() {
      return value;
    }
  }

  /**
   * A named trust store, written {@code TYPE:NAME} in trust policies.
   *
   * @param type the store type
   * @param name the store name
   */
  public record TrustStore(TrustStoreType type, String name) {
    /**
     * Canonical constructor: checks the components.
     *
     * @param type the store type
     * @param name the store name
     */
    public TrustStore {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
    }

    /**
     * The {@code ca} store {@code name}.
     *
     * @param name the store name
     * @return {@code ca:name}
     */
    public static TrustStore ca(String name) {
      return new TrustStore(TrustStoreType.CA, name);
    }

    /**
     * The {@code signingAuthority} store {@code name}.
     *
     * @param name the store name
     * @return {@code signingAuthority:name}
     */
    public static TrustStore signingAuthority(String name) {
      return new TrustStore(TrustStoreType.SIGNING_AUTHORITY, name);
    }

    /**
     * The {@code tsa} store {@code name}.
     *
     * @param name the store name
     * @return {@code tsa:name}
     */
    public static TrustStore tsa(String name) {
      return new TrustStore(TrustStoreType.TSA, name);
    }

    /**
     * The trust policy spelling.
     *
     * @return {@code TYPE:NAME}
     */
    @Override
    public String toString() {
      return type.value() + ":" + name;
    }
  }

  /** The signature verification levels of a trust policy. */
  public enum VerificationLevel {
    /** Every check enforced. */
    STRICT,
    /** Integrity and authenticity enforced; timestamp, expiry and revocation only logged. */
    PERMISSIVE,
    /** Integrity enforced; everything else only logged. */
    AUDIT,
    /** No verification at all. */
    SKIP;

    String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The checks whose action a trust policy may override (integrity cannot be). */
  public enum Check {
    /** The signing certificate chains to a trusted root. */
    AUTHENTICITY("authenticity"),
    /** The timestamp that proves when the signature was made. */
    AUTHENTIC_TIMESTAMP("authenticTimestamp"),
    /** The signature's own expiry. */
    EXPIRY("expiry"),
    /** Revocation of the certificates. */
    REVOCATION("revocation");

    private final String value;

    Check(String value) {
      this.value = value;
    }

    String value() {
      return value;
    }
  }

  /** What a failed check does. */
  public enum Action {
    /** It fails verification. */
    ENFORCE,
    /** It is reported and verification goes on. */
    LOG,
    /** The check is not run. */
    SKIP;

    String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** When a timestamp countersignature is verified. */
  public enum VerifyTimestamp {
    /** Always (the default). */
    ALWAYS("always"),
    /** Only when a certificate of the signing chain has expired. */
    AFTER_CERT_EXPIRY("afterCertExpiry");

    private final String value;

    VerifyTimestamp(String value) {
      this.value = value;
    }

    String value() {
      return value;
    }
  }

  /**
   * One trust policy statement.
   *
   * @param name the statement name, unique in the document
   * @param registryScopes {@code registry/repository} scopes the statement applies to, or {@code *}
   * @param level the verification level
   * @param overrides actions that replace the level's default for single checks
   * @param verifyTimestamp when timestamps are verified; empty for the default ({@code always})
   * @param trustStores the trust stores whose certificates are trusted
   * @param trustedIdentities {@code x509.subject:} identities, or {@code *}
   */
  public record TrustPolicy(
      String name,
      List<String> registryScopes,
      VerificationLevel level,
      Map<Check, Action> overrides,
      Optional<VerifyTimestamp> verifyTimestamp,
      List<TrustStore> trustStores,
      List<String> trustedIdentities) {

    /**
     * Canonical constructor: checks the components and copies the collections.
     *
     * @param name the statement name, unique in the document
     * @param registryScopes {@code registry/repository} scopes the statement applies to, or {@code
     *     *}
     * @param level the verification level
     * @param overrides actions that replace the level's default for single checks
     * @param verifyTimestamp when timestamps are verified; empty for the default ({@code always})
     * @param trustStores the trust stores whose certificates are trusted
     * @param trustedIdentities {@code x509.subject:} identities, or {@code *}
     */
    public TrustPolicy {
      Objects.requireNonNull(name, "name");
      registryScopes = List.copyOf(registryScopes);
      Objects.requireNonNull(level, "level");
      overrides =
          overrides.isEmpty()
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new EnumMap<>(overrides));
      Objects.requireNonNull(verifyTimestamp, "verifyTimestamp");
      trustStores = List.copyOf(trustStores);
      trustedIdentities = List.copyOf(trustedIdentities);
    }

    /**
     * A builder for the statement {@code name}, at level {@code strict}.
     *
     * @param name the statement name
     * @return a new builder
     */
    public static PolicyBuilder builder(String name) {
      return new PolicyBuilder(name);
    }

    Map<String, Object> render() {
      Map<String, Object> sv = new LinkedHashMap<>();
      sv.put("level", level.value());
      if (!overrides.isEmpty()) {
        Map<String, Object> o = new LinkedHashMap<>();
        overrides.forEach((k, v) -> o.put(k.value(), v.value()));
        sv.put("override", o);
      }
      verifyTimestamp.ifPresent(v -> sv.put("verifyTimestamp", v.value()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("registryScopes", registryScopes);
      m.put("signatureVerification", sv);
      m.put("trustStores", trustStores.stream().map(TrustStore::toString).toList());
      m.put("trustedIdentities", trustedIdentities);
      return m;
    }
  }

  /** Assembles a {@link TrustPolicy}. Not thread-safe. */
  public static final class PolicyBuilder {
    private final String name;
    private List<String> registryScopes = List.of();
    private VerificationLevel level = VerificationLevel.STRICT;
    private final Map<Check, Action> overrides = new EnumMap<>(Check.class);
    private Optional<VerifyTimestamp> verifyTimestamp = Optional.empty();
    private List<TrustStore> trustStores = List.of();
    private List<String> trustedIdentities = List.of();

    private PolicyBuilder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The {@code registry/repository} scopes this statement applies to ({@code *}: all); for a
     * subject read from an OCI layout, the scope is the {@code registry/repository} part of the
     * subject as given.
     *
     * @param scopes the scopes
     * @return this builder
     */
    public PolicyBuilder registryScopes(String... scopes) {
      this.registryScopes = List.of(scopes);
      return this;
    }

    /**
     * The verification level; default {@code strict}.
     *
     * @param level the level
     * @return this builder
     */
    public PolicyBuilder level(VerificationLevel level) {
      this.level = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * Replaces the level's action for one check.
     *
     * @param check the check
     * @param action the action
     * @return this builder
     */
    public PolicyBuilder override(Check check, Action action) {
      overrides.put(Objects.requireNonNull(check, "check"), Objects.requireNonNull(action));
      return this;
    }

    /**
     * When timestamps are verified; default {@code always}.
     *
     * @param when always or after the signing certificate expired
     * @return this builder
     */
    public PolicyBuilder verifyTimestamp(VerifyTimestamp when) {
      this.verifyTimestamp = Optional.of(Objects.requireNonNull(when, "when"));
      return this;
    }

    /**
     * The trust stores whose certificates this statement trusts; each must be filled from key
     * management providers ({@link Builder#trustStore}) or certificate paths.
     *
     * @param stores the stores
     * @return this builder
     */
    public PolicyBuilder trustStores(TrustStore... stores) {
      this.trustStores = List.of(stores);
      return this;
    }

    /**
     * The trusted signer identities: {@code *}, or {@code x509.subject:} followed by a
     * distinguished name whose attributes the signing certificate's subject must contain.
     *
     * @param identities the identities
     * @return this builder
     */
    public PolicyBuilder trustedIdentities(String... identities) {
      this.trustedIdentities = List.of(identities);
      return this;
    }

    /**
     * Builds the statement; the verifier configuration checks it with the whole document.
     *
     * @return the statement
     */
    public TrustPolicy build() {
      return new TrustPolicy(
          name, registryScopes, level, overrides, verifyTimestamp, trustStores, trustedIdentities);
    }
  }

  private final String name;
  private final List<String> artifactTypes;
  private final Map<TrustStore, List<String>> certStores;
  private final List<Path> verificationCerts;
  private final List<TrustPolicy> policies;
  private final Optional<Path> policyFile;

  private NotationVerifierConfig(Builder b) {
    this.name = b.name;
    this.artifactTypes = List.copyOf(b.artifactTypes);
    Map<TrustStore, List<String>> stores = new LinkedHashMap<>();
    b.certStores.forEach((k, v) -> stores.put(k, List.copyOf(v)));
    this.certStores = java.util.Collections.unmodifiableMap(stores);
    this.verificationCerts = List.copyOf(b.verificationCerts);
    this.policies = List.copyOf(b.policies);
    this.policyFile = b.policyFile;
  }

  /**
   * A builder named {@code notation} that verifies {@code application/vnd.cncf.notary.signature}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The trust policy statements given in code (empty when a policy file is used).
   *
   * @return the statements
   */
  public List<TrustPolicy> trustPolicies() {
    return policies;
  }

  /**
   * The key management providers that fill each trust store.
   *
   * @return an unmodifiable map, in declaration order
   */
  public Map<TrustStore, List<String>> trustStores() {
    return certStores;
  }

  @Override
  public PluginConfig toPluginConfig() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("artifactTypes", String.join(",", artifactTypes));
    if (!certStores.isEmpty()) {
      Map<String, Object> byType = new LinkedHashMap<>();
      for (Map.Entry<TrustStore, List<String>> e : certStores.entrySet()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> stores =
            (Map<String, Object>)
                byType.computeIfAbsent(e.getKey().type().value(), k -> new LinkedHashMap<>());
        stores.put(e.getKey().name(), e.getValue());
      }
      p.put("verificationCertStores", byType);
    }
    if (!verificationCerts.isEmpty()) {
      p.put("verificationCerts", verificationCerts.stream().map(Path::toString).toList());
    }
    if (policyFile.isPresent()) {
      p.put("trustPolicyDoc", policyFile.get().toString());
    } else {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("version", "1.0");
      doc.put("trustPolicies", policies.stream().map(TrustPolicy::render).toList());
      p.put("trustPolicyDoc", doc);
    }
    return PluginConfig.of(PluginKind.VERIFIER, name, "notation", p);
  }

  @Override
  public String toString() {
    return "NotationVerifierConfig[" + name + ", " + toPluginConfig().parameters() + "]";
  }

  /** Assembles a verifier configuration; {@link #build()} validates it. Not thread-safe. */
  public static final class Builder {
    private String name = "notation";
    private List<String> artifactTypes = List.of(MediaTypes.NOTARY_SIGNATURE);
    private final Map<TrustStore, List<String>> certStores = new LinkedHashMap<>();
    private final List<Path> verificationCerts = new ArrayList<>();
    private final List<TrustPolicy> policies = new ArrayList<>();
    private Optional<Path> policyFile = Optional.empty();

    private Builder() {}

    /**
     * The verifier name in reports (and in threshold policy rules); default {@code notation}.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The artifact types of referrers this verifier handles; default {@code
     * application/vnd.cncf.notary.signature}.
     *
     * @param types the artifact types
     * @return this builder
     */
    public Builder artifactTypes(String... types) {
      this.artifactTypes = List.of(types);
      return this;
    }

    /**
     * Fills {@code store} with the certificates of the named key management providers (Ratify's
     * {@code verificationCertStores}); calling it again for one store adds providers.
     *
     * @param store the trust store, as trust policies name it ({@code ca:NAME})
     * @param keyManagementProviders names of configured key management providers
     * @return this builder
     */
    public Builder trustStore(TrustStore store, String... keyManagementProviders) {
      certStores
          .computeIfAbsent(Objects.requireNonNull(store, "store"), k -> new ArrayList<>())
          .addAll(List.of(keyManagementProviders));
      return this;
    }

    /**
     * Certificate files or directories, including notation trust-store layouts ({@code
     * truststore/x509/TYPE/NAME/}); relative paths resolve against the configuration's directory.
     *
     * @param paths the files or directories
     * @return this builder
     */
    public Builder verificationCerts(Path... paths) {
      verificationCerts.addAll(List.of(paths));
      return this;
    }

    /**
     * Adds a trust policy statement to the document (version {@code 1.0}).
     *
     * @param policy the statement
     * @return this builder
     */
    public Builder trustPolicy(TrustPolicy policy) {
      policies.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * Reads the trust policy document from a JSON file instead (when the verifier is created).
     *
     * @param file the trust policy JSON; relative paths resolve against the configuration's
     *     directory
     * @return this builder
     */
    public Builder trustPolicyFile(Path file) {
      this.policyFile = Optional.of(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Validates and builds. The trust policy document itself is checked again, with notation's
     * rules, when the verifier is created.
     *
     * @return the configuration
     * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} when the name or an artifact type is
     *     blank; no statement and no policy file (or both) are given; statement names repeat or are
     *     blank; a statement has no registry scope; a trust store has no key management provider;
     *     or, without certificate paths, a statement names a trust store that is not declared
     */
    public NotationVerifierConfig build() throws RatifyException {
      String what = "notation verifier '" + name + "'";
      if (name.isBlank()) {
        throw invalid("notation verifier", "the name is blank");
      }
      if (artifactTypes.isEmpty() || artifactTypes.stream().anyMatch(String::isBlank)) {
        throw invalid(what, "artifact types must be given and not blank");
      }
      if (policies.isEmpty() == policyFile.isEmpty()) {
        throw invalid(what, "give trust policy statements or a trust policy file (one of the two)");
      }
      for (Map.Entry<TrustStore, List<String>> e : certStores.entrySet()) {
        if (e.getKey().name().isBlank()) {
          throw invalid(what, "a trust store name is blank");
        }
        if (e.getValue().isEmpty() || e.getValue().stream().anyMatch(String::isBlank)) {
          throw invalid(
              what, "trust store " + e.getKey() + " needs the names of key management providers");
        }
      }
      Set<String> names = new HashSet<>();
      for (TrustPolicy p : policies) {
        if (p.name().isBlank() || !names.add(p.name())) {
          throw invalid(
              what, "trust policy names must be unique and not blank: '" + p.name() + "'");
        }
        if (p.registryScopes().isEmpty()) {
          throw invalid(what, "trust policy '" + p.name() + "' has no registry scope");
        }
        if (verificationCerts.isEmpty() && p.level() != VerificationLevel.SKIP) {
          Set<TrustStore> undeclared = new LinkedHashSet<>(p.trustStores());
          undeclared.removeAll(certStores.keySet());
          if (!undeclared.isEmpty()) {
            throw invalid(
                what,
                "trust policy '"
                    + p.name()
                    + "' names trust store "
                    + undeclared.iterator().next()
                    + ", which no key management provider fills; add trustStore("
                    + undeclared.iterator().next()
                    + ", <provider name>)");
          }
        }
      }
      return new NotationVerifierConfig(this);
    }

    private static RatifyException invalid(String what, String problem) {
      return new RatifyException(
          ErrorCode.CONFIG_INVALID, what + ": " + problem, "fix the configuration in code", null);
    }
  }
}
