/**
 * Test and demo material for Notary Project signatures: a small in-memory certificate authority
 * ({@link io.ratify.notation.testing.CertificateAuthority}) with certificate profiles that can
 * break the Notary Project rules on purpose, and key specs including deliberately unsupported ones.
 * Never use it for real signing identities; it is not part of the signer's API.
 */
package io.ratify.notation.testing;
