package io.ratify.notation.internal.envelope;

import java.util.List;
import java.util.Optional;

/**
 * An envelope whose structure and headers passed every rule, before any cryptographic check.
 *
 * @param mediaType the envelope media type
 * @param headers the typed protected header
 * @param scheme the signing scheme
 * @param payload the exact payload bytes
 * @param certificates the DER certificates, leaf first, exactly as carried
 * @param timestampToken the DER RFC 3161 token, if any
 * @param signingAgent the unsigned signing agent, if any
 * @param signature the raw signature
 * @param signingInput the bytes the signature covers
 */
record DecodedEnvelope(
    String mediaType,
    ProtectedHeaders headers,
    SigningScheme scheme,
    byte[] payload,
    List<byte[]> certificates,
    Optional<byte[]> timestampToken,
    Optional<String> signingAgent,
    byte[] signature,
    byte[] signingInput) {}
