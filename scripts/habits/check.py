#!/usr/bin/env python3
"""Run htx on every probe in truth.json; compare findings with the expected ones and the merged values with the truth.

    python3 /tmp/probe/check.py [substring-filter]
Writes /tmp/probe/results/<probe>__<file>.{validate.json,validate.txt,jsonl} and prints a digest."""
import json, os, re, subprocess, sys, unicodedata

import os
HTX = os.environ.get("HTX", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../.build/release/htx"))
PACK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../Schemas/kttt")
ROOT = os.environ.get("HTX_PROBE", "/tmp/probe")
RES = os.path.join(ROOT, "results")
os.makedirs(RES, exist_ok=True)
truth = json.load(open(os.path.join(ROOT, "truth.json")))
flt = sys.argv[1] if len(sys.argv) > 1 else ""


def run(args):
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def norm(s):
    if s is None:
        return None
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(s))).strip()


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-6
    if isinstance(a, str) or isinstance(b, str):
        return norm(a) == norm(b)
    return a == b


for path, t in truth.items():
    if flt and flt not in path:
        continue
    tag = path.replace(ROOT + "/", "").replace("/", "__")
    folder = os.path.dirname(path)
    target = folder if os.path.exists(os.path.join(folder, "htx.yaml")) else path
    print("=" * 100)
    print(path, "|", t["unit"], t["period"])
    for q in t["quirks"]:
        print("   quirk:", q)
    rc, so, se = run([HTX, "validate", "--schema", PACK, "--lang", "en", target])
    open(os.path.join(RES, tag + ".validate.txt"), "w").write(so + se)
    rcj, soj, sej = run([HTX, "validate", "--schema", PACK, "--lang", "en", "--format", "json", target])
    open(os.path.join(RES, tag + ".validate.json"), "w").write(soj + sej)
    try:
        rep = json.loads(soj)
    except Exception:
        print("   !! json parse failed", rcj, soj[:300], sej[:300])
        continue
    fname = os.path.basename(path)
    finds = [f for f in rep["findings"] if os.path.basename(f.get("file", "")) == fname or "file" not in f]
    for fi in rep["files"]:
        if os.path.basename(fi["path"]) == fname:
            print(f"   file: unit={fi.get('unit')} period={fi.get('period')} valid={fi.get('valid')} tables=" +
                  ", ".join(f"{x['form']}@{x.get('sheet')}:hdr{x.get('header_row')}:{x.get('rows')}r" for x in fi.get("tables", [])))
            if str(fi.get("unit")) != t["unit"] or str(fi.get("period")) != t["period"]:
                print(f"   !! UNIT/PERIOD expected {t['unit']} {t['period']}")
    exp = t.get("expect", [])
    matched = set()
    for f in finds:
        key = f"{f.get('severity')} {f.get('code')} {f.get('rule', '')} {f.get('sheet', '')}!{f.get('cell', '')} field={f.get('field', '')} value={f.get('value', '')!r}: {f.get('message', '')}"
        hit = None
        for k, e in enumerate(exp):
            if e["code"] == f.get("code") and e.get("rule", f.get("rule")) == f.get("rule") and e["cell"] == f.get("cell"):
                hit = k
        if hit is not None:
            matched.add(hit)
            print("   EXPECTED:", key)
        else:
            print("   !! FINDING:", key)
    for k, e in enumerate(exp):
        if k not in matched:
            print("   !! MISSED:", e)
    # values
    if "coops" in t:
        jl = os.path.join(RES, tag + ".jsonl")
        if os.path.exists(jl):
            os.remove(jl)
        rc2, so2, se2 = run([HTX, "merge", "--schema", PACK, "--include-invalid", "--out", os.path.join(RES, tag + ".merged.xlsx"),
                             "--jsonl", jl, target])
        if not os.path.exists(jl):
            print("   !! merge produced no jsonl", rc2, so2[:300], se2[:300])
            continue
        recs = [json.loads(l) for l in open(jl)]
        recs = [r for r in recs if os.path.basename(r["source"]["file"]) == fname]
        if len(recs) != len(t["coops"]):
            print(f"   !! ROWS: read {len(recs)} records, truth has {len(t['coops'])}")
            for r in recs:
                print("      read:", r["source"].get("row"), r.get("name"), r.get("tax_code"))
        # match by tax code base or by order
        for i, tc in enumerate(t["coops"]):
            cand = [r for r in recs if norm(r.get("name")) == norm(tc["name"])]
            r = cand[0] if cand else (recs[i] if i < len(recs) else None)
            if r is None:
                print("   !! missing coop", tc["name"])
                continue
            diffs = []
            for k, v in tc.items():
                rv = r.get(k)
                if not same(rv, v):
                    diffs.append(f"{k}: read {rv!r} truth {v!r}")
            if diffs:
                print(f"   !! VALUE row {r['source'].get('row')} ({tc['name'][:30]}): " + "; ".join(diffs))
    print(f"   exit={rc}; text report lines: {len(so.splitlines())}")
