// Independent check of a jet file JetFlow wrote: prints {"jets", "particles", "sumPt"} as JSON.
// Arrow files are read with Apache Arrow JS, HDF5 files with h5wasm (the HDF5 C library in
// WebAssembly). Neither shares code with JetFlow's Java readers.
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import h5wasm from 'h5wasm/node';

const file = process.argv[2];

function readArrow(path) {
  const table = tableFromIPC(readFileSync(path));
  let particles = 0;
  let sumPt = 0;
  const constituents = table.getChild('constituents');
  for (const jet of constituents) {
    for (const p of jet) {
      particles += 1;
      sumPt += p.pt;
    }
  }
  return { jets: table.numRows, particles, sumPt };
}

async function readHdf5(path) {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'r');
  try {
    const ds = f.get('PFCands');
    const [n, slots, width] = ds.shape;
    const v = ds.value;
    let particles = 0;
    let sumPt = 0;
    for (let i = 0; i < n * slots; i++) {
      const o = i * width;
      if (v[o + 3] !== 0) {
        particles += 1;
        sumPt += Math.hypot(v[o], v[o + 1]);
      }
    }
    const kin = f.get('jet_kinematics');
    if (kin.shape[0] !== n) {
      throw new Error(`jet_kinematics has ${kin.shape[0]} rows, PFCands ${n}`);
    }
    return { jets: n, particles, sumPt };
  } finally {
    f.close();
  }
}

const result = /\.(h5|hdf5)$/i.test(file) ? await readHdf5(file) : readArrow(file);
console.log(JSON.stringify(result));
