#!/usr/bin/env python3
"""Time from saving one document to the reload event reaching a client.

    bench/serve_reload.py [--docs 10000] [--saves 20] [--binary target/release/samsyn]

Generates the corpus with ../shared/bench/gen_corpus.py (cached under
bench/corpus-N), starts `samsyn serve` on a free port, connects to the
live-reload stream as a browser would, appends a sentence to one document
per save, and prints the median and spread of write -> event.
"""
import argparse, os, socket, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def corpus(docs):
    out = os.path.join(ROOT, "bench", f"corpus-{docs}")
    if not os.path.exists(os.path.join(out, "content")):
        gen = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
        subprocess.run([sys.executable, gen, out, "--docs", str(docs)], check=True, stdout=subprocess.DEVNULL)
    return out


def read_event(f):
    event = None
    while True:
        line = f.readline()
        if not line:
            raise SystemExit("event stream closed")
        line = line.decode().rstrip("\r\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line == "" and event:
            return event


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--saves", type=int, default=20)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "samsyn"))
    a = ap.parse_args()
    site = corpus(a.docs)
    proc = subprocess.Popen([a.binary, "serve", site, "--port", "0", "--today", "2026-11-22", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        t0 = time.time()
        line = proc.stdout.readline().decode()
        startup = time.time() - t0
        addr = line.split("http://", 1)[1].split("/", 1)[0]
        host, port = addr.rsplit(":", 1)
        s = socket.create_connection((host, int(port)))
        s.sendall(b"GET /__samsyn/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        f = s.makefile("rb")
        assert read_event(f) == "hello"
        doc = os.path.join(site, "content", "rutiner")
        target = sorted(os.path.join(d, n) for d, _, ns in os.walk(doc) for n in ns if n.endswith(".md"))[0]
        original = open(target, encoding="utf-8").read()
        times = []
        try:
            for i in range(a.saves):
                time.sleep(0.3)
                start = time.perf_counter()
                with open(target, "w", encoding="utf-8") as fh:
                    fh.write(original + f"\nÄndring nummer {i}.\n")
                ev = read_event(f)
                times.append((time.perf_counter() - start) * 1000)
                assert ev == "reload", ev
        finally:
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(original)
        print(f"docs={a.docs} saves={a.saves} startup(first build + listen)={startup:.2f}s")
        print(f"write -> reload event: median {statistics.median(times):.0f} ms, "
              f"min {min(times):.0f} ms, max {max(times):.0f} ms")
    finally:
        proc.kill()


if __name__ == "__main__":
    main()
