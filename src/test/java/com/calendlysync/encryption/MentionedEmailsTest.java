package com.calendlysync.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The emails a delivery body mentions (the subject lookups of a sealed body), against the pattern they follow. */
@Tag("fast")
class MentionedEmailsTest {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private static Set<String> byPattern(String text, int most) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = EMAIL.matcher(text);
        while (m.find() && found.size() < most) {
            found.add(m.group().toLowerCase(Locale.ROOT));
        }
        return found;
    }

    @Test
    void findsEveryPersonInTheSamples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/calendly-samples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String body = Files.readString(file, StandardCharsets.UTF_8);
                assertEquals(byPattern(body, 50), MentionedEmails.in(body, 50), file.toString());
            }
        }
        String created = Files.readString(Path.of("src/test/resources/calendly-samples/webhook-invitee-created.json"));
        assertEquals(true, MentionedEmails.in(created, 50).contains("jordan.ellis@example.com"));
    }

    @Test
    void edgesOfAnAddress() {
        assertEquals(List.of("jordan.o'neil+x@mail.example.co.uk"),
                List.copyOf(MentionedEmails.in("{\"email\":\"Jordan.O'Neil+x@Mail.Example.co.uk.\"}", 50)));
        assertEquals(List.of("y@z.com", "c@d.org"), List.copyOf(MentionedEmails.in("x@y@z.com a@b c@d.org @e.com f@.com", 50)));
        assertEquals(List.of(), List.copyOf(MentionedEmails.in("no one@here, a@b..c, é@x.com is not ascii", 50)));
        assertEquals(2, MentionedEmails.in("a@b.co a@b.co A@B.CO c@d.co e@f.co", 2).size(), "at most what was asked");
    }

    @Test
    void agreesWithThePatternOnRandomText() {
        Random random = new Random(20261130);
        String alphabet = "ab.@-_+'%cZ9 .@\"é,x";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertEquals(byPattern(text.toString(), 5), MentionedEmails.in(text.toString(), 5), "in: " + text);
        }
    }
}
