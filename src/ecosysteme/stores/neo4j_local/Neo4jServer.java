// Minimal local Neo4j 5.26 server (embedded DBMS + Bolt connector).
//
// Run with the Java 11+ single-file source launcher (no javac step):
//
//   java -Xmx1g --add-opens=java.base/java.nio=ALL-UNNAMED ... \
//        -cp '<lib>/*' Neo4jServer.java <dataDir> <port> [password]
//
// <dataDir>  Neo4j home directory (databases, transaction logs and Neo4j's own
//            logs are written below it).
// <port>     Bolt port, bound and advertised on 127.0.0.1 only.
// password   Prefer the NEO4J_PASSWORD environment variable (a command-line
//            argument is visible to every user through ps). Required:
//            authentication is always on; user "neo4j" gets that password.
//
// Safe by default: LOAD CSV cannot read local files (file URLs refused, imports
// confined to an empty <dataDir>/import) nor reach loopback, link-local or
// private addresses (cypher_ip_blocklist); Bolt listens on 127.0.0.1 only.
//
// Optional environment variables:
//   NEO4J_PAGECACHE     page cache size, e.g. "256m" (default), "1g".
//   NEO4J_WATCH_STDIN=1 shut down when standard input reaches end of file
//                       (lets a parent process tie the server to its lifetime).
//
// On success one line "NEO4J_READY bolt://127.0.0.1:<port>" is printed on
// stdout. SIGTERM / SIGINT (and stdin EOF when watched) trigger a clean
// shutdown through a shutdown hook. The password is never printed.

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import inet.ipaddr.IPAddressString;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public class Neo4jServer {

    private static final String HOST = "127.0.0.1";

    /** Addresses LOAD CSV may not reach: this machine, link-local and private networks. */
    private static final List<IPAddressString> BLOCKED = List.of(
            "0.0.0.0/8", "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
            "100.64.0.0/10", "::1/128", "::/128", "fc00::/7", "fe80::/10")
            .stream().map(IPAddressString::new).toList();

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: java -cp '<lib>/*' Neo4jServer.java <dataDir> <port> [password]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        int port = Integer.parseInt(args[1]);
        String password = args.length == 3 ? args[2] : System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("NEO4J_FAILED no password: set NEO4J_PASSWORD (authentication is always on)");
            System.exit(2);
        }
        long pagecache = parseBytes(envOr("NEO4J_PAGECACHE", "256m"));
        Files.createDirectories(home);
        Path imports = home.resolve("import");
        Files.createDirectories(imports);

        SocketAddress bolt = new SocketAddress(HOST, port);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, imports)
                .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist, BLOCKED)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                // no "anonymous usage data" calls home
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // each database (neo4j, system) would otherwise preallocate a 256 MB
                // transaction log: 515 MB on disk for an empty server
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(10))
                // Netty's default quiet period (5 s per event loop group) made every
                // shutdown 10 s longer than needed (internal, unsupported settings).
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                .build();

        Object lock = new Object();
        boolean[] stopped = {false};
        Thread hook = new Thread(() -> {
            synchronized (lock) {
                if (stopped[0]) {
                    return;
                }
                stopped[0] = true;
                System.out.println("NEO4J_STOPPING");
                System.out.flush();
                try {
                    dbms.shutdown();
                    System.out.println("NEO4J_STOPPED");
                } catch (Throwable t) {
                    System.err.println("NEO4J_SHUTDOWN_ERROR " + t);
                }
                System.out.flush();
            }
        }, "neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(Duration.ofMinutes(5).toMillis())) {
                throw new IllegalStateException("default database not available after 5 minutes");
            }
            setPassword(dbms, password);
        } catch (Throwable t) {
            System.err.println("NEO4J_FAILED " + t);
            t.printStackTrace();
            System.exit(1); // runs the shutdown hook
        }

        System.out.println("NEO4J_READY bolt://" + HOST + ":" + port);
        System.out.flush();

        if ("1".equals(System.getenv("NEO4J_WATCH_STDIN"))) {
            Thread watcher = new Thread(() -> {
                try {
                    InputStream in = System.in;
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // ignore input, wait for EOF
                    }
                } catch (IOException ignored) {
                    // treat as EOF
                }
                System.out.println("NEO4J_STDIN_CLOSED");
                System.exit(0);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        // Neo4j's own threads keep the JVM alive until shutdown.
        Thread.currentThread().join();
    }

    /** Sets the password of user neo4j (no-op if it already is that password). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (!(msg.contains("old password") && msg.contains("same"))) {
                // The message never contains the password itself.
                throw e;
            }
            // Same password as before: still make sure no change is required.
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static long parseBytes(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        char last = v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        return Long.parseLong(v) * mult;
    }
}
