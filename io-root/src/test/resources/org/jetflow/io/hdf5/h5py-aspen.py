"""Writes h5py-aspen.h5: 200 synthetic jets in the AspenOpenJets layout, written by the HDF5 C library.

JetFlow's own HDF5 files are written by jhdf (superblock v2, v2 object headers with checksums, fixed-array
chunk indexes). Files from CMS Open Data and from h5py are written by the HDF5 C library with its default,
oldest-compatible format: superblock v0, v1 object headers, symbol-table groups with local heaps, and v1
B-trees indexing the chunks, none of it checksummed. ReaderFuzzTest damages this file to exercise those
structures. The layout is the shared data's (shuffle + deflate, PFCands chunked by whole jets, the jet
datasets by column) with smaller chunks, so that every dataset has several.

Run with Debian's h5py (python3-h5py 3.7, HDF5 1.10.8): /usr/bin/python3 h5py-aspen.py
"""
import h5py
import numpy as np

rng = np.random.default_rng(20251201)
jets, slots = 200, 150
pdg_ids = np.array([22, 130, 211, -211, 11, -11, 13, -13])
charges = np.array([0, 0, 1, -1, -1, 1, -1, 1])
masses = np.array([0, 0.497611, 0.13957039, 0.13957039, 0.000511, 0.000511, 0.105658, 0.105658])
cands = np.zeros((jets, slots, 11), dtype=np.float32)
kin = np.zeros((jets, 4), dtype=np.float32)
tag = np.full((jets, 13), np.nan, dtype=np.float32)
for j in range(jets):
    n = 1 + (j * 7) % 60
    eta0, phi0 = rng.uniform(-2, 2), rng.uniform(-np.pi, np.pi)
    pt = np.sort(rng.exponential(20.0, n) + 0.5)[::-1]
    eta = eta0 + rng.normal(0, 0.2, n)
    phi = phi0 + rng.normal(0, 0.2, n)
    cls = rng.integers(0, 8, n)
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    e = np.sqrt(px ** 2 + py ** 2 + pz ** 2 + masses[cls] ** 2)
    c = cands[j, :n]
    c[:, 0], c[:, 1], c[:, 2], c[:, 3] = px, py, pz, e
    c[:, 8], c[:, 9], c[:, 10] = charges[cls], pdg_ids[cls], 1.0
    sx, sy, sz, se = px.sum(), py.sum(), pz.sum(), e.sum()
    jpt = np.hypot(sx, sy)
    kin[j] = [jpt, np.arcsinh(sz / jpt), np.arctan2(sy, sx), np.sqrt(max(se ** 2 - sx ** 2 - sy ** 2 - sz ** 2, 0))]
    tag[j, 0] = n
events = np.stack([np.ones(jets), np.full(jets, 7), np.arange(jets)], axis=1).astype(np.int64)

with h5py.File("h5py-aspen.h5", "w") as f:
    f.create_dataset("PFCands", data=cands, chunks=(64, slots, 11), shuffle=True, compression="gzip", compression_opts=6)
    f.create_dataset("event_info", data=events, chunks=(100, 1), shuffle=True, compression="gzip", compression_opts=4)
    f.create_dataset("jet_kinematics", data=kin, chunks=(100, 1), shuffle=True, compression="gzip", compression_opts=4)
    f.create_dataset("jet_tagging", data=tag, chunks=(100, 2), shuffle=True, compression="gzip", compression_opts=4)
