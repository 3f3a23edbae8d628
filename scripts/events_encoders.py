#!/usr/bin/env python3
"""CPU per row of candidate encoders of /events chunks (docs/performance.md, "Event log: the
writer's CPU per row"). Usage: scripts/events_encoders.py RUN.h5 [rows, default 4,000,000].
Shuffles 65,536-row chunks as HDF5 does, then times zlib settings and libdeflate (if its shared
library is installed) on them; process CPU of the compression only."""
import sys, time, zlib, ctypes, h5py, numpy as np
f = h5py.File(sys.argv[1], 'r')
ev = f['/events']
print(ev.dtype, ev.shape, ev.chunks, ev.compression, ev.compression_opts, ev.shuffle)
n = min(ev.shape[0], int(sys.argv[2]) if len(sys.argv) > 2 else 4_000_000)
raw = ev[:n].tobytes()
C = 65536
chunks = [raw[i*40*C:(i+1)*40*C] for i in range(n // C)]
def shuf(b, es=40):
    a = np.frombuffer(b, dtype=np.uint8).reshape(-1, es)
    return a.T.copy().tobytes()
sh = [shuf(c) for c in chunks]
total = sum(len(c) for c in chunks)
def run(name, fn, data):
    t = time.process_time(); out = sum(len(fn(c)) for c in data); dt = time.process_time() - t
    print(f"{name:30s} {dt:6.3f}s  {total/dt/1e6:7.1f} MB/s  ratio {total/out:5.2f}  B/row {out/(len(data)*C):5.2f}")
t = time.process_time(); [shuf(c) for c in chunks]; print("shuffle numpy", time.process_time() - t)
for lvl in (1,):
    run(f"zlib L{lvl} default shuffled", lambda c: zlib.compress(c, lvl), sh)
def mk(level, strat):
    def fn(c):
        o = zlib.compressobj(level, zlib.DEFLATED, 15, 8, strat)
        return o.compress(c) + o.flush()
    return fn
run("zlib L1 RLE shuffled", mk(1, zlib.Z_RLE), sh)
run("zlib L1 HUFF shuffled", mk(1, zlib.Z_HUFFMAN_ONLY), sh)
run("zlib L1 no shuffle", mk(1, zlib.Z_DEFAULT_STRATEGY), chunks)
try:
    L = ctypes.CDLL("libdeflate.so.0")
    L.libdeflate_alloc_compressor.restype = ctypes.c_void_p
    L.libdeflate_zlib_compress.restype = ctypes.c_size_t
    L.libdeflate_zlib_compress.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
    for lv in (1, 2, 3, 4, 6):
        comp = L.libdeflate_alloc_compressor(lv)
        buf = ctypes.create_string_buffer(40*C + 100000)
        run(f"libdeflate L{lv} shuffled", lambda c: buf.raw[:L.libdeflate_zlib_compress(comp, c, len(c), buf, len(buf))], sh)
except OSError as e:
    print(e)
