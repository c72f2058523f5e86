package dev.tdsmock.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.support.TestServers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docker/kubernetes, checked without a cluster. Every manifest is read into the Kubernetes API's own types (fabric8's
 * model of core/v1 and apps/v1) the way the API server decodes it strictly: an unknown field anywhere (a misspelt or
 * misplaced key), a value of the wrong type (a quoted port, a number where a string goes) or an unknown
 * apiVersion/kind fails, naming the field. Then what no schema knows: the Service's ports against the scenario files,
 * the probes, the token's Secret, the user, the volumes the server writes to, and the image's command line.
 */
@Timeout(60)
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("docker/kubernetes");
    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
    private static final int HEALTHY_PORT = 1433;
    private static final int CONTROL_PORT = 14300;
    private static final int IMAGE_USER = 10001;
    private static final String SERVER_CONTAINER = "tds-mock";
    private static final String TOKEN_VARIABLE = "TDS_MOCK_CONTROL_TOKEN";
    /** Kubernetes' IANA_SVC_NAME, which a Service's and a container's port names must be. */
    private static final Pattern PORT_NAME = Pattern.compile("(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*");
    /** A DNS-1123 label: names of containers, volumes, and the Service. */
    private static final Pattern DNS_LABEL = Pattern.compile("(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /**
     * Strict, as the API server's decoding is: no any-setter (the model would keep unknown fields in
     * additionalProperties), unknown properties fail, and no scalar is coerced into another type.
     */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private static Map<String, HasMetadata> manifests;
    private static Deployment deployment;
    private static Service service;
    private static Secret secret;
    private static ConfigMap configMap;

    @BeforeAll
    static void readManifests() throws IOException {
        manifests = new TreeMap<>();
        for (Path file : manifestFiles()) {
            manifests.put(file.getFileName().toString(), readManifest(file));
        }
        deployment = only(Deployment.class);
        service = only(Service.class);
        secret = only(Secret.class);
        configMap = only(ConfigMap.class);
    }

    private static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
    }

    /** One document, of a kind the model knows (apiVersion and kind), with only the fields of its type. */
    private static HasMetadata readManifest(Path file) throws IOException {
        List<JsonNode> documents;
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            documents = it.readAll();
        }
        assertEquals(1, documents.size(), file + ": one document");
        return typed(documents.get(0), file.toString());
    }

    private static HasMetadata typed(JsonNode document, String where) {
        KubernetesResource resource;
        try {
            resource = YAML.treeToValue(document, KubernetesResource.class);
        } catch (RuntimeException e) {
            // An unknown apiVersion/kind lands here too: GenericKubernetesResource takes no spec or data strictly.
            throw new AssertionError(where + " is not a valid Kubernetes object: " + e.getMessage(), e);
        }
        assertFalse(resource instanceof GenericKubernetesResource, where + ": apiVersion "
                + document.path("apiVersion") + " kind " + document.path("kind") + " is no core/v1 or apps/v1 kind");
        HasMetadata object = assertInstanceOf(HasMetadata.class, resource, where);
        assertNotNull(object.getMetadata(), where + ": metadata");
        assertTrue(DNS_LABEL.matcher(object.getMetadata().getName()).matches(), where + ": metadata.name");
        assertNull(object.getMetadata().getNamespace(), where + ": the namespace is kubectl's or kustomization.yaml's");
        return object;
    }

    private static <T> T assertInstanceOf(Class<T> type, Object value, String what) {
        assertTrue(type.isInstance(value), what + ": " + value.getClass().getName());
        return type.cast(value);
    }

    private static <T extends HasMetadata> T only(Class<T> kind) {
        List<T> found = manifests.values().stream().filter(kind::isInstance).map(kind::cast).toList();
        assertEquals(1, found.size(), "one " + kind.getSimpleName() + " in " + DIR + ", found " + found.size());
        return found.get(0);
    }

    private static PodSpec pod() {
        return deployment.getSpec().getTemplate().getSpec();
    }

    private static Container server() {
        return pod().getContainers().stream().filter(c -> c.getName().equals(SERVER_CONTAINER)).findFirst()
                .orElseThrow(() -> new AssertionError("deployment.yaml has no container " + SERVER_CONTAINER));
    }

    private static List<Container> allContainers() {
        List<Container> all = new ArrayList<>(pod().getContainers());
        if (pod().getInitContainers() != null) {
            all.addAll(pod().getInitContainers());
        }
        return all;
    }

    @Test
    void theStrictReadingRefusesWhatTheApiServerWould() {
        String good = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports:\n    - {name: a, port: 1}\n";
        assertTrue(typed(YAML.readTree(good), "good") instanceof Service);
        List<String> bad = List.of(
                good.replace("ports:", "portz:"),                                    // an unknown field
                good.replace("    - {name: a", "    - {nmae: b, name: a"),          // ... deeper down
                good + "status2: {}\n",                                              // ... at the top
                good.replace("port: 1", "port: \"1\""),                             // a string for a number
                good.replace("name: a", "name: 7"),                                  // a number for a string
                good.replace("{name: x}", "{name: x, labels: {a: true}}"),           // a boolean for a string
                good.replace("kind: Service", "kind: Servise"),                      // an unknown kind
                good.replace("apiVersion: v1", "apiVersion: apps/v1"),               // ... in that group
                good.replace("{name: x}", "{name: X_x}"));                           // not a DNS-1123 name
        for (String manifest : bad) {
            assertThrows(AssertionError.class, () -> typed(YAML.readTree(manifest), "bad"), manifest);
        }
    }

    @Test
    void kustomizationTakesEveryManifest() throws IOException {
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        assertEquals("kustomize.config.k8s.io/v1beta1", kustomization.path("apiVersion").asString());
        assertEquals("Kustomization", kustomization.path("kind").asString());
        Set<String> known = Set.of("apiVersion", "kind", "resources", "images", "namespace", "labels",
                "commonAnnotations", "patches", "configMapGenerator", "secretGenerator", "replicas");
        kustomization.propertyNames().forEach(key -> assertTrue(known.contains(key), "kustomization.yaml: " + key));
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asString()));
        assertEquals(new HashSet<>(resources).size(), resources.size(), "kustomization.yaml lists a file twice");
        assertEquals(manifests.keySet(), new HashSet<>(resources), "kustomization.yaml's resources against " + DIR);
    }

    /**
     * Scenario name by port: the image's (scenarios/*.conf) and the ConfigMap's, which replaces an image scenario of
     * the same name as the init container's copy does.
     */
    private static Map<Integer, String> scenarioPorts(Path configMapFolder) throws IOException {
        Map<String, Integer> byName = new TreeMap<>();
        ScenarioLoader image = new ScenarioLoader(TestServers.SCENARIOS);
        for (String name : image.names()) {
            byName.put(name, image.load(name).listener().port());
        }
        for (Scenario custom : configMapScenarios(configMapFolder)) {
            byName.put(custom.name(), custom.listener().port());
        }
        Map<Integer, String> ports = new TreeMap<>();
        byName.forEach((name, port) -> {
            String earlier = ports.put(port, name);
            assertNull(earlier, name + " and " + earlier + " share port " + port);
        });
        return ports;
    }

    /** The ConfigMap's scenario files, each loaded as the server loads one of its --scenarios folder. */
    private static List<Scenario> configMapScenarios(Path folder) throws IOException {
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
        for (Map.Entry<String, String> file : data.entrySet()) {
            assertTrue(file.getKey().endsWith(".conf"), "scenarios-configmap.yaml: " + file.getKey() + " is no NAME.conf");
            String name = file.getKey().substring(0, file.getKey().length() - ".conf".length());
            assertTrue(ScenarioLoader.NAME.matcher(name).matches(), "scenarios-configmap.yaml: " + file.getKey());
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
            Scenario scenario = new ScenarioLoader(folder).load(name);
            assertEquals(name, scenario.name(), "scenarios-configmap.yaml: the file name is the scenario's name");
            assertFalse(scenario.description().isBlank(), "scenarios-configmap.yaml: " + name + " has a description");
            scenarios.add(scenario);
        }
        return scenarios;
    }

    @Test
    void theConfigMapsScenariosLoad(@TempDir Path folder) throws IOException {
        List<Scenario> scenarios = configMapScenarios(folder);
        assertFalse(scenarios.isEmpty(), "scenarios-configmap.yaml holds an example");
        for (Scenario scenario : scenarios) {
            assertTrue(scenario.listener().port() != CONTROL_PORT, scenario.name() + " takes the control API's port");
        }
        assertTrue(configMap.getBinaryData().isEmpty(), "scenario files are text (data)");
    }

    @Test
    void theServiceExposesTheControlApiAndEveryScenario(@TempDir Path folder) throws IOException {
        Map<Integer, String> expected = new TreeMap<>(scenarioPorts(folder));
        expected.put(CONTROL_PORT, "control API");
        assertEquals("healthy", expected.get(HEALTHY_PORT));

        Map<Integer, ServicePort> ports = new TreeMap<>();
        Set<String> names = new HashSet<>();
        for (ServicePort port : service.getSpec().getPorts()) {
            assertNull(ports.put(port.getPort(), port), "service.yaml lists port " + port.getPort() + " twice");
            assertTrue(names.add(port.getName()), "service.yaml: two ports named " + port.getName());
        }
        if (!ports.keySet().equals(expected.keySet())) {
            Set<Integer> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(ports.keySet());
            Set<Integer> extra = new TreeSet<>(ports.keySet());
            extra.removeAll(expected.keySet());
            fail("service.yaml's ports are not 1433, 14300 and those of scenarios/*.conf and scenarios-configmap.yaml:"
                    + " missing " + missing + ", not served " + extra + "; its list should be:\n" + portList(expected));
        }
        String text = Files.readString(DIR.resolve("service.yaml"));
        for (ServicePort port : ports.values()) {
            int number = port.getPort();
            String name = number == CONTROL_PORT ? "control" : "tds-" + number;
            assertEquals(name, port.getName(), "service.yaml: the name of port " + number);
            assertTrue(PORT_NAME.matcher(port.getName()).matches(), "service.yaml: " + port.getName());
            assertTrue(port.getProtocol() == null || port.getProtocol().equals("TCP"), name);
            IntOrString target = port.getTargetPort();
            assertTrue(target == null || Integer.valueOf(number).equals(target.getIntVal()),
                    "service.yaml: port " + number + " goes to the same port of the pod");
            Matcher line = Pattern.compile("(?m)^.*\\bport: " + number + "\\b.*#\\s*(\\S+).*$").matcher(text);
            String scenario = expected.get(number);
            assertTrue(line.find() && (number == CONTROL_PORT || line.group(1).equals(scenario)),
                    "service.yaml: port " + number + "'s comment names " + scenario + "; the list should be:\n"
                            + portList(expected));
        }
        assertEquals("ClusterIP", service.getSpec().getType());
        assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(service.getSpec().getSelector().entrySet()),
                "the Service's selector takes the Deployment's pods");
        assertFalse(service.getSpec().getSelector().isEmpty());
    }

    /** service.yaml's port list, as it should read. */
    private static String portList(Map<Integer, String> expected) {
        StringBuilder list = new StringBuilder();
        expected.forEach((port, scenario) -> {
            String entry = port == CONTROL_PORT ? "- { name: control, port: 14300 }"
                    : "- { name: tds-" + port + ", port: " + port + " }";
            String comment = port == CONTROL_PORT ? "# control API (GET /health and GET /ca.pem need no token)"
                    : "# " + scenario;
            list.append(String.format("    %-36s %s%n", entry, comment));
        });
        return list.toString();
    }

    @Test
    void theProbesAskTheControlApiForHealth() {
        Container server = server();
        List<Probe> probes = new ArrayList<>();
        assertNotNull(server.getReadinessProbe(), "a readiness probe");
        assertNotNull(server.getLivenessProbe(), "a liveness probe");
        probes.add(server.getReadinessProbe());
        probes.add(server.getLivenessProbe());
        if (server.getStartupProbe() != null) {
            probes.add(server.getStartupProbe());
        }
        for (Probe probe : probes) {
            assertNotNull(probe.getHttpGet(), "an HTTP probe");
            assertEquals("/health", probe.getHttpGet().getPath());
            assertEquals(CONTROL_PORT, portNumber(server, probe.getHttpGet().getPort()));
            assertTrue(probe.getHttpGet().getScheme() == null || probe.getHttpGet().getScheme().equals("HTTP"));
            assertTrue(probe.getHttpGet().getHttpHeaders().isEmpty(), "GET /health needs no token");
            assertTrue(probe.getExec() == null && probe.getTcpSocket() == null && probe.getGrpc() == null);
        }
        // The control API answers there, beyond the pod's loopback.
        List<String> args = server.getArgs();
        assertEquals(String.valueOf(CONTROL_PORT), argument(args, "--control-port"));
        assertEquals("0.0.0.0", argument(args, "--control-host"));
    }

    private static int portNumber(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    private static String argument(List<String> args, String option) {
        int at = args.indexOf(option);
        assertTrue(at >= 0 && at + 1 < args.size(), "deployment.yaml's arguments give " + option);
        return args.get(at + 1);
    }

    @Test
    void theTokenComesFromTheSecret() {
        List<EnvVar> token = server().getEnv().stream().filter(e -> e.getName().equals(TOKEN_VARIABLE)).toList();
        assertEquals(1, token.size(), TOKEN_VARIABLE + " is set once");
        assertNull(token.get(0).getValue(), "the token is no literal in deployment.yaml");
        assertNotNull(token.get(0).getValueFrom(), TOKEN_VARIABLE + " has valueFrom");
        SecretKeySelector key = token.get(0).getValueFrom().getSecretKeyRef();
        assertNotNull(key, TOKEN_VARIABLE + " comes from a Secret (secretKeyRef)");
        assertEquals(secret.getMetadata().getName(), key.getName(), "the Secret of control-token-secret.yaml");
        assertTrue(key.getOptional() == null || !key.getOptional(), "without the Secret the pod does not start");
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            values.putAll(secret.getData());
        }
        assertTrue(values.containsKey(key.getKey()), "the Secret has the key " + key.getKey());
        assertFalse(values.get(key.getKey()).isBlank(), "the server refuses an empty token beyond loopback");
        assertFalse(server().getArgs().contains("--control-token"), "no token on the command line");
        assertTrue(server().getCommand().isEmpty(), "the image's ENTRYPOINT, which reads the token from the environment");
    }

    @Test
    void everyContainerRunsAsTheImagesUserOnAReadOnlyRoot() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertTrue(dockerfile.contains("--uid " + IMAGE_USER) && dockerfile.contains("--gid " + IMAGE_USER),
                "docker/Dockerfile's user is " + IMAGE_USER);
        var pod = pod().getSecurityContext();
        assertNotNull(pod, "a pod securityContext");
        assertEquals(Long.valueOf(IMAGE_USER), pod.getRunAsUser());
        assertEquals(Long.valueOf(IMAGE_USER), pod.getRunAsGroup());
        assertEquals(Boolean.TRUE, pod.getRunAsNonRoot());
        for (Container container : allContainers()) {
            assertTrue(DNS_LABEL.matcher(container.getName()).matches(), container.getName());
            SecurityContext own = container.getSecurityContext();
            assertNotNull(own, container.getName() + ": a securityContext");
            assertTrue(own.getRunAsUser() == null || own.getRunAsUser() == IMAGE_USER, container.getName());
            assertTrue(own.getRunAsNonRoot() == null || own.getRunAsNonRoot(), container.getName());
            assertEquals(Boolean.TRUE, own.getReadOnlyRootFilesystem(), container.getName());
            assertEquals(Boolean.FALSE, own.getAllowPrivilegeEscalation(), container.getName());
            assertEquals(List.of("ALL"), own.getCapabilities().getDrop(), container.getName());
            assertTrue(own.getPrivileged() == null || !own.getPrivileged(), container.getName());
        }
    }

    @Test
    void theServerWritesOnlyToItsEmptyDirs() {
        Map<String, Volume> volumes = pod().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, v -> v));
        for (Container container : allContainers()) {
            for (VolumeMount mount : container.getVolumeMounts()) {
                assertTrue(volumes.containsKey(mount.getName()), container.getName() + " mounts " + mount.getName());
            }
        }
        Container server = server();
        List<String> args = server.getArgs();
        // The certificates and the journal under /data, netty-tcnative's library under /tmp, the scenarios read.
        for (String path : List.of(argument(args, "--certs"), argument(args, "--journal"), "/tmp/tcnative")) {
            VolumeMount mount = mountHolding(server, path);
            assertTrue(mount.getReadOnly() == null || !mount.getReadOnly(), path + " is writable");
            assertNotNull(volumes.get(mount.getName()).getEmptyDir(), path + " is on an emptyDir");
        }
        VolumeMount scenarios = mountHolding(server, argument(args, "--scenarios"));
        assertEquals(Boolean.TRUE, scenarios.getReadOnly(), "the server only reads its scenarios");
        assertNotNull(volumes.get(scenarios.getName()).getEmptyDir(), "the init container fills --scenarios");
        // ... which the init container writes, from the image's own folder and the ConfigMap's.
        Container init = pod().getInitContainers().stream().filter(c -> c.getVolumeMounts().stream()
                        .anyMatch(m -> m.getName().equals(scenarios.getName())))
                .findFirst().orElseThrow(() -> new AssertionError("no init container fills the scenarios"));
        Volume custom = pod().getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap volume"));
        assertEquals(configMap.getMetadata().getName(), custom.getConfigMap().getName());
        assertEquals(Boolean.TRUE, custom.getConfigMap().getOptional(), "the pod starts without the ConfigMap");
        VolumeMount customMount = init.getVolumeMounts().stream().filter(m -> m.getName().equals(custom.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("the init container does not mount the ConfigMap"));
        Matcher folders = INIT_FOLDERS.matcher(initScript());
        assertTrue(folders.find(), "the init script names its folders on one line: " + INIT_FOLDERS);
        assertEquals("/opt/tds-mock/scenarios", folders.group(1), "the init container copies the image's scenarios");
        assertEquals(customMount.getMountPath(), folders.group(2), "... and the ConfigMap's");
        assertEquals(init.getVolumeMounts().stream().filter(m -> m.getName().equals(scenarios.getName())).findFirst()
                .orElseThrow().getMountPath(), folders.group(3), "... to the server's --scenarios");
        assertTrue(Stream.concat(init.getCommand().stream(), init.getArgs().stream())
                .noneMatch(s -> s.contains("$(")), "Kubernetes would read $(...) in a command as a variable");
        assertEquals(server.getImage(), init.getImage(), "both containers run the same image");
    }

    /** The init script's folders: the image's scenarios, the ConfigMap's, and the one the server reads. */
    private static final Pattern INIT_FOLDERS = Pattern.compile("(?m)^image=(\\S+) custom=(\\S+) served=(\\S+)$");

    private static Container initContainer() {
        List<Container> init = pod().getInitContainers();
        assertEquals(1, init.size(), "one init container");
        return init.get(0);
    }

    private static String initScript() {
        Container init = initContainer();
        assertEquals(List.of("sh", "-c"), init.getCommand());
        assertEquals(1, init.getArgs().size());
        return init.getArgs().get(0);
    }

    /** The init container's script, run here on copies of its folders, for what BUILTIN_SCENARIOS can say. */
    @Test
    void theInitContainerCopiesTheChosenScenariosAndTheConfigMaps(@TempDir Path dir) throws Exception {
        List<EnvVar> env = initContainer().getEnv();
        assertEquals(List.of("BUILTIN_SCENARIOS"), env.stream().map(EnvVar::getName).toList());
        assertEquals("*", env.get(0).getValue(), "deployment.yaml serves every scenario of the image");
        // A ConfigMap volume as the kubelet lays it out: the files in ..data, a link to each.
        Path custom = Files.createDirectories(dir.resolve("custom"));
        Files.createDirectories(custom.resolve("..data"));
        for (Map.Entry<String, String> file : configMap.getData().entrySet()) {
            Files.writeString(custom.resolve("..data").resolve(file.getKey()), file.getValue());
            Files.createSymbolicLink(custom.resolve(file.getKey()), Path.of("..data", file.getKey()));
        }
        List<String> imageScenarios = new ScenarioLoader(TestServers.SCENARIOS).names();
        List<String> customScenarios = configMap.getData().keySet().stream()
                .map(f -> f.substring(0, f.length() - ".conf".length())).toList();

        List<String> all = new ArrayList<>(imageScenarios);
        all.addAll(customScenarios);
        assertEquals(sorted(all), runInitScript(dir, custom, "*"));
        List<String> chosen = new ArrayList<>(List.of("healthy", "tls10-only", "tls11-only", "tls12-only"));
        chosen.addAll(customScenarios);
        assertEquals(sorted(chosen), runInitScript(dir, custom, "healthy tls1*-only"));
        assertEquals(sorted(customScenarios), runInitScript(dir, custom, ""));
        AssertionError refused = assertThrows(AssertionError.class, () -> runInitScript(dir, custom, "healthy nope"));
        assertTrue(refused.getMessage().contains("no scenario matches 'nope'"), refused.getMessage());
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().distinct().sorted().toList();
    }

    /** The scenario names the script leaves in a new served folder; an AssertionError when it fails. */
    private static List<String> runInitScript(Path dir, Path custom, String builtinScenarios) throws Exception {
        Path served = Files.createTempDirectory(dir, "served");
        String script = INIT_FOLDERS.matcher(initScript()).replaceFirst(Matcher.quoteReplacement(
                "image='" + TestServers.SCENARIOS.toAbsolutePath() + "' custom='" + custom + "' served='" + served + "'"));
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        builder.environment().put("BUILTIN_SCENARIOS", builtinScenarios);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        if (process.exitValue() != 0) {
            throw new AssertionError("BUILTIN_SCENARIOS=\"" + builtinScenarios + "\": exit " + process.exitValue()
                    + ": " + output);
        }
        try (Stream<Path> files = Files.list(served)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            names.forEach(n -> assertTrue(n.endsWith(".conf"), n));
            for (String name : names) {
                assertFalse(Files.isSymbolicLink(served.resolve(name)), name + " is copied, not linked");
            }
            return names.stream().map(n -> n.substring(0, n.length() - ".conf".length())).sorted().toList();
        }
    }

    private static VolumeMount mountHolding(Container container, String path) {
        return container.getVolumeMounts().stream()
                .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError(path + " is on no volume of " + container.getName()));
    }

    @Test
    void theServerRunsTheImagesCommandLineButForItsScenarios() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE).replace("\\\n", " ");
        Matcher cmd = Pattern.compile("(?m)^CMD\\s+(\\[.*])\\s*$").matcher(dockerfile);
        assertTrue(cmd.find(), "docker/Dockerfile's CMD");
        List<String> image = new ArrayList<>();
        YAML.readTree(cmd.group(1)).forEach(a -> image.add(a.asString()));
        assertTrue(dockerfile.contains("COPY scenarios /opt/tds-mock/scenarios"));
        assertEquals("/opt/tds-mock/scenarios", argument(image, "--scenarios"));

        List<String> args = new ArrayList<>(server().getArgs());
        assertEquals("/scenarios", argument(args, "--scenarios"));
        args.set(args.indexOf("--scenarios") + 1, "/opt/tds-mock/scenarios");
        assertEquals(image, args, "deployment.yaml's arguments are the image's CMD but for --scenarios");
        assertTrue(args.contains("--all"));
        assertEquals("0.0.0.0", argument(args, "--host"), "every scenario is reachable through the Service");
    }

    @Test
    void oneReplicaWithResourcesSet() {
        assertEquals(1, deployment.getSpec().getReplicas(), "one pod: its CA, journal and control API");
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType());
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertTrue(server().getImage().startsWith("localhost/tds-mock:"), server().getImage());
        for (Container container : allContainers()) {
            var resources = container.getResources();
            assertNotNull(resources, container.getName());
            for (String kind : List.of("cpu", "memory")) {
                Quantity request = resources.getRequests().get(kind);
                Quantity limit = resources.getLimits().get(kind);
                assertNotNull(request, container.getName() + " requests " + kind);
                assertNotNull(limit, container.getName() + " is limited in " + kind);
                assertTrue(Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) <= 0,
                        container.getName() + ": " + kind + " request within its limit");
            }
        }
        // The server measured at about 100-120 MB: its request leaves room, its limit more.
        var memory = server().getResources();
        assertTrue(Quantity.getAmountInBytes(memory.getRequests().get("memory")).longValue() >= 200L << 20);
        for (ContainerPort port : server().getPorts()) {
            assertTrue(PORT_NAME.matcher(port.getName()).matches(), port.getName());
        }
    }
}
