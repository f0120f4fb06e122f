#!/usr/bin/env python3
"""sendump_mixw.py SENDUMP N_SEN MIXW: rebuilds a Sphinx-3 mixture_weights
file from PocketSphinx's quantised sendump (Debian's en-us model ships only
the sendump), so that sphinxtrain's bw can read the model
(tests/bench/bench_adapt.sh). Each weight is 1.0001^-(byte << mixw_shift),
as PocketSphinx reads it, and each codebook's weights are normalised."""
import struct, sys
src, n_sen, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = open(src, "rb").read()
pos = 0
def rd_u32():
    global pos
    v = struct.unpack_from("<I", data, pos)[0]; pos += 4
    return v
def rd_str():
    global pos
    n = rd_u32()
    s = data[pos:pos + n]; pos += n
    return s.rstrip(b"\0").decode()
hdr = {}
rd_str()  # the file's description
while True:
    n = rd_u32()
    if n == 0: break
    s = data[pos:pos + n].rstrip(b"\0").decode(); pos += n
    k, *v = s.split()
    hdr[k] = v[0] if v else ""
shift = int(hdr.get("mixw_shift", 10)); bits = int(hdr.get("cluster_bits", 8))
n_feat = int(hdr["feature_count"])
if int(hdr.get("cluster_count", 0)) == 0:
    rows = rd_u32(); cols = rd_u32()
else:
    sys.exit("clustered sendump not supported")
if bits != 8 or cols != n_sen:
    sys.exit(f"sendump_mixw: {bits}-bit weights for {cols} senones: expected 8-bit, {n_sen}")
need = n_feat * rows * cols
if len(data) - pos != need:
    sys.exit(f"size mismatch: {len(data) - pos} bytes left, {need} expected ({hdr})")
# weights[sen][feat][den]
w = [[[0.0] * rows for _ in range(n_feat)] for _ in range(n_sen)]
for f in range(n_feat):
    for r in range(rows):
        row = data[pos:pos + cols]; pos += cols
        for s in range(cols):
            w[s][f][r] = 1.0001 ** (-(row[s] << shift))
with open(out, "wb") as o:
    o.write(b"s3\nversion 1.0\nendhdr\n")
    o.write(struct.pack("<i", 0x11223344))
    o.write(struct.pack("<IIII", n_sen, n_feat, rows, n_sen * n_feat * rows))
    flat = []
    for s in range(n_sen):
        for f in range(n_feat):
            # normalise: the quantised weights of a codebook sum to about 1
            tot = sum(w[s][f]) or 1.0
            flat.extend(x / tot for x in w[s][f])
    buf = struct.pack(f"<{len(flat)}f", *flat)
    o.write(buf)
print(f"sendump_mixw: {n_sen} senones x {n_feat} streams x {rows} codewords", file=sys.stderr)
