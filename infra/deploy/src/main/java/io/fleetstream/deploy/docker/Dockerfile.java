package io.fleetstream.deploy.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A parsed Dockerfile: its instructions (continuation lines joined, comments dropped) grouped into stages. */
public record Dockerfile(String source, List<Instruction> instructions) {

    /** One instruction, e.g. keyword FROM and arguments "maven:3.9 AS build", with its first line number. */
    public record Instruction(int line, String keyword, String arguments) {
    }

    /** A build stage: the FROM instruction and everything up to the next FROM. */
    public record Stage(String image, String alias, List<Instruction> instructions) {

        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    public static Dockerfile read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dockerfile parse(String source, String text) {
        List<Instruction> instructions = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder current = null;
        int startLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            if (current == null) {
                if (line.isBlank()) {
                    continue;
                }
                current = new StringBuilder();
                startLine = i + 1;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                instructions.add(instruction(startLine, current.toString().strip()));
                current = null;
            }
        }
        if (current != null) {
            instructions.add(instruction(startLine, current.toString().strip()));
        }
        return new Dockerfile(source, instructions);
    }

    private static Instruction instruction(int line, String text) {
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String arguments = space < 0 ? "" : text.substring(space + 1).strip();
        return new Instruction(line, keyword, arguments.replaceAll("\\s+", " "));
    }

    public List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> body = null;
        String image = null;
        String alias = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                if (body != null) {
                    stages.add(new Stage(image, alias, body));
                }
                String[] words = instruction.arguments().split(" ");
                int w = 0;
                while (w < words.length && words[w].startsWith("--")) {
                    w++;
                }
                image = w < words.length ? words[w] : "";
                alias = w + 2 < words.length && words[w + 1].equalsIgnoreCase("AS") ? words[w + 2] : null;
                body = new ArrayList<>();
            } else if (body != null) {
                body.add(instruction);
            }
        }
        if (body != null) {
            stages.add(new Stage(image, alias, body));
        }
        return stages;
    }
}
