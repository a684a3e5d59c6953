package org.jetflow.flows.condition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConditionFileTest {
    @TempDir
    Path dir;

    @Test
    void readsCsvColumnsInAnyOrderWithOptionalMassAndMultiplicity() throws IOException {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "eta,pt,n\n0.5,600,40\n\n-1.25,812.5,0\n");
        JetConditions c = ConditionFile.read(f);
        assertArrayEquals(new float[] {600f, 812.5f}, c.pt());
        assertArrayEquals(new float[] {0.5f, -1.25f}, c.eta());
        assertArrayEquals(new int[] {40, 0}, c.multiplicity());
        assertTrue(Float.isNaN(c.mass()[0]) && !c.hasMass(1));
    }

    @Test
    void badRowsNameFileLineAndColumn() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "pt,eta,mass\n600,0.1,80\n700,abc,90\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConditionFile.read(f));
        assertEquals(f + ": line 3, column eta: not a number: 'abc'", e.getMessage());
        Files.writeString(f, "pt,mass\n600,80\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConditionFile.read(f)).getMessage()
                .contains("line 1: the header must name columns pt and eta"));
        Files.writeString(f, "pt,eta\n-600,0\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConditionFile.read(f)).getMessage()
                .contains("pt must be positive"));
        Files.writeString(f, "pt,eta,n\n600,0,2.5\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConditionFile.read(f)).getMessage()
                .contains("line 2, column n: not a whole number"));
    }

    @Test
    void missingMultiplicityComesFromTheTrainingJetsNearestInPt() {
        // 1000 training jets: pT = 500 + k/2 GeV, multiplicity 10 below 700 GeV and 90 above.
        int n = 1000;
        float[] pt = new float[n];
        int[] mult = new int[n];
        for (int k = 0; k < n; k++) {
            pt[k] = 500 + k * 0.5f;
            mult[k] = pt[k] < 700 ? 10 : 90;
        }
        ConditionTable t = new ConditionTable(new double[3], new double[] {1, 1, 1}, pt, new float[n], new float[n],
                mult);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            assertEquals(10, t.drawMultiplicity(600, r));
            assertEquals(90, t.drawMultiplicity(850, r));
            assertEquals(90, t.drawMultiplicity(5000, r));
        }
        // At the boundary the 64 neighbours are split: both values occur.
        int high = 0;
        for (int i = 0; i < 1000; i++) {
            high += t.drawMultiplicity(700, r) == 90 ? 1 : 0;
        }
        assertTrue(high > 350 && high < 650, "high " + high);
        float[] ctx = new float[2];
        t.encode(Math.E, 0.25, 1.0, 2, ctx, 0);
        assertArrayEquals(new float[] {1f, 0.25f}, ctx, 1e-6f);
    }
}
