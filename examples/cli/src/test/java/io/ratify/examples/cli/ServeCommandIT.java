package io.ratify.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.testing.junit.SharedFolders;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ratify serve} from the packaged jar: ready, answering Gatekeeper, stopped by SIGTERM. */
class ServeCommandIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theShadedJarServesGatekeepersProtocolAndStopsOnSigterm() throws Exception {
    int api = freePort();
    int health = freePort();
    int metrics = freePort();
    Path config = SharedFolders.examples().resolve("verify-config.yaml");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "ratify.jar").toAbsolutePath().toString(),
                "serve",
                "-c",
                config.toAbsolutePath().toString(),
                "--address",
                "127.0.0.1:" + api,
                "--health-address",
                "127.0.0.1:" + health,
                "--metrics-address",
                "127.0.0.1:" + metrics));
    // the log goes to a file: complete and readable once the process has exited, whatever the load
    Path logFile = Files.createTempFile("ratify-serve", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    java.util.function.Supplier<String> log =
        () -> {
          try {
            return Files.readString(logFile, java.nio.charset.StandardCharsets.UTF_8);
          } catch (java.io.IOException e) {
            return "(log unreadable: " + e + ")";
          }
        };
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int status = 0;
      while (System.nanoTime() < until && status != 200) {
        try {
          status =
              HTTP.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health + "/readyz"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
        } catch (java.io.IOException e) {
          Thread.sleep(200);
        }
      }
      assertEquals(200, status, log);
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + api + "/ratify/gatekeeper/v1/verify"))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"apiVersion\":\"externaldata.gatekeeper.sh/v1beta1\",\"kind\":\"ProviderRequest\",\"request\":{\"keys\":[\"[ns]Not A Reference\"]}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode item = new ObjectMapper().readTree(r.body()).path("response").path("items").get(0);
      assertEquals("[ns]Not A Reference", item.get("key").asText());
      assertTrue(item.get("error").asText().startsWith("REFERENCE_INVALID"), item::toString);
      String m =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertTrue(m.contains("ratify_verification_request_bucket"), m);
    } finally {
      p.destroy(); // SIGTERM: graceful shutdown, exit 0
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    // the JVM reports a SIGTERM as 143 (128 + 15) even after its shutdown hooks ran
    assertTrue(p.exitValue() == 0 || p.exitValue() == 143, log);
    assertTrue(log.get().contains("provider stopped"), log);
    assertTrue(log.get().contains("plain HTTP"), log);
    assertTrue(
        log.get().contains("verify path=/ratify/gatekeeper/v1/verify status=200 keys=1"), log);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
