package io.ratify.oras.internal.registry;

import io.ratify.api.Store;
import io.ratify.oras.testing.LocalRegistry;

/** Opens {@link RegistryAuthRealRegistryTest#flow} to tests of other packages. */
public final class RegistryAuthRealRegistryTestAccess {
  private RegistryAuthRealRegistryTestAccess() {}

  /** Resolve, list the signature, fetch it and return its envelope bytes. */
  public static byte[] flow(Store s, LocalRegistry r, String repo) throws Exception {
    return RegistryAuthRealRegistryTest.flow(s, r, repo);
  }
}
