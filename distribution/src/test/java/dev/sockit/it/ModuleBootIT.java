package dev.sockit.it;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distribution's lib/ as a module path: what is named, what is automatic, and that the runtime boots. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ModuleBootIT {

    /** Modules the runtime relies on; each must be an explicit (named) module, not an automatic one. */
    private static final Set<String> NAMED = Set.of("dev.sockit.api", "dev.sockit.net", "dev.sockit.contracts",
            "dev.sockit.runtime", "io.vertx.core", "org.pf4j", "com.fasterxml.jackson.databind", "com.fasterxml.jackson.dataformat.yaml",
            "org.yaml.snakeyaml", "org.apache.logging.log4j", "org.apache.logging.log4j.core", "info.picocli",
            "org.slf4j", "io.netty.transport", "io.netty.transport.classes.epoll", "io.netty.codec");

    /** The only automatic module, as docs/architecture.md states: PF4J's semver library ships no module-info. */
    private static final Set<String> AUTOMATIC = Set.of("com.github.zafarkhaja.semver");

    @TempDir
    Path work;

    @Test
    void lib_is_a_module_path_of_named_modules_but_the_documented_automatic_one() {
        Dist dist = Dist.unpack(work);
        Map<String, ModuleDescriptor> modules = ModuleFinder.of(dist.lib()).findAll().stream()
                .map(ModuleReference::descriptor)
                .collect(Collectors.toMap(ModuleDescriptor::name, Function.identity()));
        for (String name : NAMED) {
            assertTrue(modules.containsKey(name), name + " missing from lib/: " + new TreeSet<>(modules.keySet()));
            assertFalse(modules.get(name).isAutomatic(), name + " must be a named module");
        }
        Set<String> automatic = modules.values().stream().filter(ModuleDescriptor::isAutomatic)
                .map(ModuleDescriptor::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(AUTOMATIC, automatic);
    }

    @Test
    void the_runtime_module_resolves_with_everything_it_requires() {
        Dist dist = Dist.unpack(work);
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(dist.lib()), ModuleFinder.of(), Set.of("dev.sockit.runtime"));
        Set<String> resolved = cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
        for (String name : Set.of("dev.sockit.api", "io.vertx.core", "org.pf4j", "info.picocli",
                "org.apache.logging.log4j.core", "com.fasterxml.jackson.dataformat.yaml")) {
            assertTrue(resolved.contains(name), name + " not resolved: " + resolved);
        }
    }

    @Test
    void the_launcher_boots_the_runtime_as_a_named_module() throws Exception {
        Dist dist = Dist.unpack(work);
        Dist.Launched run = dist.run("version");
        assertEquals(0, run.process().exitValue(), run.stderr());
        assertTrue(run.stdout().contains("module dev.sockit.runtime (named)"), run.stdout());
    }

    @Test
    void cds_writes_a_class_data_archive_that_later_runs_map() throws Exception {
        Dist dist = Dist.unpack(work);
        Dist.Launched cds = dist.run("cds", "--output", "json");
        assertEquals(0, cds.process().exitValue(), cds.stderr());
        String archive = new JsonObject(cds.stdout().strip()).getJsonArray("artifacts").getString(0);
        assertTrue(Files.size(Path.of(archive)) > 1_000_000, archive);
        // -Xshare:on makes the JVM fail rather than start without the archive.
        Dist.Launched run = dist.run(Map.of("SOCKIT_JAVA_OPTS", "-Xshare:on"), "version");
        assertEquals(0, run.process().exitValue(), run.stderr());
    }
}
