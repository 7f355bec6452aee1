package io.ratify.oras;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.oras.internal.layout.OciLayoutStoreImpl;
import io.ratify.oras.internal.registry.RegistrySettings;
import java.nio.file.Path;

/**
 * Opens an OCI image layout directory (one with {@code oci-layout} and {@code index.json}) as a
 * read-only {@link Store} of type {@code oci-layout}.
 *
 * <p>Guarantees: the layout is one repository (the registry and repository of references are
 * ignored); tags are {@code org.opencontainers.image.ref.name} annotations of {@code index.json};
 * referrers are found both by scanning the manifests listed in {@code index.json} for the subject
 * and through the referrers tag-schema index, without duplicates; content is read only from {@code
 * blobs/<alg>/<hex>} inside the directory and checked against digest and size on every read, with
 * bounds of 4 MiB per manifest and 32 MiB per blob.
 */
public final class OciLayoutStore {
  private OciLayoutStore() {}

  /**
   * Opens {@code directory} as a store named {@code oci-layout}.
   *
   * @throws RatifyException with {@link ErrorCode#CONFIG_INVALID} when the directory is not an OCI
   *     image layout
   * @param directory the layout directory (holding {@code oci-layout} and {@code index.json})
   * @return the store
   */
  public static Store open(Path directory) throws RatifyException {
    return open(directory, "oci-layout");
  }

  /**
   * Opens {@code directory} as a store with the given name; see {@link #open(Path)}.
   *
   * @param directory the layout directory (holding {@code oci-layout} and {@code index.json})
   * @param name the store name reported in results
   * @return the store
   * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} when the directory is
   *     not an OCI image layout
   */
  public static Store open(Path directory, String name) throws RatifyException {
    return OciLayoutStoreImpl.open(
        name,
        directory,
        RegistrySettings.DEFAULT_MAX_MANIFEST_BYTES,
        RegistrySettings.DEFAULT_MAX_BLOB_BYTES);
  }
}
