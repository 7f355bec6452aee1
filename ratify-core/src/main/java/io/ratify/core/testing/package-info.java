/**
 * A small test kit for plugin authors and embedders: {@link io.ratify.core.testing.InMemoryStore}
 * and {@link io.ratify.core.testing.LayoutWriter} (OCI image layouts on disk). The test PKI and the
 * vector locator are in ratify-api's test-jar ({@code io.ratify.api.testing}).
 */
package io.ratify.core.testing;
