package io.ratify.api;

import com.google.errorprone.annotations.Immutable;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A snapshot of what a {@link KeyManagementProvider} holds: certificate chains and public keys by
 * {@link KeyId}, and a status for operators. Immutable.
 *
 * @param certificates certificate chains (leaf first where a chain), possibly empty
 * @param keys public keys, possibly empty
 * @param status provider status properties (strings, numbers, lists, maps)
 * @param fetchedAt when the material was fetched
 */
@Immutable
public record KeyMaterial(
    // unmodifiable: copied in the constructor (Error Prone only knows Guava's immutable maps)
    @SuppressWarnings("Immutable") Map<KeyId, List<X509Certificate>> certificates,
    @SuppressWarnings("Immutable") Map<KeyId, PublicKey> keys,
    @SuppressWarnings("Immutable") Map<String, Object> status,
    Instant fetchedAt) {
  /**
   * Copies the maps, so the material is immutable.
   *
   * @param certificates the certificates
   * @param fetchedAt the fetched at
   * @param keys the keys
   * @param status the status
   */
  public KeyMaterial {
    certificates =
        Map.copyOf(
            certificates.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()))));
    keys = Map.copyOf(keys);
    status = Map.copyOf(status);
    Objects.requireNonNull(fetchedAt, "fetchedAt");
  }

  /**
   * All certificates of enabled entries, in a stable order (by name, then version).
   *
   * @return all certificates of enabled entries, in a stable order (by name, then version)
   */
  public List<X509Certificate> enabledCertificates() {
    return certificates.entrySet().stream()
        .filter(e -> e.getKey().enabled())
        .sorted(
            java.util.Comparator.comparing(
                    (Map.Entry<KeyId, List<X509Certificate>> e) -> e.getKey().name())
                .thenComparing(e -> e.getKey().version()))
        .flatMap(e -> e.getValue().stream())
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * All public keys of enabled entries, in a stable order (by name, then version).
   *
   * @return all public keys of enabled entries, in a stable order (by name, then version)
   */
  public List<PublicKey> enabledKeys() {
    return keys.entrySet().stream()
        .filter(e -> e.getKey().enabled())
        .sorted(
            java.util.Comparator.comparing((Map.Entry<KeyId, PublicKey> e) -> e.getKey().name())
                .thenComparing(e -> e.getKey().version()))
        .map(Map.Entry::getValue)
        .collect(Collectors.toUnmodifiableList());
  }
}
