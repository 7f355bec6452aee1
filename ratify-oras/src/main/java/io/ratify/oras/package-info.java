/**
 * Stores of Ratify for Java: an OCI distribution registry ({@code oras}, alias {@code
 * registry-store}) and an OCI image layout directory ({@code oci-layout}), found by {@link
 * java.util.ServiceLoader} through {@link io.ratify.spi.StoreFactory}. Embedders can also make them
 * directly with {@link io.ratify.oras.RegistryStore} and {@link io.ratify.oras.OciLayoutStore}.
 * Everything in {@code io.ratify.oras.internal} may change without notice.
 */
package io.ratify.oras;
