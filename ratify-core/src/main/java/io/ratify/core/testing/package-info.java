/**
 * A small test kit for plugin authors and embedders: {@link io.ratify.core.testing.InMemoryStore}.
 */
package io.ratify.core.testing;
