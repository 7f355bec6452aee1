/**
 * The Azure integration of Ratify for Java. This module holds everything that talks to Azure: the
 * Azure Key Vault key management provider, type {@code azurekeyvault}, found by {@link
 * java.util.ServiceLoader} through {@link io.ratify.spi.KeyManagementProviderFactory}; and the
 * Azure Container Registry credential providers {@code azureWorkloadIdentity}, {@code
 * azureManagedIdentity} and Ratify v2's {@code azure}, found through {@link
 * io.ratify.spi.RegistryCredentialProviderFactory} by the {@code oras} store's {@code authProvider}
 * (or {@code credential}) parameter. Both use one Azure credential configuration: the same
 * parameters ({@code clientID}, {@code tenantID}, {@code authorityHost}, {@code
 * disableInstanceDiscovery}) and one {@code azure-identity} credential per identity and process.
 * ACR credentials go only to the registries of the provider's {@code endpoints} (default {@code
 * *.azurecr.io}, {@code *.azurecr.us}, {@code *.azurecr.cn}, {@code *.azurecr.de}).
 *
 * <p>Parameters, as Ratify's {@code KeyManagementProvider} resource takes them:
 *
 * <pre>{@code
 * apiVersion: config.ratify.deislabs.io/v1beta1
 * kind: KeyManagementProvider
 * metadata: {name: keyvault}
 * spec:
 *   type: azurekeyvault
 *   refreshInterval: 1h            # absent: read once, never refreshed
 *   parameters:
 *     vaultURI: https://myvault.vault.azure.net/   # or vaultURL (Ratify v2's spelling)
 *     tenantID: <tenant>
 *     clientID: <workload identity client id>
 *     certificates:
 *       - name: signer              # version: empty for the latest
 *         versionHistoryLimit: 2    # 0 (default): only that version; N: the newest N (or the pinned one and N older)
 *     keys:
 *       - name: cosign-key
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Certificates are read through the certificate's secret, so the whole chain comes back (PEM
 *       or PKCS12 with the empty password); private keys in it are skipped unread and never kept or
 *       logged. Keys are read as JSON Web Keys (RSA and RSA-HSM of 2048 to 4096 bits, EC and EC-HSM
 *       on P-256, P-384, P-521).
 *   <li>Disabled versions appear with {@link io.ratify.api.KeyId#enabled()} false (a disabled
 *       certificate with an empty chain), never as enabled.
 *   <li>A fetch returns everything configured or throws ({@code KEY_VAULT_OPERATION_FAILURE},
 *       {@code CERT_INVALID}, {@code KEY_INVALID}, {@code TIMEOUT}); when the vault cannot be read,
 *       callers get the error rather than the previous material, as in Ratify.
 *   <li>Every vault call is bounded by the caller's deadline and a per-call timeout; listings are
 *       bounded in pages, and a {@code nextLink} to any host other than the vault is refused before
 *       a token is attached.
 *   <li>Authentication is Azure workload identity ({@code AZURE_FEDERATED_TOKEN_FILE} from the
 *       pod's environment), over the JDK HTTP client; tokens and secret values are never logged or
 *       put into messages.
 * </ul>
 *
 * Everything in {@code io.ratify.keyvault.internal} may change without notice.
 */
package io.ratify.keyvault;
