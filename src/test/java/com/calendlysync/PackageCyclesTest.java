package com.calendlysync;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No package of the app depends on itself through others: the compiled classes (target/classes)
 * are read as the JVM sees them, every class a class file names (in its constant pool: classes,
 * field and method types, signatures) counts, and a cycle fails with the classes that make it.
 * A cycle is broken by moving a type to the package that owns its concept, or by an interface in
 * the lower package.
 */
@Tag("fast")
class PackageCyclesTest {

    /** A class this app names, in a class file: com/calendlysync[/package...]/Class. */
    private static final Pattern APP_CLASS = Pattern.compile("com/calendlysync((?:/[a-z_][a-z0-9_]*)*)/[A-Z_$][A-Za-z0-9_$]*");

    @Test
    void theAppsPackagesFormNoCycle() throws Exception {
        Map<String, Map<String, Set<String>>> dependencies = dependencies(classesFolder());
        assertTrue(dependencies.size() > 10, "read the app's packages: " + dependencies.keySet());
        List<Set<String>> cycles = cycles(dependencies);
        assertTrue(cycles.isEmpty(), () -> describe(cycles, dependencies));
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        edge(graph, "a", "b", "a.One -> b.Two");
        edge(graph, "b", "c", "b.Two -> c.Three");
        edge(graph, "c", "a", "c.Three -> a.One");
        edge(graph, "c", "d", "c.Three -> d.Four");
        List<Set<String>> cycles = cycles(graph);
        assertEquals(List.of(Set.of("a", "b", "c")), cycles);
        assertTrue(describe(cycles, graph).contains("c.Three -> a.One"));
        edge(graph, "d", "e", "d.Four -> e.Five");
        assertEquals(1, cycles(graph).size());
        Map<String, Map<String, Set<String>>> acyclic = new TreeMap<>();
        edge(acyclic, "x", "y", "x.X -> y.Y");
        assertFalse(cycles(acyclic).iterator().hasNext());
    }

    private static void edge(Map<String, Map<String, Set<String>>> graph, String from, String to, String because) {
        graph.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>()).add(because);
    }

    private static Path classesFolder() throws URISyntaxException {
        Path folder = Path.of(CalendlySyncApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(folder), "the app's classes are a folder (target/classes), not " + folder);
        return folder;
    }

    /** package -> package it uses -> "Class -> OtherClass" lines that say why. */
    private static Map<String, Map<String, Set<String>>> dependencies(Path root) throws IOException {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(root)) {
            classFiles = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        for (Path file : classFiles) {
            String className = root.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", "");
            String from = packageOf(className);
            if (from == null) {
                continue;
            }
            graph.computeIfAbsent(from, k -> new TreeMap<>());
            for (String used : namedClasses(file)) {
                String to = packageOf(used);
                if (to != null && !to.equals(from)) {
                    edge(graph, from, to, className.replace('/', '.') + " -> " + used.replace('/', '.'));
                }
            }
        }
        return graph;
    }

    private static String packageOf(String internalName) {
        Matcher m = APP_CLASS.matcher(internalName);
        if (!m.matches()) {
            return null;
        }
        return "com.calendlysync" + m.group(1).replace('/', '.');
    }

    /** Every app class the class file's constant pool names (class entries, descriptors, signatures). */
    private static Set<String> namedClasses(Path classFile) throws IOException {
        Set<String> names = new HashSet<>();
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            data.readUnsignedShort();
            data.readUnsignedShort();
            int count = data.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        Matcher m = APP_CLASS.matcher(data.readUTF());
                        while (m.find()) {
                            names.add(m.group());
                        }
                    }
                    case 7, 8, 16, 19, 20 -> data.skipBytes(2);
                    case 15 -> data.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                    case 5, 6 -> {
                        data.skipBytes(8);
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        }
        return names;
    }

    /** The strongly connected groups of more than one package (Tarjan), each a cycle or several. */
    static List<Set<String>> cycles(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> groups = new ArrayList<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, groups);
            }
        }
        return groups;
    }

    private static void connect(String node, Map<String, Map<String, Set<String>>> graph,
                                Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                                Set<String> onStack, List<Set<String>> groups) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Map.of()).keySet())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, groups);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(node));
            if (group.size() > 1) {
                groups.add(group);
            }
        }
    }

    private static String describe(List<Set<String>> cycles, Map<String, Map<String, Set<String>>> graph) {
        StringBuilder text = new StringBuilder("packages that depend on each other:");
        for (Set<String> group : cycles) {
            text.append("\n  cycle among ").append(group);
            for (String from : group) {
                for (Map.Entry<String, Set<String>> to : graph.getOrDefault(from, Map.of()).entrySet()) {
                    if (group.contains(to.getKey())) {
                        text.append("\n    ").append(from).append(" -> ").append(to.getKey()).append(": ")
                                .append(to.getValue().stream().limit(5).collect(Collectors.joining("; ")));
                    }
                }
            }
        }
        return text.toString();
    }
}
