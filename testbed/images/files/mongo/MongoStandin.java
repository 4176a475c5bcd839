// EMULATION, not MongoDB: the server behind the testbed's mongo:* images. mongo-java-server (de.bwaldvogel, Maven
// Central) speaks the MongoDB wire protocol; its H2 backend keeps the data in one MVStore file in the data dir, so
// the data survives restarts and lives where the real mongod keeps it (/data/db). H2MongoServer's own main binds
// to localhost only, hence this small launcher.
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;

public final class MongoStandin {
    public static void main(String[] args) throws Exception {
        Path dbpath = Path.of(args.length > 0 ? args[0] : "/data/db");
        String bind = args.length > 1 ? args[1] : "0.0.0.0";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 27017;
        Files.createDirectories(dbpath);
        H2Backend backend = new H2Backend(dbpath.resolve("mongo-java-server.mv").toString());
        MongoServer server = new MongoServer(backend);
        server.bind(bind, port);
        // docker stop sends SIGTERM: close the store cleanly so the last writes are on disk.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("EMULATION mongod: shutting down");
            server.shutdown();
            // Exit 0 as mongod does after a clean shutdown (the JVM would report 143 for SIGTERM).
            Runtime.getRuntime().halt(0);
        }));
        System.out.println("EMULATION mongod (mongo-java-server, H2 backend " + dbpath + "): Waiting for connections on "
                + bind + ":" + port);
        Thread.currentThread().join();
    }
}
