// Independent reader for the ROOT tests: JSROOT (the ROOT team's JavaScript I/O, no code shared with
// JetFlow's Java reader) reads every leaf branch of every TTree in a ROOT file and prints, as JSON,
// {"trees": [{"name", "entries", "branches": [{"name", "values": [...]}]}]}.
// Integers that JSON numbers cannot hold exactly are printed as strings of digits, booleans as 0/1,
// NaN and infinities as strings; arrays, vectors and sets as JSON arrays, maps as [[key, value], ...].
import { openFile, TSelector, treeProcess } from 'jsroot';

const path = process.argv[2];
const only = process.argv[3];

function plain(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return { big: v.toString() };
  if (typeof v === 'number') return Number.isFinite(v) ? v : { special: String(v) };
  if (typeof v === 'string') return v;
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return Array.from(v, plain);
  if (v instanceof Map) return Array.from(v.entries(), ([k, x]) => [plain(k), plain(x)]);
  if (v instanceof Set) return Array.from(v, plain);
  if (typeof v === 'object') {
    if ('first' in v && 'second' in v) return [plain(v.first), plain(v.second)];
    return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('_') && !k.startsWith('$')).map(([k, x]) => [k, plain(x)]));
  }
  return String(v);
}

function leafBranches(branches, out) {
  for (const b of branches) {
    if (b.fBranches && b.fBranches.arr.length) leafBranches(b.fBranches.arr, out);
    else out.push(b);
  }
  return out;
}

async function readBranch(tree, branch) {
  const values = [];
  const sel = new TSelector();
  sel.addBranch(branch, 'v');
  sel.Process = function () { values.push(plain(this.tgtobj.v)); };
  await treeProcess(tree, sel);
  return values;
}

async function trees(dir, prefix, out) {
  for (const key of dir.fKeys) {
    const name = prefix + key.fName;
    if (key.fClassName === 'TTree' || key.fClassName === 'TNtuple') {
      if (out.some(t => t.name === name)) continue; // older cycles of the same tree
      if (only && only !== name) continue;
      const tree = await dir.readObject(name + ';' + key.fCycle);
      const branches = [];
      for (const b of leafBranches(tree.fBranches.arr, [])) {
        try {
          branches.push({ name: b.fName, values: await readBranch(tree, b) });
        } catch (e) {
          branches.push({ name: b.fName, error: String(e) });
        }
      }
      out.push({ name, entries: Number(tree.fEntries), branches });
    } else if (key.fClassName === 'TDirectory' || key.fClassName === 'TDirectoryFile') {
      await trees(await dir.readDirectory(key.fName), name + '/', out);
    }
  }
  return out;
}

const file = await openFile(path);
process.stdout.write(JSON.stringify({ trees: await trees(file, '', []) }));
