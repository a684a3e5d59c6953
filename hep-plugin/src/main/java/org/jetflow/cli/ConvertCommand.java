package org.jetflow.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jetflow.io.file.AtomicOutput;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetFormat;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.root.PfNanoLayout;
import org.jetflow.io.root.RootCompression;
import org.jetflow.io.root.RootJetWriter;
import org.jetflow.io.root.RootJets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jetflow convert IN OUT}: converts between jet file formats by extension. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Converts a jet file to another format, chosen by the output's extension.%n"
                + "The output appears only when complete: a failed or killed conversion leaves nothing under OUT.",
        footer = {"%nExamples:", "  jetflow convert qcd-train-1.h5 qcd.arrow",
            "  jetflow convert qcd.arrow qcd.h5", "  jetflow convert --limit 1000 big.h5 slice.h5",
            "  jetflow convert pfnano.root jets.arrow", "  jetflow convert --root-layout jets=Jet,link=JetPFCands pfnano.root ak4.arrow",
            "  jetflow convert --root-compression zstd:5 jets.arrow jets.root"})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Input jet file (.h5, .hdf5, .arrow, .feather, .ipc, .root).")
    private Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output jet file (.h5, .hdf5, .arrow, .feather, .ipc, .root).")
    private Path output;

    @Option(names = "--limit", paramLabel = "N", description = "Convert only the first N jets.")
    private long limit = Long.MAX_VALUE;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Option(names = "--root-layout", paramLabel = "SPEC", description = "Branch names of a PFNano-style ROOT input:"
            + " tree=…,jets=…,candidates=…,link=… (default tree=Events,jets=FatJet,candidates=PFCands,link=FatJetPFCands).")
    private String rootLayout;

    @Option(names = "--root-compression", paramLabel = "ALG[:LEVEL]", description = "Compression of a ROOT output:"
            + " zlib, zstd or none, with a level (default zlib:4).")
    private String rootCompression = "zlib:4";

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("IN and OUT are the same file: " + input);
        }
        JetFiles.requireReadable(input);
        JetFiles.requireWritable(output);
        try (JetReader reader = rootLayout == null ? JetFiles.open(input)
                : RootJets.open(input, PfNanoLayout.parse(rootLayout))) {
            Map<String, String> meta = new LinkedHashMap<>(reader.metadata());
            meta.putIfAbsent("source_file", input.getFileName().toString());
            meta.put("converted_by", "jetflow convert");
            long total = Math.min(limit, reader.jetCount());
            JetWriter writer = JetFormat.of(output) == JetFormat.ROOT ? rootWriter(reader.schema(), meta)
                    : JetFiles.create(output, reader.schema(), meta);
            Progress progress = new Progress(System.err, "convert", total, quiet);
            AtomicOutput.complete(writer, w -> {
                long done = 0;
                JetBatch b;
                while (done < total && (b = reader.next()) != null) {
                    if (done + b.size() > total) {
                        b = b.head((int) (total - done));
                    }
                    w.write(b);
                    done += b.size();
                    progress.advance(b.size());
                }
            });
            progress.finish();
            if (!quiet) {
                System.out.println("wrote " + total + " jets to " + output
                        + (reader.remappedParticles() > 0 ? " (" + reader.remappedParticles()
                        + " particles with PDG ids outside the 8 classes were mapped by charge)" : ""));
            }
        }
        return 0;
    }

    private JetWriter rootWriter(JetSchema schema, Map<String, String> meta) {
        String[] parts = rootCompression.split(":", 2);
        RootCompression.Algorithm alg = RootCompression.Algorithm.parse(parts[0]);
        if (alg == RootCompression.Algorithm.LZ4 || alg == RootCompression.Algorithm.LZMA) {
            throw new IllegalArgumentException("--root-compression: JetFlow writes zlib, zstd or none, not " + parts[0]);
        }
        int level;
        try {
            level = parts.length > 1 ? Integer.parseInt(parts[1]) : alg == RootCompression.Algorithm.ZSTD ? 5 : 4;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--root-compression: bad level '" + parts[1] + "'");
        }
        if (level < 1 || level > (alg == RootCompression.Algorithm.ZSTD ? 19 : 9)) {
            throw new IllegalArgumentException("--root-compression: level " + level + " out of range");
        }
        return new RootJetWriter(output, schema, meta, alg, level);
    }
}
