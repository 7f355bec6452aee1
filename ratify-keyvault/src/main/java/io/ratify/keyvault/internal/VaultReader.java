package io.ratify.keyvault.internal;

import com.azure.core.http.rest.PagedResponse;
import com.azure.security.keyvault.certificates.models.CertificateProperties;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificate;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.KeyId;
import io.ratify.api.KeyMaterial;
import io.ratify.api.RatifyException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads everything a provider is configured for, once, in Ratify's way: certificates through
 * GetSecret (the full chain), keys through GetKey, version listings when {@code
 * versionHistoryLimit} is set, disabled versions kept as disabled entries. Either every configured
 * object is read or the read fails; a partial snapshot is never returned.
 *
 * <p>Every call is bounded by the smaller of the per-call timeout and what is left of the deadline;
 * a listing is bounded per page and in pages.
 */
final class VaultReader {
  private static final Logger LOG = LoggerFactory.getLogger(VaultReader.class);

  private final String provider;
  private final KeyVaultSettings settings;
  private final VaultClients clients;
  private final Clock clock;

  VaultReader(String provider, KeyVaultSettings settings, VaultClients clients, Clock clock) {
    this.provider = provider;
    this.settings = settings;
    this.clients = clients;
    this.clock = clock;
  }

  /** Reads a complete snapshot or throws. */
  KeyMaterial read(Deadline deadline) throws RatifyException {
    Map<KeyId, List<X509Certificate>> certificates = new LinkedHashMap<>();
    Map<KeyId, PublicKey> keys = new LinkedHashMap<>();
    List<Map<String, String>> certificateStatus = new ArrayList<>();
    List<Map<String, String>> keyStatus = new ArrayList<>();
    for (VaultObject object : settings.certificates()) {
      for (String version : versions(object, true, deadline)) {
        readCertificate(object, version, deadline, certificates, certificateStatus);
      }
    }
    for (VaultObject object : settings.keys()) {
      for (String version : versions(object, false, deadline)) {
        readKey(object, version, deadline, keys, keyStatus);
      }
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("Certificates", List.copyOf(certificateStatus));
    status.put("Keys", List.copyOf(keyStatus));
    return new KeyMaterial(certificates, keys, status, clock.instant());
  }

  private List<String> versions(VaultObject object, boolean certificate, Deadline deadline)
      throws RatifyException {
    if (object.versionHistoryLimit() == 0) {
      // no listing, so no 'list' permission needed (Ratify's compatibility rule)
      return Collections.singletonList(object.version());
    }
    String kind = certificate ? "certificate" : "key";
    String what = "listing the versions of " + kind + " '" + object.name() + "'";
    Flux<? extends PagedResponse<?>> pages =
        certificate
            ? clients.certificates().listPropertiesOfCertificateVersions(object.name()).byPage()
            : clients.keys().listPropertiesOfKeyVersions(object.name()).byPage();
    List<? extends PagedResponse<?>> read =
        call(
            pages
                .timeout(settings.callTimeout())
                .take(settings.maxVersionPages() + 1L)
                .collectList(),
            deadline,
            what);
    if (read.size() > settings.maxVersionPages()) {
      throw new RatifyException(
          ErrorCode.KEY_VAULT_OPERATION_FAILURE,
          provider
              + ": "
              + vault(what)
              + ": more than "
              + settings.maxVersionPages()
              + " pages of versions",
          "purge old versions of the " + kind,
          null);
    }
    List<VersionHistory.Version> history = new ArrayList<>();
    for (PagedResponse<?> page : read) {
      for (Object item : page.getValue()) {
        String version;
        OffsetDateTime created;
        if (item instanceof CertificateProperties p) {
          version = p.getVersion();
          created = p.getCreatedOn();
        } else {
          KeyProperties p = (KeyProperties) item;
          version = p.getVersion();
          created = p.getCreatedOn();
        }
        if (version == null || version.isEmpty() || created == null) {
          // Ratify skips such entries too: without a creation time there is no place in the history
          LOG.warn(
              "{}: {}: a listed version without id or creation time is skipped",
              provider,
              vault(what));
          continue;
        }
        history.add(new VersionHistory.Version(version, created.toInstant()));
      }
    }
    List<String> versions =
        VersionHistory.select(history, object.versionHistoryLimit(), object.version());
    if (versions.isEmpty()) {
      // Ratify logs this and carries on; a configured object that yields nothing fails here instead
      throw new RatifyException(
          ErrorCode.KEY_VAULT_OPERATION_FAILURE,
          provider
              + ": "
              + vault(what)
              + ": "
              + (object.version().isEmpty()
                  ? "no version is listed"
                  : "version '"
                      + object.version()
                      + "' is not among the "
                      + history.size()
                      + " listed versions"),
          "check the " + kind + " name and version in the vault",
          null);
    }
    return versions;
  }

  private void readCertificate(
      VaultObject object,
      String version,
      Deadline deadline,
      Map<KeyId, List<X509Certificate>> out,
      List<Map<String, String>> status)
      throws RatifyException {
    String what =
        "GetSecret of certificate '"
            + object.name()
            + "'"
            + (version.isEmpty() ? "" : " version '" + version + "'");
    Optional<KeyVaultSecret> read =
        callUnlessDisabled(
            clients.secrets().getSecret(object.name(), version), deadline, what, true);
    if (read.isEmpty()) {
      String disabledVersion = version;
      if (object.versionHistoryLimit() == 0) {
        // which version is disabled: the certificate object knows (Ratify asks GetCertificate too)
        String certWhat = "GetCertificate of disabled certificate '" + object.name() + "'";
        Mono<? extends KeyVaultCertificate> mono =
            version.isEmpty()
                ? clients.certificates().getCertificate(object.name())
                : clients.certificates().getCertificateVersion(object.name(), version);
        KeyVaultCertificate c = call(mono, deadline, certWhat);
        disabledVersion = Optional.ofNullable(c.getProperties().getVersion()).orElse(version);
      }
      LOG.info(
          "{}: certificate '{}' version '{}' is disabled",
          provider,
          object.name(),
          disabledVersion);
      out.put(new KeyId(object.name(), disabledVersion, false), List.of());
      status.add(status(object.name(), disabledVersion, false));
      return;
    }
    KeyVaultSecret secret = read.get();
    Boolean enabled = secret.getProperties().isEnabled();
    String actualVersion = Optional.ofNullable(secret.getProperties().getVersion()).orElse(version);
    if (enabled == null) {
      throw certInvalid(object.name(), actualVersion, "the secret has no 'enabled' attribute");
    }
    String contentType = Optional.ofNullable(secret.getProperties().getContentType()).orElse("");
    SecretContent.Chain chain;
    try {
      chain =
          SecretContent.certificates(
              contentType, Optional.ofNullable(secret.getValue()).orElse(""));
    } catch (SecretContent.Invalid e) {
      throw certInvalid(object.name(), actualVersion, e.getMessage());
    }
    if (!chain.skipped().isEmpty()) {
      LOG.warn(
          "{}: certificate '{}' version '{}': skipped {} (a private key is never read); consider creating the "
              + "certificate with a non-exportable key",
          provider,
          object.name(),
          actualVersion,
          chain.skipped());
    }
    out.put(new KeyId(object.name(), actualVersion, enabled), chain.chain());
    for (int i = 0; i < chain.chain().size(); i++) {
      // one status entry per certificate of the chain, as Ratify reports it
      status.add(status(object.name(), actualVersion, enabled));
    }
  }

  private void readKey(
      VaultObject object,
      String version,
      Deadline deadline,
      Map<KeyId, PublicKey> out,
      List<Map<String, String>> status)
      throws RatifyException {
    String what =
        "GetKey of key '"
            + object.name()
            + "'"
            + (version.isEmpty() ? "" : " version '" + version + "'");
    Optional<KeyVaultKey> read =
        callUnlessDisabled(clients.keys().getKey(object.name(), version), deadline, what, true);
    if (read.isEmpty()) {
      status.add(status(object.name(), version, false));
      return;
    }
    KeyVaultKey key = read.get();
    Boolean enabled = key.getProperties().isEnabled();
    String actualVersion = Optional.ofNullable(key.getProperties().getVersion()).orElse(version);
    if (enabled == null) {
      throw keyInvalid(object.name(), actualVersion, "the key has no 'enabled' attribute");
    }
    PublicKey publicKey;
    try {
      publicKey = JwkKeys.publicKey(key.getKey());
    } catch (IllegalArgumentException e) {
      if (!enabled) {
        // a disabled key is never used: an unreadable one is only reported
        status.add(status(object.name(), actualVersion, false));
        return;
      }
      throw keyInvalid(object.name(), actualVersion, e.getMessage());
    }
    out.put(new KeyId(object.name(), actualVersion, enabled), publicKey);
    status.add(status(object.name(), actualVersion, enabled));
  }

  /** The value of {@code mono}, bounded by the deadline and the per-call timeout. */
  private <T> T call(Mono<T> mono, Deadline deadline, String what) throws RatifyException {
    return callUnlessDisabled(mono, deadline, what, false).orElseThrow();
  }

  /**
   * Like {@link #call}, but empty when the vault answers that the object is disabled (and {@code
   * disabledIsAnswer}).
   */
  private <T> Optional<T> callUnlessDisabled(
      Mono<T> mono, Deadline deadline, String what, boolean disabledIsAnswer)
      throws RatifyException {
    deadline.check(provider + ": " + vault(what));
    Duration limit = deadline.cap(settings.callTimeout());
    T value;
    try {
      value = mono.timeout(limit).block();
    } catch (RuntimeException e) {
      if (disabledIsAnswer && (VaultErrors.isSecretDisabled(e) || VaultErrors.isKeyDisabled(e))) {
        return Optional.empty();
      }
      throw VaultErrors.toRatify(e, provider + ": " + vault(what));
    }
    if (value == null) {
      throw new RatifyException(
          ErrorCode.KEY_VAULT_OPERATION_FAILURE,
          provider + ": " + vault(what) + ": empty answer",
          "check the vault URL",
          null);
    }
    return Optional.of(value);
  }

  private String vault(String what) {
    return what + " in " + settings.vaultUri();
  }

  private RatifyException certInvalid(String name, String version, String why) {
    return new RatifyException(
        ErrorCode.CERT_INVALID,
        provider
            + ": certificate '"
            + name
            + "' version '"
            + version
            + "' in "
            + settings.vaultUri()
            + ": "
            + why,
        "store the certificate as PEM or PKCS12 (Key Vault's own formats) with its chain",
        null);
  }

  private RatifyException keyInvalid(String name, String version, String why) {
    return new RatifyException(
        ErrorCode.KEY_INVALID,
        provider
            + ": key '"
            + name
            + "' version '"
            + version
            + "' in "
            + settings.vaultUri()
            + ": "
            + why,
        "use an RSA key of 2048 to 4096 bits or an EC key on P-256, P-384 or P-521",
        null);
  }

  private Map<String, String> status(String name, String version, boolean enabled) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Name", name);
    m.put("Version", version);
    m.put("Enabled", Boolean.toString(enabled));
    m.put("LastRefreshed", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    return Collections.unmodifiableMap(m);
  }
}
