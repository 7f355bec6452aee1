/**
 * Test and demo material, JDK-only: {@link io.ratify.api.testing.TestPki} makes key pairs and X.509
 * certificates (any key usage, extended key usage, basic constraints, validity, signature
 * algorithm, OCSP and CRL locations a test needs, including ones that break a profile on purpose)
 * in strict DER, with PEM, PKCS#12 and TLS renderings; {@link io.ratify.api.testing.DerWriter}
 * writes the DER they are built from; {@link io.ratify.api.testing.DerMutations} re-encodes DER in
 * the BER ways a strict reader must refuse.
 *
 * <p>Keys are generated and held in memory, unprotected, and certificates are made to be useful in
 * tests, not safe: <b>never use this package for real identities</b>. It is in the main jar so that
 * plugin authors' tests and the project's demos can use it without a test-jar; nothing in the
 * verification path depends on it. The vector locator, which needs JUnit, is in ratify-api's
 * test-jar ({@code io.ratify.api.testing.junit.SharedFolders}).
 */
package io.ratify.api.testing;
