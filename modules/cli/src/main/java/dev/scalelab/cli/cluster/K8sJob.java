package dev.scalelab.cli.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.scalelab.core.UserInputException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Kubernetes Indexed Job for a sharded sweep, as two YAML documents: a ConfigMap holding the sweep config and
 * the Job (completions = parallelism = {@code tasks}, completionMode Indexed), whose pods each run {@code sweep
 * run --shard auto/N} (the shard from JOB_COMPLETION_INDEX) into {@code out} on the shared volume of the
 * PersistentVolumeClaim {@code claim}, mounted at {@code mount}. A pod that fails is retried (up to
 * {@code retries} times per index) and resumes its shard. The image's entrypoint is the scalelab launcher (as in
 * docker/).
 */
public record K8sJob(String name, String image, String configYaml, int tasks, int gpusPerTask, String claim,
                     String mount, String out, String namespace, int retries, List<String> runArgs) {
    private static final Pattern DNS = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final String CONFIG_DIR = "/etc/scalelab";
    static final String CONFIG_KEY = "sweep.yaml";

    public K8sJob {
        UserInputException.require(tasks >= 1, "--tasks must be at least 1, got " + tasks);
        UserInputException.require(gpusPerTask >= 0, "--gpus-per-task must be at least 1, got " + gpusPerTask);
        UserInputException.require(image != null && !image.isBlank() && !image.contains(" "),
                "--image " + image + ": not a container image reference");
        UserInputException.require(name.length() <= 52 && DNS.matcher(name).matches(), "job name " + name
                + ": needs lower-case letters, digits and '-', at most 52 characters (give --name)");
        UserInputException.require(DNS.matcher(claim).matches(), "--pvc " + claim + ": not a volume claim name");
        UserInputException.require(namespace == null || DNS.matcher(namespace).matches(),
                "--namespace " + namespace + ": not a namespace name");
        String hidden = hiddenByMount(mount);
        UserInputException.require(hidden == null, "--mount " + mount + ": would hide " + hidden
                + " in the pods; mount the volume on a folder of its own, e.g. /sweeps");
        UserInputException.require(mount.startsWith("/") && out.startsWith(mount + "/"), "--out " + out
                + ": must lie on the shared volume mounted at " + mount);
        runArgs = List.copyOf(runArgs);
    }

    /** System folders of the image, and ScaleLab's own: a volume mounted on or above one hides it. */
    private static final List<String> SYSTEM = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64",
            "/libx32", "/proc", "/root", "/run", "/sbin", "/sys", "/usr", "/var", "/opt/scalelab", CONFIG_DIR);
    /** Virtual file systems: nothing may be mounted below them either. */
    private static final List<String> VIRTUAL = List.of("/dev", "/proc", "/sys");

    /** The system folder that a volume mounted at {@code mount} would hide (or sit inside), or null. */
    static String hiddenByMount(String mount) {
        String m = java.nio.file.Path.of(mount).normalize().toString();
        if (m.equals("/")) {
            return "every system folder";
        }
        for (String s : SYSTEM) {
            if (m.equals(s) || s.startsWith(m + "/")) {
                return s;
            }
        }
        for (String v : VIRTUAL) {
            if (m.startsWith(v + "/")) {
                return v;
            }
        }
        return null;
    }

    public String render() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));
        try {
            return "# Written by scalelab sweep emit k8s: kubectl apply -f THIS_FILE\n---\n"
                    + yaml.writeValueAsString(configMap(yaml)) + "---\n" + yaml.writeValueAsString(job(yaml));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode metadata(ObjectMapper m, String objectName) {
        ObjectNode meta = m.createObjectNode();
        meta.put("name", objectName);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        meta.putObject("labels").put("app.kubernetes.io/name", "scalelab").put("scalelab/sweep", name);
        return meta;
    }

    ObjectNode configMap(ObjectMapper m) {
        ObjectNode cm = m.createObjectNode();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.set("metadata", metadata(m, name + "-config"));
        cm.putObject("data").put(CONFIG_KEY, configYaml);
        return cm;
    }

    ObjectNode job(ObjectMapper m) {
        ObjectNode job = m.createObjectNode();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        job.set("metadata", metadata(m, name));
        ObjectNode spec = job.putObject("spec");
        spec.put("completionMode", "Indexed");
        spec.put("completions", tasks);
        spec.put("parallelism", tasks);
        spec.put("backoffLimitPerIndex", retries);
        spec.put("maxFailedIndexes", tasks);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app.kubernetes.io/name", "scalelab")
                .put("scalelab/sweep", name);
        ObjectNode pod = template.putObject("spec");
        pod.put("restartPolicy", "Never");
        ArrayNode containers = pod.putArray("containers");
        ObjectNode c = containers.addObject();
        c.put("name", "shard");
        c.put("image", image);
        ArrayNode args = c.putArray("args");
        for (String a : List.of("sweep", "run", CONFIG_DIR + "/" + CONFIG_KEY, "--out", out, "--shard",
                "auto/" + tasks)) {
            args.add(a);
        }
        runArgs.forEach(args::add);
        if (gpusPerTask > 0) {
            c.putObject("resources").putObject("limits").put("nvidia.com/gpu", gpusPerTask);
        }
        ArrayNode mounts = c.putArray("volumeMounts");
        mounts.addObject().put("name", "sweep").put("mountPath", mount);
        mounts.addObject().put("name", "config").put("mountPath", CONFIG_DIR).put("readOnly", true);
        ArrayNode volumes = pod.putArray("volumes");
        volumes.addObject().put("name", "sweep").putObject("persistentVolumeClaim").put("claimName", claim);
        volumes.addObject().put("name", "config").putObject("configMap").put("name", name + "-config");
        return job;
    }
}
