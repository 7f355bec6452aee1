/**
 * A small test kit for plugin authors and embedders: {@link io.ratify.core.testing.InMemoryStore}
 * and {@link io.ratify.core.testing.LayoutWriter} (OCI image layouts on disk). The test PKI is in
 * ratify-api ({@link io.ratify.api.testing.TestPki}), the vector locator in ratify-api's test-jar
 * ({@code io.ratify.api.testing.junit.SharedFolders}).
 */
package io.ratify.core.testing;
