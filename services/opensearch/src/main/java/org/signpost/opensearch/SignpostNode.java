package org.signpost.opensearch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.opensearch.Version;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * A single-node OpenSearch for development and CI, started inside this JVM from the server and module jars that
 * OpenSearch publishes to Maven Central (there is no distribution tarball here).
 *
 * <p>The node is a subclass of {@link Node} whose constructor hands the module classes (HTTP transport, analysis,
 * painless, ...) over as classpath plugins, which is what a distribution does by loading them from its
 * {@code modules/} folder. The OpenSearch bootstrap (security manager, bootstrap checks, keystore) is not used:
 * the node listens on loopback only.
 *
 * <pre>
 * java -Xms512m -Xmx1g -cp 'target/classes:target/lib/*' org.signpost.opensearch.SignpostNode \
 *     --home /tmp/os-home [--http-port 9200] [--transport-port 9300] [--node-name signpost-dev-1] [-Ekey=value ...]
 * </pre>
 *
 * Ports fall back to the environment variables OPENSEARCH_PORT and OPENSEARCH_TRANSPORT_PORT, then to 9200/9300.
 * The home folder falls back to OPENSEARCH_NODE_HOME, then to a new temporary folder. Data lives in
 * {@code <home>/data}. SIGTERM/SIGINT close the node cleanly.
 */
public final class SignpostNode {

    /**
     * Module classes loaded as classpath plugins. A class missing from the classpath is skipped with a warning, so
     * the list can name optional modules; the first entry (HTTP transport) is required.
     */
    private static final String[] MODULES = {
        "org.opensearch.transport.Netty4Plugin",              // transport-netty4-client: HTTP + transport layer
        "org.opensearch.analysis.common.CommonAnalysisPlugin", // analysis-common: edge_ngram, synonym_graph, ...
        "org.opensearch.painless.PainlessPlugin",              // lang-painless: scripts
        "org.opensearch.index.mapper.MapperExtrasPlugin",      // mapper-extras-client: search_as_you_type, rank_feature, scaled_float
        "org.opensearch.index.reindex.ReindexPlugin",          // reindex-client: _reindex, _update_by_query, _delete_by_query
        "org.opensearch.join.ParentJoinPlugin",                // parent-join-client: join field
        "org.opensearch.geo.GeoModulePlugin",                  // geo: geohash_grid, geotile_grid, geo_bounds aggregations
        "org.opensearch.script.mustache.MustachePlugin",       // lang-mustache-client: search templates
    };

    /** The node: only the constructor differs from a distribution's node. */
    static final class ClasspathPluginNode extends Node {
        ClasspathPluginNode(Environment environment, List<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    private static final String LOG4J2_PROPERTIES = String.join("\n",
        "status = error",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n",
        "rootLogger.level = info",
        "rootLogger.appenderRef.console.ref = console",
        "logger.deprecation.name = org.opensearch.deprecation",
        "logger.deprecation.level = warn",
        "");

    private SignpostNode() {}

    public static void main(String[] args) throws Exception {
        // The log4j shutdown hook would stop logging before our own hook has closed the node.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        System.setProperty("log4j2.disable.jmx", "true");

        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("-E") && arg.contains("=")) {
                String kv = arg.substring(2);
                extra.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            } else if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                usage("unexpected argument: " + arg);
            }
        }
        for (String key : options.keySet()) {
            if (!List.of("home", "http-port", "transport-port", "node-name", "cluster-name").contains(key)) {
                usage("unknown option: --" + key);
            }
        }

        String homeOption = firstNonEmpty(options.get("home"), System.getenv("OPENSEARCH_NODE_HOME"));
        Path home = homeOption != null ? Paths.get(homeOption) : Files.createTempDirectory("signpost-opensearch-");
        home = home.toAbsolutePath().normalize();
        String httpPort = firstNonEmpty(options.get("http-port"), System.getenv("OPENSEARCH_PORT"), "9200");
        String transportPort = firstNonEmpty(options.get("transport-port"), System.getenv("OPENSEARCH_TRANSPORT_PORT"), "9300");
        String nodeName = firstNonEmpty(options.get("node-name"), "signpost-dev-1");
        String clusterName = firstNonEmpty(options.get("cluster-name"), "signpost-dev");

        Path config = home.resolve("config");
        for (String dir : new String[] {"config", "data", "logs", "modules", "plugins"}) {
            Files.createDirectories(home.resolve(dir));
        }
        Files.write(config.resolve("log4j2.properties"), LOG4J2_PROPERTIES.getBytes(StandardCharsets.UTF_8));

        Settings.Builder builder = Settings.builder()
            .put("cluster.name", clusterName)
            .put("node.name", nodeName)
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            // A development node on a shared CI disk: never flip indices to read-only because the disk is nearly full.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // Keep the footprint small: no swapping lock, fewer background jobs.
            .put("bootstrap.memory_lock", false)
            .put("cluster.info.update.interval", "1m")
            // Local use only: let tests delete indices by wildcard.
            .put("action.destructive_requires_name", false);
        extra.forEach(builder::put);

        String finalNodeName = nodeName;
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            builder.build(), Collections.emptyMap(), config, () -> finalNodeName);
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(nodeName);
        LogConfigurator.configure(environment);

        List<Class<? extends Plugin>> plugins = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        for (int i = 0; i < MODULES.length; i++) {
            try {
                plugins.add(Class.forName(MODULES[i]).asSubclass(Plugin.class));
                loaded.add(MODULES[i].substring(MODULES[i].lastIndexOf('.') + 1));
            } catch (ClassNotFoundException e) {
                if (i == 0) {
                    throw new IllegalStateException("HTTP transport module missing from the classpath: " + MODULES[i], e);
                }
                LogManager.getLogger(SignpostNode.class).warn("module {} not on the classpath, skipped", MODULES[i]);
            }
        }

        Node node = new ClasspathPluginNode(environment, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                LogManager.getLogger(SignpostNode.class).info("shutting down");
                node.close();
                if (!node.awaitClose(30, TimeUnit.SECONDS)) {
                    System.err.println("node did not close within 30s");
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
                Configurator.shutdown((LoggerContext) LogManager.getContext(false));
            }
        }, "signpost-node-shutdown"));

        try {
            node.start();
        } catch (Exception e) {
            LogManager.getLogger(SignpostNode.class).error("node failed to start", e);
            System.exit(1);
        }
        LogManager.getLogger(SignpostNode.class).info(
            "OpenSearch {} started: http://127.0.0.1:{} home={} modules={}", Version.CURRENT, httpPort, home, loaded);

        // Node threads are daemon threads in places: keep the JVM alive until the shutdown hook has run.
        stopped.await();
    }

    private static String firstNonEmpty(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: SignpostNode [--home DIR] [--http-port N] [--transport-port N] [--node-name NAME]"
            + " [--cluster-name NAME] [-Ekey=value ...]");
        System.exit(2);
    }
}
