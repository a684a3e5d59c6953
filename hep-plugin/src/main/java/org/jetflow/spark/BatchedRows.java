package org.jetflow.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * A task's output rows made a batch at a time, so that a task holds one batch of jets in memory,
 * not its whole partition.
 */
abstract class BatchedRows implements Iterator<Row> {
    private Iterator<Row> current = Collections.emptyIterator();

    /** The next batch of rows, or {@code null} when there are no more. */
    protected abstract List<Row> nextBatch();

    /** The rows of {@code f} applied to consecutive groups of at most {@code size} input rows. */
    static Iterator<Row> mapChunks(Iterator<Row> rows, int size, Function<List<Row>, List<Row>> f) {
        Iterator<List<Row>> chunks = chunks(rows, size);
        return new BatchedRows() {
            @Override
            protected List<Row> nextBatch() {
                return chunks.hasNext() ? f.apply(chunks.next()) : null;
            }
        };
    }

    /** Groups an iterator's rows into lists of at most {@code size}. */
    private static Iterator<List<Row>> chunks(Iterator<Row> rows, int size) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public List<Row> next() {
                List<Row> out = new ArrayList<>(size);
                while (rows.hasNext() && out.size() < size) {
                    out.add(rows.next());
                }
                return out;
            }
        };
    }

    @Override
    public final boolean hasNext() {
        while (!current.hasNext()) {
            List<Row> b = nextBatch();
            if (b == null) {
                return false;
            }
            current = b.iterator();
        }
        return true;
    }

    @Override
    public final Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
