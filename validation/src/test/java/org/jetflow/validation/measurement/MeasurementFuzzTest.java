package org.jetflow.validation.measurement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jetflow.io.file.JetFileException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged measurement inputs, as io-root's {@code ReaderFuzzTest} damages jet files: records
 * (YODA, gzipped YODA, HEPData YAML) and descriptions, each loaded with a valid partner
 * ({@link Measurement#load}), either load or fail with one {@link JetFileException} whose message
 * starts with the damaged file or its partner, names a line and is one printable line — never
 * another exception, an error or a hang.
 *
 * <p>Mutations, from a fixed seed: truncation at a random byte; 1–8 bit flips; a run of 1–64 random
 * bytes; a number replaced by a wrong one (not a number, NaN, infinite, negative, empty); a line
 * deleted (missing fields, missing points); two lines swapped (bins out of order); the file
 * emptied. A gzipped record is damaged either in its compressed bytes or in its text before
 * compression.
 *
 * <p>System properties: {@code jetflow.fuzz.mutants} (per input, default 300) and
 * {@code jetflow.fuzz.seed} (default 1), as {@code ReaderFuzzTest}.
 */
class MeasurementFuzzTest {
    private static final int MUTANTS = Integer.getInteger("jetflow.fuzz.mutants", 300);
    private static final long SEED = Long.getLong("jetflow.fuzz.seed", 1);
    private static final int TIMEOUT_SECONDS = 10;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final String[] WRONG_NUMBERS = {"nan", "NaN", "inf", "-inf", "1e999", "-1e400", "-3", "0", "", "1.2.3",
        "x", "0x10", "--1", "1e", "\"7\""};

    @TempDir
    static Path tmp;

    private static Path hepData;
    private static Path hepDataDescription;

    /** The inputs damaged, each with the valid file it is loaded with. */
    enum Input {
        YODA, YODA_GZ, HEPDATA, DESCRIPTION
    }

    @BeforeAll
    static void fixtures() throws IOException {
        hepData = Files.writeString(tmp.resolve("HEPData-ins1208923-v1-Table_8.yaml"), MeasurementInputsTest.TABLE);
        hepDataDescription = Files.writeString(tmp.resolve("table8.json"), MeasurementInputsTest.TABLE_DESCRIPTION);
    }

    /** One damaged file: its bytes and what was done. */
    private record Mutant(byte[] bytes, String description) {
    }

    private static Mutant mutate(byte[] original, SplittableRandom r) {
        byte[] b = original.clone();
        int len = b.length;
        switch (r.nextInt(7)) {
            case 0 -> {
                int cut = r.nextInt(len);
                return new Mutant(Arrays.copyOf(b, cut), "truncated at byte " + cut);
            }
            case 1 -> {
                int k = 1 + r.nextInt(8);
                StringBuilder d = new StringBuilder("bit flips (byte.bit):");
                for (int i = 0; i < k; i++) {
                    int at = r.nextInt(len);
                    int bit = r.nextInt(8);
                    b[at] ^= (byte) (1 << bit);
                    d.append(' ').append(at).append('.').append(bit);
                }
                return new Mutant(b, d.toString());
            }
            case 2 -> {
                int n = Math.min(len, 1 + r.nextInt(64));
                int at = r.nextInt(len - n + 1);
                for (int i = 0; i < n; i++) {
                    b[at + i] = (byte) r.nextInt(256);
                }
                return new Mutant(b, "overwrote " + n + " bytes at byte " + at);
            }
            case 3 -> {
                String text = new String(original, StandardCharsets.UTF_8);
                List<int[]> spans = new ArrayList<>();
                Matcher m = NUMBER.matcher(text);
                while (m.find()) {
                    spans.add(new int[] {m.start(), m.end()});
                }
                int[] s = spans.get(r.nextInt(spans.size()));
                String wrong = WRONG_NUMBERS[r.nextInt(WRONG_NUMBERS.length)];
                return new Mutant((text.substring(0, s[0]) + wrong + text.substring(s[1])).getBytes(StandardCharsets.UTF_8),
                        "number '" + text.substring(s[0], s[1]) + "' at char " + s[0] + " replaced by '" + wrong + "'");
            }
            case 4, 5 -> {
                List<String> lines = new ArrayList<>(List.of(new String(original, StandardCharsets.UTF_8).split("\n", -1)));
                int a = r.nextInt(lines.size());
                if (lines.size() < 2 || r.nextBoolean()) {
                    lines.remove(a);
                    return new Mutant(String.join("\n", lines).getBytes(StandardCharsets.UTF_8), "line " + (a + 1) + " deleted");
                }
                int c = r.nextInt(lines.size());
                String t = lines.get(a);
                lines.set(a, lines.get(c));
                lines.set(c, t);
                return new Mutant(String.join("\n", lines).getBytes(StandardCharsets.UTF_8), "lines " + (a + 1) + " and "
                        + (c + 1) + " swapped");
            }
            default -> {
                return new Mutant(new byte[0], "emptied");
            }
        }
    }

    /** The valid file of an input, the file it is loaded with, and how a mutant is named. */
    private static Path original(Input in) {
        return switch (in) {
            case YODA, YODA_GZ -> MeasurementInputsTest.RECORD;
            case HEPDATA -> hepData;
            case DESCRIPTION -> MeasurementInputsTest.DESCRIPTION;
        };
    }

    private static Path partner(Input in) {
        return switch (in) {
            case YODA, YODA_GZ -> MeasurementInputsTest.DESCRIPTION;
            case HEPDATA -> hepDataDescription;
            case DESCRIPTION -> MeasurementInputsTest.RECORD;
        };
    }

    private static void load(Input in, Path mutant) {
        if (in == Input.DESCRIPTION) {
            Measurement.load(List.of(partner(in)), mutant);
        } else {
            Measurement.load(List.of(mutant), partner(in));
        }
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void damagedInputsLoadOrFailWithOneLineNamingFileAndLine(Input in) throws Exception {
        byte[] original = Files.readAllBytes(original(in));
        String name = original(in).getFileName().toString() + (in == Input.YODA_GZ ? ".gz" : "");
        Path dir = Files.createDirectories(tmp.resolve(in.name().toLowerCase(Locale.ROOT)));
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-measurement");
            t.setDaemon(true);
            return t;
        });
        List<String> failures = new ArrayList<>();
        int loaded = 0;
        int clean = 0;
        try {
            load(in, in == Input.YODA_GZ ? MeasurementInputsTest.gzip(original, dir.resolve("valid-" + name))
                    : original(in));
            for (int i = 0; i < MUTANTS; i++) {
                SplittableRandom r = new SplittableRandom(SEED * 0x9E3779B97F4A7C15L + in.ordinal() * 0xBF58476D1CE4E5B9L + i);
                Path p = dir.resolve("m" + i + "-" + name);
                Mutant m;
                if (in == Input.YODA_GZ && r.nextBoolean()) {
                    byte[] gz = Files.readAllBytes(MeasurementInputsTest.gzip(original, p));
                    m = mutate(gz, r);
                    m = new Mutant(m.bytes(), "compressed bytes: " + m.description());
                    Files.write(p, m.bytes());
                } else {
                    m = mutate(original, r);
                    if (in == Input.YODA_GZ) {
                        MeasurementInputsTest.gzip(m.bytes(), p);
                    } else {
                        Files.write(p, m.bytes());
                    }
                }
                Future<Throwable> job = pool.submit(() -> {
                    try {
                        load(in, p);
                        return null;
                    } catch (Throwable e) {
                        return e;
                    }
                });
                Throwable e;
                try {
                    e = job.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException t) {
                    failures.add(in + " mutant " + i + " (" + m.description() + "): no result within " + TIMEOUT_SECONDS + " s");
                    job.cancel(true);
                    break;
                } catch (ExecutionException x) {
                    throw new AssertionError(x.getCause());
                }
                String wrong = judge(e, p, partner(in));
                if (wrong == null) {
                    if (e == null) {
                        loaded++;
                    } else {
                        clean++;
                    }
                    Files.deleteIfExists(p);
                } else if (failures.size() < 10) {
                    failures.add(in + " mutant " + i + " (" + m.description() + "; kept as " + p + "): " + wrong + "\n"
                            + stack(e));
                } else {
                    failures.add("...");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "%s: %d mutants, %d loaded, %d clean errors, %d failures%n", in, MUTANTS, loaded, clean,
                failures.size());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(MUTANTS, loaded + clean);
    }

    /** Null when the outcome is acceptable, else what is wrong with it. */
    private static String judge(Throwable e, Path mutant, Path partner) {
        if (e == null) {
            return null;
        }
        if (!(e instanceof JetFileException)) {
            return "threw " + e;
        }
        String m = e.getMessage();
        if (!m.startsWith(mutant.toString()) && !m.startsWith(partner.toString())) {
            return "message does not start with the file name: " + m;
        }
        if (!m.contains(": line ")) {
            return "message names no line: " + m;
        }
        if (m.chars().anyMatch(Character::isISOControl)) {
            return "message is not one printable line: " + m;
        }
        return null;
    }

    private static String stack(Throwable e) {
        if (e == null) {
            return "";
        }
        StringWriter s = new StringWriter();
        e.printStackTrace(new PrintWriter(s));
        String[] lines = s.toString().split("\n");
        return String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, 15)));
    }
}
