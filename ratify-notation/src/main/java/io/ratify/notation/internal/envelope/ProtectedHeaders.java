package io.ratify.notation.internal.envelope;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The protected header of either envelope format after type checking, before the Notary Project
 * rules ({@link HeaderRules}) are applied.
 *
 * @param algorithm the signature algorithm named by the header
 * @param contentType JWS {@code cty} / COSE label 3
 * @param critical the {@code crit} entries in order (COSE integer labels as {@code "label:<n>"})
 * @param signingScheme the raw {@code io.cncf.notary.signingScheme}
 * @param signingTime {@code io.cncf.notary.signingTime}
 * @param authenticSigningTime {@code io.cncf.notary.authenticSigningTime}
 * @param expiry {@code io.cncf.notary.expiry}
 * @param verificationPlugin {@code io.cncf.notary.verificationPlugin}
 * @param verificationPluginMinVersion {@code io.cncf.notary.verificationPluginMinVersion}
 * @param extendedAttributes every other attribute with a text name, value as a Jackson tree
 * @param present every header name present (COSE integer labels as {@code "label:<n>"})
 * @param registered names that are registered by JOSE/COSE or the Notary Project and are not
 *     extended attributes
 */
record ProtectedHeaders(
    SignatureAlgorithm algorithm,
    String contentType,
    List<String> critical,
    String signingScheme,
    Optional<Instant> signingTime,
    Optional<Instant> authenticSigningTime,
    Optional<Instant> expiry,
    Optional<String> verificationPlugin,
    Optional<String> verificationPluginMinVersion,
    Map<String, Object> extendedAttributes,
    Set<String> present,
    Set<String> registered) {}
