package io.ratify.oras.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ratify.api.Deadline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where docker credentials are found without a {@code configPath}: {@code
 * $DOCKER_CONFIG/config.json} instead of {@code ~/.docker/config.json}, then podman's {@code
 * $REGISTRY_AUTH_FILE} and {@code $XDG_RUNTIME_DIR/containers/auth.json}. The environment is given
 * to the provider, not changed in the JVM.
 */
class DockerConfigLocationsTest {
  @TempDir Path dir;

  private static String auths(String registry, String user, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}";
  }

  private Optional<Credential> find(Map<String, String> env, String registry) throws Exception {
    return new DockerConfigCredentials(Optional.empty(), env::get, dir.resolve("home"))
        .find(registry, Deadline.after(Duration.ofSeconds(10)));
  }

  @Test
  void dockerConfigVariableReplacesTheHomeDirectory() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home/.docker"));
    Files.writeString(home.resolve("config.json"), auths("reg.example", "home-user", "pw1"));
    Path custom = Files.createDirectories(dir.resolve("custom"));
    Files.writeString(custom.resolve("config.json"), auths("reg.example", "custom-user", "pw2"));

    assertEquals(
        Optional.of(new Credential("custom-user", "pw2")),
        find(Map.of("DOCKER_CONFIG", custom.toString()), "reg.example"));
    assertEquals(Optional.of(new Credential("home-user", "pw1")), find(Map.of(), "reg.example"));
  }

  @Test
  void podmanAuthFilesAreReadAfterDockers() throws Exception {
    Path authFile = Files.writeString(dir.resolve("auth.json"), auths("podman.example", "p", "x"));
    Path runtime = Files.createDirectories(dir.resolve("run/containers"));
    Files.writeString(runtime.resolve("auth.json"), auths("xdg.example", "x", "y"));
    Path docker = Files.createDirectories(dir.resolve("docker"));
    Files.writeString(docker.resolve("config.json"), auths("podman.example", "docker-wins", "d"));
    Map<String, String> env =
        Map.of(
            "REGISTRY_AUTH_FILE", authFile.toString(),
            "XDG_RUNTIME_DIR", dir.resolve("run").toString());

    assertEquals(Optional.of(new Credential("p", "x")), find(env, "podman.example"));
    assertEquals(Optional.of(new Credential("x", "y")), find(env, "xdg.example"));
    assertEquals(Optional.empty(), find(env, "other.example"));
    Map<String, String> withDocker =
        Map.of(
            "DOCKER_CONFIG", docker.toString(),
            "REGISTRY_AUTH_FILE", authFile.toString());
    assertEquals(
        Optional.of(new Credential("docker-wins", "d")), find(withDocker, "podman.example"));
  }

  @Test
  void missingFilesAreSkipped() {
    DockerConfigCredentials c =
        new DockerConfigCredentials(
            Optional.empty(),
            Map.of("DOCKER_CONFIG", dir.resolve("nope").toString())::get,
            dir.resolve("home"));
    assertEquals(List.of(), c.files());
  }
}
