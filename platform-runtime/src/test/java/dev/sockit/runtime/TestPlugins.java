package dev.sockit.runtime;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds real PF4J plugin jars for tests: compiles Java sources with javac against a class path (PF4J's
 * annotation processor writes {@code META-INF/extensions.idx}), then packs the classes with a plugin manifest.
 */
public final class TestPlugins {

    private final String id;
    private String version = "1.0.0";
    private String requires = "";
    private String pluginClass = "";
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<Path> classpath = new ArrayList<>();

    private TestPlugins(String id) {
        this.id = id;
    }

    /** A plugin with {@code id}, compiled against the test JVM's own class and module path. */
    public static TestPlugins plugin(String id) {
        TestPlugins p = new TestPlugins(id);
        p.classpath.addAll(jvmPath());
        return p;
    }

    /** Sets Plugin-Version. */
    public TestPlugins version(String version) {
        this.version = version;
        return this;
    }

    /** Sets Plugin-Requires. */
    public TestPlugins requires(String requires) {
        this.requires = requires;
        return this;
    }

    /** Sets Plugin-Class, the plugin's {@code org.pf4j.Plugin} subclass. */
    public TestPlugins pluginClass(String className) {
        this.pluginClass = className;
        return this;
    }

    /** Adds one source file: a fully qualified class name and its text. */
    public TestPlugins source(String className, String text) {
        sources.put(className, text);
        return this;
    }

    /** Replaces the class path to compile against. */
    public TestPlugins classpath(List<Path> jars) {
        classpath.clear();
        classpath.addAll(jars);
        return this;
    }

    /** Compiles and packs the plugin as {@code dir/<id>-<version>.jar}. */
    public Path build(Path dir) {
        try {
            Path classes = Files.createTempDirectory(dir, id + "-classes");
            compile(classes);
            return pack(classes, dir.resolve(id + "-" + version + ".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compile(Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new Source(name, text)));
        String cp = String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList());
        List<String> options = List.of("-d", out.toString(), "-classpath", cp, "--release", "17",
                "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor", "-processorpath", cp);
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            Boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            if (!Boolean.TRUE.equals(ok)) {
                StringBuilder b = new StringBuilder("plugin '" + id + "' does not compile:");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    b.append('\n').append(d);
                }
                throw new IllegalStateException(b.toString());
            }
        }
    }

    private Path pack(Path classes, Path jar) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", id);
        a.putValue("Plugin-Version", version);
        a.putValue("Plugin-Provider", "sockit tests");
        if (!requires.isEmpty()) {
            a.putValue("Plugin-Requires", requires);
        }
        if (!pluginClass.isEmpty()) {
            a.putValue("Plugin-Class", pluginClass);
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Every jar and directory on the test JVM's class path and module path. */
    static List<Path> jvmPath() {
        List<Path> out = new ArrayList<>();
        for (String prop : new String[] {"java.class.path", "jdk.module.path"}) {
            String v = System.getProperty(prop);
            if (v != null) {
                for (String s : v.split(File.pathSeparator)) {
                    if (!s.isBlank()) {
                        out.add(Path.of(s));
                    }
                }
            }
        }
        return out;
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
