package io.ratify.oras.internal.auth;

import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.RegistryCredential;
import io.ratify.spi.RegistryCredential.TokenRealms;
import io.ratify.spi.RegistryCredentialProvider;
import io.ratify.spi.RegistryCredentialProviderFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code static}: {@code registry} ({@code host[:port]}) and either {@code username} and {@code
 * password}, or {@code identityToken} (an OAuth2 refresh token the registry's token service trades
 * for access tokens, with {@code grant_type=refresh_token}: Ratify v2's static credential with an
 * empty user name). The credential goes to that registry only.
 */
public final class StaticCredentialsFactory implements RegistryCredentialProviderFactory {
  @Override
  public Set<String> names() {
    return Set.of("static");
  }

  @Override
  public RegistryCredentialProvider create(PluginConfig config, PluginContext context)
      throws RatifyException {
    CredentialConfigs.rejectUnknown(
        config, Set.of("registry", "username", "password", "identityToken"));
    String registry = config.requiredString("registry");
    Optional<String> token = config.string("identityToken");
    Credential credential;
    if (token.isPresent()) {
      for (String other : new String[] {"username", "password"}) {
        if (config.parameters().containsKey(other)) {
          throw config.invalid(other, "give identityToken or username and password, not both");
        }
      }
      if (token.get().isBlank()) {
        throw config.invalid("identityToken", "must not be blank");
      }
      // like docker's identitytoken: the realm the registry names, over HTTPS (RegistryAuth)
      credential = Credential.of(RegistryCredential.identityToken(token.get(), TokenRealms.ANY));
    } else {
      credential =
          new Credential(config.requiredString("username"), config.string("password").orElse(""));
    }
    return new StaticCredentials(Map.of(registry, credential)).toSpi();
  }
}
