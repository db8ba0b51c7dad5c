package org.cellbook.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.cellbook.core.BadInputException;
import org.cellbook.kernel.channel.LowLatencyConnection;

/** Starts a kernel on a Jupyter connection file and blocks until it is shut down. */
public final class KernelLauncher {
    private KernelLauncher() { }

    /**
     * @param baseChannels use the base library's sleep-polling shell channels (for benchmarks only)
     */
    public static void run(Path connectionFile, Map<String, String> env, boolean baseChannels) throws Exception {
        System.setProperty("java.awt.headless", "true");
        quietLogging();
        String json;
        try {
            json = Files.readString(connectionFile);
        } catch (NoSuchFileException e) {
            throw BadInputException.file(connectionFile, "connection file not found", "Jupyter passes it as {connection_file}");
        } catch (IOException e) {
            throw BadInputException.file(connectionFile, "cannot read the connection file: " + e.getMessage(), null);
        }
        KernelConnectionProperties props;
        try {
            props = KernelConnectionProperties.parse(json);
        } catch (RuntimeException e) {
            throw BadInputException.file(connectionFile, "not a Jupyter connection file: " + e.getMessage(), null);
        }
        CellbookKernel kernel = new CellbookKernel(KernelSettings.fromEnvironment(env));
        JupyterConnection connection = baseChannels ? new JupyterConnection(props) : new LowLatencyConnection(props);
        kernel.becomeHandlerForConnection(connection);
        kernel.captureStandardStreams();
        connection.connect();
        connection.waitUntilClose();
        kernel.close();
    }

    /** The base library logs every message at INFO to stderr; keep only warnings. */
    private static void quietLogging() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (var h : root.getHandlers()) {
            h.setLevel(Level.WARNING);
        }
    }
}
