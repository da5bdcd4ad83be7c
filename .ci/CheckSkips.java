import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fails the build when a test was skipped and is not on the allowlist. Reads every
 * {@code target/surefire-reports/TEST-*.xml} and {@code target/failsafe-reports/TEST-*.xml} under the project
 * root (run it after {@code mvn verify}). The allowlist has one entry a line, {@code Class#method  reason}: the
 * class by its simple or full name, the method by name (every invocation of a parameterised test) or by its
 * reported name with the invocation ({@code method(String)[2]}); the reason is required. {@code #} starts a
 * comment line.
 *
 * <p>Exit codes: 0 no skip outside the allowlist; 1 a skip that is not allowed, or no report at all;
 * 2 bad usage or an allowlist entry without its reason.
 */
public final class CheckSkips {

    private CheckSkips() {
    }

    record Skip(String className, String method, String message) {
        String simpleClass() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        /** The method name without what JUnit appends for a parameterised invocation. */
        String baseMethod() {
            int cut = method.length();
            for (char c : new char[] {'(', '[', '{'}) {
                int i = method.indexOf(c);
                if (i >= 0 && i < cut) {
                    cut = i;
                }
            }
            return method.substring(0, cut);
        }

        String name() {
            return simpleClass() + "#" + method;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 2 || (args.length > 0 && args[0].startsWith("-"))) {
            System.err.println("usage: .ci/check-skips [ALLOWLIST [PROJECT_ROOT]]"
                    + "  (default: .ci/allowed-skips.txt and the current directory)");
            System.exit(2);
        }
        Path allowlistFile = Path.of(args.length > 0 ? args[0] : ".ci/allowed-skips.txt");
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        if (!Files.isDirectory(root)) {
            fail("no project directory " + root.toAbsolutePath());
        }
        Map<String, String> allowed = readAllowlist(allowlistFile);

        List<Path> reports = reports(root);
        if (reports.isEmpty()) {
            System.err.println("check-skips: no surefire or failsafe report under " + root.toAbsolutePath()
                    + " (expected target/*-reports/TEST-*.xml: run mvn verify first)");
            System.exit(1);
        }
        int tests = 0;
        List<Skip> skips = new ArrayList<>();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder parser = factory.newDocumentBuilder();
        for (Path report : reports) {
            Document doc = parser.parse(report.toFile());
            NodeList cases = doc.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testcase = (Element) cases.item(i);
                tests++;
                Element skipped = child(testcase, "skipped");
                if (skipped != null) {
                    String message = skipped.getAttribute("message");
                    if (message.isEmpty()) {
                        message = skipped.getTextContent().strip();
                    }
                    skips.add(new Skip(testcase.getAttribute("classname"), testcase.getAttribute("name"),
                            message.isEmpty() ? "(no reason given)" : oneLine(message)));
                }
            }
        }

        List<Skip> refused = new ArrayList<>();
        for (Skip s : skips) {
            String reason = reasonFor(allowed, s);
            if (reason == null) {
                refused.add(s);
            } else {
                System.out.println("check-skips: allowed skip " + s.name() + ": " + s.message()
                        + "  (allowlist: " + reason + ")");
            }
        }
        System.out.println("check-skips: " + reports.size() + " reports, " + tests + " tests, " + skips.size()
                + " skipped, " + (skips.size() - refused.size()) + " of them on " + allowlistFile);
        if (!refused.isEmpty()) {
            System.err.println("check-skips: " + refused.size() + " test(s) skipped that are not on "
                    + allowlistFile + " (install what they need, or add 'Class#method  reason'):");
            for (Skip s : refused) {
                System.err.println("  " + s.name() + " (" + s.className() + "): " + s.message());
            }
            System.exit(1);
        }
    }

    private static String reasonFor(Map<String, String> allowed, Skip s) {
        for (String cls : List.of(s.simpleClass(), s.className())) {
            for (String method : List.of(s.method(), s.baseMethod())) {
                String reason = allowed.get(cls + "#" + method);
                if (reason != null) {
                    return reason;
                }
            }
        }
        return null;
    }

    private static Map<String, String> readAllowlist(Path file) throws IOException {
        Map<String, String> allowed = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return allowed;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (!parts[0].contains("#") || parts[0].startsWith("#") || parts[0].endsWith("#")) {
                fail(file + " line " + n + ": '" + parts[0] + "' (expected: Class#method  reason)");
            }
            if (parts.length < 2 || parts[1].isBlank()) {
                fail(file + " line " + n + ": " + parts[0] + " has no reason (expected: Class#method  reason)");
            }
            allowed.put(parts[0], parts[1].strip());
        }
        return allowed;
    }

    private static List<Path> reports(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root, 6)) {
            return walk.filter(p -> {
                Path dir = p.getParent();
                String name = p.getFileName().toString();
                return dir != null && (dir.endsWith(Path.of("target", "surefire-reports"))
                        || dir.endsWith(Path.of("target", "failsafe-reports")))
                        && name.startsWith("TEST-") && name.endsWith(".xml");
            }).filter(p -> !p.toString().contains("/.git/")).sorted().collect(Collectors.toList());
        }
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static void fail(String message) {
        System.err.println("check-skips: " + message);
        System.exit(2);
    }
}
