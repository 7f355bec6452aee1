package io.ratify.spi;

import java.util.Objects;

/**
 * A credential for one OCI registry, as a {@link RegistryCredentialProvider} hands it out: a user
 * name and password, or an identity (OAuth2 refresh) token that the registry's token service trades
 * for access tokens. {@link #toString()} never shows the secret.
 *
 * @param username the user name ({@value #IDENTITY_TOKEN_USER} for an identity token)
 * @param secret the password or identity token
 * @param realms where the registry client may send the secret when the registry asks for a bearer
 *     token
 */
public record RegistryCredential(String username, String secret, TokenRealms realms) {
  /** The user name docker uses for identity tokens. */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  /** Which token services may receive the secret. */
  public enum TokenRealms {
    /**
     * Whatever token realm the registry names (over HTTPS): docker's behaviour, needed where the
     * token service has its own host ({@code auth.docker.io} for Docker Hub).
     */
    ANY,
    /**
     * Only a token realm on the registry's own host and port: for cloud credentials that are valid
     * for one registry (an ACR refresh token). A realm elsewhere is refused with an error, not
     * answered anonymously.
     */
    REGISTRY_HOST_ONLY
  }

  /**
   * Checks the components.
   *
   * @param username the user name ({@value #IDENTITY_TOKEN_USER} for an identity token)
   * @param secret the password or identity token
   * @param realms where the secret may go when the registry asks for a bearer token
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the user name is empty
   */
  public RegistryCredential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(realms, "realms");
    if (username.isEmpty()) {
      throw new IllegalArgumentException("username must not be empty");
    }
  }

  /**
   * A user name and password that may go to any token realm the registry names.
   *
   * @param username the user name
   * @param password the password
   * @return the credential
   */
  public static RegistryCredential basic(String username, String password) {
    return new RegistryCredential(username, password, TokenRealms.ANY);
  }

  /**
   * An identity (refresh) token, exchanged at the registry's token realm with {@code
   * grant_type=refresh_token}.
   *
   * @param token the refresh token
   * @param realms where it may be sent
   * @return the credential
   */
  public static RegistryCredential identityToken(String token, TokenRealms realms) {
    return new RegistryCredential(IDENTITY_TOKEN_USER, token, realms);
  }

  /**
   * Whether the secret is an identity token.
   *
   * @return true for an identity token
   */
  public boolean isIdentityToken() {
    return username.equals(IDENTITY_TOKEN_USER);
  }

  @Override
  public String toString() {
    return "RegistryCredential[username="
        + username
        + ", secret=<redacted>, realms="
        + realms
        + "]";
  }
}
