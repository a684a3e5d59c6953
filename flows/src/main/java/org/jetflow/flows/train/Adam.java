package org.jetflow.flows.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma, Ba, arXiv:1412.6980) with bias correction, written out so that its moments can be
 * checkpointed with the weights: a resumed run continues exactly where the killed one stopped.
 * DJL's own optimizers keep their state inside.
 */
public final class Adam {
    private static final float B1 = 0.9f;
    private static final float B2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();

    /** Fresh moments (zeros) for every parameter. */
    public Adam(Map<String, NDArray> params, NDManager manager) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            m.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            v.put(e.getKey(), manager.zeros(e.getValue().getShape()));
        }
    }

    /** Moments restored from a checkpoint (names "m/NAME" and "v/NAME"). */
    public Adam(Map<String, NDArray> stored) {
        stored.forEach((k, a) -> (k.startsWith("m/") ? m : v).put(k.substring(2), a));
    }

    /** The moments by name, for checkpoints. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        m.forEach((k, a) -> s.put("m/" + k, a));
        v.forEach((k, a) -> s.put("v/" + k, a));
        return s;
    }

    /**
     * One update of every parameter with its gradient (step counts from 1); {@code scale}
     * multiplies the gradients first (gradient-norm clipping); temporaries go to {@code temporaries}.
     */
    public void update(Map<String, NDArray> params, Map<String, NDArray> grads, int step, double lr, float scale,
            NDManager temporaries) {
        float c1 = (float) (1 - Math.pow(B1, step));
        float c2 = (float) (1 - Math.pow(B2, step));
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            // Results land in the manager of their first operand: every temporary is moved to the
            // step's manager so that nothing accumulates in the long-lived one.
            NDArray g = grads.get(e.getKey()).mul(scale);
            g.attach(temporaries);
            NDArray mk = m.get(e.getKey());
            NDArray vk = v.get(e.getKey());
            mk.muli(B1).addi(g.mul(1 - B1));
            vk.muli(B2).addi(g.square().mul(1 - B2));
            NDArray mHat = mk.div(c1);
            mHat.attach(temporaries);
            NDArray vHat = vk.div(c2);
            vHat.attach(temporaries);
            e.getValue().subi(mHat.div(vHat.sqrt().add(EPS)).mul((float) lr));
        }
    }
}
