package dev.sockit.runtime;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditLog;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The socket audit log as JSON lines, one event per line:
 * {@code {"ts":"…","op":"accept","process":"echo","protocol":"tcp","connection":3,"local":"…","remote":"…"}}.
 * Callers only enqueue (never blocking an event loop); one daemon thread writes. Every string is JSON-escaped,
 * so bytes from the network (CR, LF, ESC) can neither split nor forge a line. When the queue is full the
 * event is counted as dropped and the count is written as an {@code audit_dropped} line once there is room.
 * When the file cannot be written (a full disk), the log stops, drops what is queued and what comes later, and
 * tells its owner once, who decides whether the runtime goes on ({@code runtime.audit.onFailure}).
 */
final class JsonLinesAuditLog implements AuditLog, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(JsonLinesAuditLog.class);
    private static final int QUEUE_CAPACITY = 65_536;
    private static final int BATCH = 512;

    private final Path file;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final JsonGenerator json;
    private final Thread writer;
    private final Consumer<IOException> onFailure;
    private volatile boolean closing;
    private volatile boolean failed;

    private record Entry(Instant at, AuditEvent event) {
    }

    /** Opens (appending) {@code file}, creating its directory, and starts the writer thread. */
    JsonLinesAuditLog(Path file) throws IOException {
        this(file, e -> LOG.error("Audit log '{}' cannot be written ({}): socket operations are no longer audited",
                file, e.getMessage()));
    }

    /**
     * Opens (appending) {@code file}, creating its directory, and starts the writer thread; {@code onFailure} is
     * called once, on the writer thread, when the file cannot be written.
     */
    JsonLinesAuditLog(Path file, Consumer<IOException> onFailure) throws IOException {
        this.file = file;
        this.onFailure = onFailure;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        JsonFactory factory = JsonFactory.builder().build();
        this.json = factory.createGenerator(out, JsonEncoding.UTF8);
        this.json.setRootValueSeparator(null);
        this.writer = new Thread(this::drain, "sockit-audit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** The file written to. */
    Path file() {
        return file;
    }

    /** Whether the file could not be written: nothing is audited since. */
    boolean failed() {
        return failed;
    }

    @Override
    public void record(AuditEvent event) {
        record(Instant.now(), event);
    }

    @Override
    public void record(Instant at, AuditEvent event) {
        if (failed) {
            return;
        }
        if (closing || !queue.offer(new Entry(at, event))) {
            dropped.incrementAndGet();
        }
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(BATCH);
        try {
            while (!closing || !queue.isEmpty()) {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (Entry e : batch) {
                    write(e);
                }
                batch.clear();
                writeDropped();
                json.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failed = true;
            queue.clear();
            onFailure.accept(e);
        }
    }

    private void write(Entry e) throws IOException {
        AuditEvent ev = e.event();
        json.writeStartObject();
        json.writeStringField("ts", e.at().toString());
        json.writeStringField("op", ev.op().json());
        json.writeStringField("process", ev.process());
        if (ev.protocol() != null) {
            json.writeStringField("protocol", ev.protocol().json());
        }
        if (ev.connectionId() != 0) {
            json.writeNumberField("connection", ev.connectionId());
        }
        if (!ev.local().isEmpty()) {
            json.writeStringField("local", ev.local());
        }
        if (!ev.remote().isEmpty()) {
            json.writeStringField("remote", ev.remote());
        }
        if (!ev.detail().isEmpty()) {
            json.writeStringField("detail", ev.detail());
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void writeDropped() throws IOException {
        long n = dropped.getAndSet(0);
        if (n > 0) {
            json.writeStartObject();
            json.writeStringField("ts", Instant.now().toString());
            json.writeStringField("op", "audit_dropped");
            json.writeNumberField("count", n);
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
            json.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!failed) {
                LOG.error("Audit log '{}' could not be closed cleanly: {}", file, e.getMessage());
            }
        }
    }
}
