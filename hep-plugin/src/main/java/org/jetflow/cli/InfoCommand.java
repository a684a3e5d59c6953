package org.jetflow.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jetflow.io.file.JetFileSummary;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetFormat;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.jet.ParticleClass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jetflow info FILE}: counts, columns, multiplicity and class summaries of a jet file. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Reads a whole jet file, checking every value, and prints its jet and particle counts,"
                + " columns, multiplicity and particle-class summaries and metadata.",
        footer = {"%nExamples:", "  jetflow info qcd-train-1.h5", "  jetflow info generated.arrow",
            "  jetflow info nanoAOD.root     (trees, branches, types, entries; then the jets, if it holds any)"})
final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Jet file (.h5, .hdf5, .arrow, .feather, .ipc) or any ROOT file (.root).")
    private Path file;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() {
        JetFormat format = JetFormat.of(file);
        if (format == JetFormat.ROOT) {
            if (!RootListing.print(System.out, file)) {
                System.out.println("jets: none in a layout JetFlow reads (a 'jets' tree, or PFNano Events with"
                        + " FatJet, PFCands and FatJetPFCands)");
                return 0;
            }
            System.out.println();
        }
        try (JetReader reader = JetFiles.open(file)) {
            JetFileSummary s = new JetFileSummary();
            Progress progress = new Progress(System.err, "info", reader.jetCount(), quiet);
            JetBatch b;
            while ((b = reader.next()) != null) {
                s.add(b);
                progress.advance(b.size());
            }
            if (!quiet) {
                progress.finish();
            }
            print(System.out, format, reader, s);
        }
        return 0;
    }

    private void print(PrintStream out, JetFormat format, JetReader reader, JetFileSummary s) {
        JetSchema schema = reader.schema();
        out.println("file:        " + file);
        out.println("format:      " + format);
        out.println("jets:        " + s.jets());
        out.println("particles:   " + s.particles());
        out.println("jet columns: pt [GeV], eta, phi [rad], mass [GeV]" + list(schema.jetFloats()) + list(schema.jetLongs()));
        out.println("particle columns: pt [GeV], deta, dphi [rad], class, px, py, pz, E [GeV]" + list(schema.particleFloats()));
        out.printf(Locale.ROOT, "multiplicity: mean %.2f, min %d, median %d, 90%% %d, max %d%n", s.meanMultiplicity(),
                s.minMultiplicity(), s.multiplicityQuantile(0.5), s.multiplicityQuantile(0.9), s.maxMultiplicity());
        out.println("classes:");
        for (ParticleClass c : ParticleClass.values()) {
            long n = s.count(c);
            out.printf(Locale.ROOT, "  %-8s (pdg %5d) %12d  %6.2f%%  %.3f per jet%n", c.shortName(), c.pdgId(), n,
                    s.particles() == 0 ? 0 : 100.0 * n / s.particles(), s.jets() == 0 ? 0 : (double) n / s.jets());
        }
        out.println("remapped PDG ids: " + reader.remappedParticles()
                + " particles had an id outside the 8 classes and were mapped by charge");
        out.printf(Locale.ROOT, "sum of particle pT: %.6e GeV%n", s.sumParticlePt());
        Map<String, String> meta = reader.metadata();
        if (!meta.isEmpty()) {
            out.println("metadata:");
            meta.forEach((k, v) -> out.println("  " + k + ": " + v));
        }
    }

    private static String list(java.util.List<String> names) {
        return names.isEmpty() ? "" : ", " + String.join(", ", names);
    }
}
