package io.leakresponder.dashboard;

import io.leakresponder.credential.CredentialKind;
import io.quarkus.qute.RawString;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Document;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * The runbooks under {@code runbooks/} (on the classpath), split at their {@code ##} headings into one section
 * per response step and rendered once. Raw HTML in the Markdown is escaped; links keep only http(s) and relative
 * targets, links between sections point at the step that shows them, and links to other files become text.
 */
@ApplicationScoped
public class Runbooks {

    /** Heading ids get a prefix so that they never collide with the page's own element ids. */
    static final String ID_PREFIX = "rb-";

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
            .sanitizeUrls(true).urlSanitizer(new UrlSanitizer() {
                @Override
                public String sanitizeLinkUrl(String url) {
                    return allowed(url) ? url : "";
                }

                @Override
                public String sanitizeImageUrl(String url) {
                    return ""; // images were turned into their text already
                }
            })
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (node instanceof Heading h) {
                    attributes.put("id", ID_PREFIX + slug(text(h)));
                }
            }).build();
    private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();

    private final Map<String, Runbook> cache = new ConcurrentHashMap<>();

    /** One runbook: the rendered section of each step that it covers. */
    public record Runbook(String file, Map<RunbookStep, String> sections) {

        /**
         * The step's section as safe HTML (empty when the runbook has none); links to other steps' sections are
         * made absolute against the page that shows them.
         */
        public RawString html(RunbookStep step, String pageUrl) {
            return new RawString(
                    sections.getOrDefault(step, "").replace("href=\"?step=", "href=\"" + pageUrl + "?step="));
        }
    }

    /** The runbook for a credential kind: API keys have their own, everything else follows the Auth Token one. */
    public Runbook forKind(CredentialKind kind) {
        String file = kind.runbook().substring("runbooks/".length());
        return cache.computeIfAbsent(file, f -> parse(f, read(f)));
    }

    private static String read(String file) {
        try (InputStream in = Runbooks.class.getClassLoader().getResourceAsStream("runbooks/" + file)) {
            if (in == null) {
                throw new IllegalStateException("runbook " + file + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits Markdown at its level-2 headings and renders the sections that steps show. */
    static Runbook parse(String file, String markdown) {
        Node document = PARSER.parse(markdown);
        // Which section each heading (and so each anchor) belongs to.
        Map<String, String> sectionOfAnchor = new HashMap<>();
        Map<String, List<Node>> sections = new HashMap<>();
        String current = null;
        List<Node> top = new ArrayList<>();
        for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
            top.add(n);
        }
        for (Node n : top) {
            if (n instanceof Heading h && h.getLevel() <= 2) {
                current = h.getLevel() == 2 ? text(h) : null;
            }
            if (current == null) {
                continue;
            }
            if (n instanceof Heading h) {
                sectionOfAnchor.put(slug(text(h)), current);
            }
            sections.computeIfAbsent(current, k -> new ArrayList<>()).add(n);
        }
        Map<String, RunbookStep> stepOfSection = new HashMap<>();
        for (RunbookStep s : RunbookStep.values()) {
            stepOfSection.put(s.section(), s);
        }
        Map<RunbookStep, String> rendered = new EnumMap<>(RunbookStep.class);
        for (RunbookStep step : RunbookStep.values()) {
            List<Node> nodes = sections.get(step.section());
            if (nodes == null) {
                continue;
            }
            Document part = new Document();
            for (Node n : nodes) {
                n.unlink();
                part.appendChild(n);
            }
            fixLinks(part, step, sectionOfAnchor, stepOfSection);
            rendered.put(step, HTML.render(part));
        }
        return new Runbook(file, Map.copyOf(rendered));
    }

    /** Points anchors at the step showing their section; unsafe links and links to other files become text. */
    private static void fixLinks(Node part, RunbookStep step, Map<String, String> sectionOfAnchor,
            Map<String, RunbookStep> stepOfSection) {
        List<Node> links = new ArrayList<>();
        part.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                links.add(link);
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                links.add(image);
            }
        });
        for (Node n : links) {
            String destination = n instanceof Link l ? l.getDestination() : ((Image) n).getDestination();
            String target = target(destination, step, sectionOfAnchor, stepOfSection);
            if (target == null || n instanceof Image) {
                unwrap(n);
            } else {
                ((Link) n).setDestination(target);
            }
        }
    }

    private static String target(String destination, RunbookStep step, Map<String, String> sectionOfAnchor,
            Map<String, RunbookStep> stepOfSection) {
        if (destination == null || !allowed(destination)) {
            return null;
        }
        if (destination.startsWith("#")) {
            String anchor = destination.substring(1);
            RunbookStep shownBy = stepOfSection.get(sectionOfAnchor.get(anchor));
            if (shownBy == null) {
                return null; // a section no step shows
            }
            return shownBy == step ? "#" + ID_PREFIX + anchor : "?step=" + shownBy.id() + "#" + ID_PREFIX + anchor;
        }
        if (!hasScheme(destination)) {
            return null; // another runbook file: the dashboard does not serve it
        }
        return destination;
    }

    /** Replaces a link or image by its text. */
    private static void unwrap(Node n) {
        Node child = n.getFirstChild();
        while (child != null) {
            Node next = child.getNext();
            n.insertBefore(child);
            child = next;
        }
        n.unlink();
    }

    /** Only http(s) and relative targets (not protocol-relative ones); browsers ignore blanks inside schemes. */
    static boolean allowed(String url) {
        StringBuilder b = new StringBuilder();
        for (char c : url.toCharArray()) {
            if (c > ' ') {
                b.append(c);
            }
        }
        String u = b.toString().toLowerCase(Locale.ROOT);
        if (u.startsWith("//") || u.startsWith("\\\\") || u.startsWith("/\\")) {
            return false;
        }
        if (!hasScheme(u)) {
            return true;
        }
        return u.startsWith("http:") || u.startsWith("https:");
    }

    private static boolean hasScheme(String url) {
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        int end = url.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return colon < end;
    }

    private static String text(Node node) {
        return TEXT.render(node).trim();
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        StringBuilder b = new StringBuilder();
        for (char c : heading.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                b.append(c);
            } else if (c == ' ') {
                b.append('-');
            }
        }
        return b.toString();
    }
}
