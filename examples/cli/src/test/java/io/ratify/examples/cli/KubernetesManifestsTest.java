package io.ratify.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.core.config.ConfigLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * Loads every manifest of {@code examples/kubernetes} (SnakeYAML, safe) and checks that names,
 * ports, paths and mounts agree with each other and with the flags {@code ratify serve} parses.
 */
class KubernetesManifestsTest {
  static final Path DIR = Path.of("..", "kubernetes");
  static List<Map<String, Object>> docs = new ArrayList<>();
  static List<Object> patch;

  @BeforeAll
  static void load() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 9, files::toString);
    for (Path f : files) {
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      for (Object o : yaml.loadAll(Files.readString(f))) {
        if (o instanceof List<?> l) {
          assertTrue(f.endsWith("ratify-cache-patch.yaml"), f + " is a list");
          patch = new ArrayList<>(l);
          continue;
        }
        Map<String, Object> d = map(o);
        assertNotNull(d.get("apiVersion"), f + ": apiVersion");
        assertNotNull(d.get("kind"), f + ": kind");
        if (!d.get("kind").equals("Kustomization")) {
          assertNotNull(map(d.get("metadata")).get("name"), f + ": metadata.name");
        }
        docs.add(d);
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static Object at(Object o, String path) {
    for (String k : path.split("\\.")) {
      if (o instanceof List<?> l) {
        o = l.get(Integer.parseInt(k));
      } else {
        o = map(o).get(k);
      }
      if (o == null) {
        return null;
      }
    }
    return o;
  }

  static Map<String, Object> doc(String kind, String name) {
    return docs.stream()
        .filter(d -> d.get("kind").equals(kind) && name.equals(at(d, "metadata.name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  static Map<String, Object> container() {
    return map(at(doc("Deployment", "ratify"), "spec.template.spec.containers.0"));
  }

  static ServeCommand serve(List<Object> args) {
    CommandLine.ParseResult r =
        new CommandLine(new RatifyCli())
            .parseArgs(args.stream().map(String::valueOf).toArray(String[]::new));
    return (ServeCommand) r.subcommand().commandSpec().userObject();
  }

  static int containerPort(String name) {
    for (Object p : list(container().get("ports"))) {
      if (name.equals(map(p).get("name"))) {
        return (Integer) map(p).get("containerPort");
      }
    }
    throw new AssertionError("no container port " + name);
  }

  /** The volume mounted at the directory holding {@code file}, and the file's name in it. */
  static Map<String, Object> volumeFor(Path file) {
    Map<String, Object> pod = map(at(doc("Deployment", "ratify"), "spec.template.spec"));
    for (Object m : list(container().get("volumeMounts"))) {
      if (file.startsWith(Path.of((String) map(m).get("mountPath")))) {
        assertTrue(Boolean.TRUE.equals(map(m).get("readOnly")), file + " is mounted read-only");
        for (Object v : list(pod.get("volumes"))) {
          if (map(v).get("name").equals(map(m).get("name"))) {
            return map(v);
          }
        }
      }
    }
    throw new AssertionError("nothing is mounted for " + file);
  }

  @Test
  void theDeploymentRunsTwoHardenedReplicasWithProbesOnTheHealthAddress() throws Exception {
    Map<String, Object> d = doc("Deployment", "ratify");
    assertEquals(2, at(d, "spec.replicas"));
    assertEquals(at(d, "spec.selector.matchLabels"), at(d, "spec.template.metadata.labels"));
    assertEquals(true, at(d, "spec.template.spec.securityContext.runAsNonRoot"));
    Map<String, Object> c = container();
    assertEquals(true, at(c, "securityContext.readOnlyRootFilesystem"));
    assertEquals(false, at(c, "securityContext.allowPrivilegeEscalation"));
    for (String r : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
      assertNotNull(at(c, "resources." + r), r);
    }
    ServeCommand s = serve(list(c.get("args")));
    assertEquals(port(s.address), containerPort("https"));
    assertEquals(port(s.healthAddress), containerPort("health"));
    assertEquals(port(s.metricsAddress), containerPort("metrics"));
    assertEquals("/healthz", at(c, "livenessProbe.httpGet.path"));
    assertEquals("/readyz", at(c, "readinessProbe.httpGet.path"));
    assertEquals("health", at(c, "livenessProbe.httpGet.port"));
    assertEquals("health", at(c, "readinessProbe.httpGet.port"));
    assertEquals(
        String.valueOf(containerPort("metrics")),
        map(at(d, "spec.template.metadata.annotations")).get("prometheus.io/port"));
    // a writable /tmp for the JVM under a read-only root
    assertTrue(volumeForTmp());
  }

  static boolean volumeForTmp() {
    for (Object m : list(container().get("volumeMounts"))) {
      if ("/tmp".equals(map(m).get("mountPath"))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theFlagsPointAtTheMountedConfigMapAndSecrets() {
    ServeCommand s = serve(list(container().get("args")));
    Map<String, Object> config = volumeFor(s.config);
    assertEquals("ratify-config", at(config, "configMap.name"));
    Map<String, Object> cm = doc("ConfigMap", "ratify-config");
    assertEquals("gatekeeper-system", at(cm, "metadata.namespace"));

    Map<String, Object> tls = volumeFor(s.certFile);
    assertEquals(tls, volumeFor(s.keyFile));
    assertEquals("ratify-tls", at(tls, "secret.secretName"));
    // a kubernetes.io/tls Secret (tls/generate.sh) holds exactly tls.crt and tls.key
    assertEquals("tls.crt", s.certFile.getFileName().toString());
    assertEquals("tls.key", s.keyFile.getFileName().toString());

    Map<String, Object> ca = volumeFor(s.clientCaFile);
    assertEquals("gatekeeper-webhook-server-cert", at(ca, "secret.secretName"));
    assertEquals(s.clientCaFile.getFileName().toString(), at(ca, "secret.items.0.path"));
  }

  @Test
  void theConfigMapHoldsTheGuidesConfigurationAndItLoads() throws Exception {
    String text =
        (String) map(at(doc("ConfigMap", "ratify-config"), "data")).get("verify-config.yaml");
    assertNotNull(text);
    ConfigLoader.parse(text, "configmap.yaml");
    // the guide's file is outside the repository: skipped without it, a failure under CI
    Path seed = SharedFolders.examples().resolve("verify-config.yaml");
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Object> expected = new ArrayList<>();
    yaml.loadAll(Files.readString(seed)).forEach(expected::add);
    List<Object> actual = new ArrayList<>();
    new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text).forEach(actual::add);
    assertEquals(expected, actual, "the ConfigMap differs from the guide's verify-config.yaml");
  }

  @Test
  void theProvidersReachTheServiceOnTheServerPathsWithinGatekeepersTimeouts() throws Exception {
    ServeCommand s = serve(list(container().get("args")));
    Map<String, Object> svc = doc("Service", "ratify");
    assertEquals(
        at(doc("Deployment", "ratify"), "spec.template.metadata.labels"), at(svc, "spec.selector"));
    int servicePort = -1;
    for (Object p : list(at(svc, "spec.ports"))) {
      if ("https".equals(map(p).get("name"))) {
        servicePort = (Integer) map(p).get("port");
        assertEquals("https", map(p).get("targetPort"));
      }
    }
    for (String[] p :
        List.of(
            new String[] {"ratify-gatekeeper-provider", "verify"},
            new String[] {"ratify-mutation-provider", "mutate"})) {
      Map<String, Object> provider = doc("Provider", p[0]);
      assertEquals("externaldata.gatekeeper.sh/v1beta1", provider.get("apiVersion"));
      URI url = URI.create((String) at(provider, "spec.url"));
      assertEquals("https", url.getScheme());
      assertEquals("ratify." + at(svc, "metadata.namespace"), url.getHost());
      assertEquals(servicePort, url.getPort());
      assertEquals("/ratify/gatekeeper/v1/" + p[1], url.getPath());
      assertNotNull(at(provider, "spec.caBundle"), "caBundle");
      Duration gatekeeper = Duration.ofSeconds((Integer) at(provider, "spec.timeout"));
      Duration ours =
          ServeCommand.duration(
              "timeout", p[1].equals("verify") ? s.verifyTimeout : s.mutateTimeout);
      assertTrue(
          ours.compareTo(gatekeeper) < 0,
          p[0] + ": the provider must answer before Gatekeeper gives up");
    }
  }

  @Test
  void theConstraintAndTheMutationUseTheProviders() {
    Map<String, Object> template = doc("ConstraintTemplate", "ratifyverification");
    String rego = (String) at(template, "spec.targets.0.rego");
    assertTrue(rego.contains("\"provider\": \"ratify-gatekeeper-provider\""), rego);
    assertTrue(rego.contains("isSuccess == false"), rego);
    assertTrue(rego.contains("remote_data.errors"), "errors must deny too");
    assertTrue(rego.contains("system_error"), "a failed provider call must deny too");
    String kind = (String) at(template, "spec.crd.spec.names.kind");
    Map<String, Object> constraint = doc(kind, "ratify-constraint");
    assertTrue(
        List.of("deny", "dryrun", "warn").contains(at(constraint, "spec.enforcementAction")));
    long assigns =
        docs.stream()
            .filter(d -> d.get("kind").equals("Assign"))
            .peek(
                d ->
                    assertEquals(
                        "ratify-mutation-provider",
                        at(d, "spec.parameters.assign.externalData.provider")))
            .count();
    assertTrue(assigns >= 1);
  }

  @Test
  void theHighAvailabilityOverlayPointsAtItsRedis() throws Exception {
    assertNotNull(patch);
    List<Object> args = new ArrayList<>(list(container().get("args")));
    String envSecret = null;
    for (Object op : patch) {
      Object v = map(op).get("value");
      if (v instanceof String a) {
        args.add(a);
      } else {
        envSecret = (String) at(v, "valueFrom.secretKeyRef.name");
        assertEquals(ServeCommand.HMAC_ENV, map(v).get("name"));
      }
    }
    assertNotNull(envSecret);
    ServeCommand s = serve(args);
    assertNotNull(s.cache);
    Map<String, Object> redis = doc("Service", "ratify-redis");
    assertEquals("ratify-redis." + at(redis, "metadata.namespace"), s.cache.getHost());
    assertEquals(at(redis, "spec.ports.0.port"), s.cache.getPort());
    Map<String, Object> dep = doc("Deployment", "ratify-redis");
    assertEquals(at(dep, "spec.template.metadata.labels"), at(redis, "spec.selector"));
    assertFalse(
        String.valueOf(at(dep, "spec.template.spec.containers.0.args")).contains("appendonly yes"));
  }
}
