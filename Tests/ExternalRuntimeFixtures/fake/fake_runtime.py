"""A fake external runtime for ModelPort's tests: speaks docs/external-runtime-protocol.md with the
Python standard library only (its own framing, independent of Targets/External/Python), computes
y = Relu(x) on its first float input, and misbehaves on request.

FAKE_RUNTIME_MODE (environment):
  ok                  behave
  unsupported-on-load refuse the model (kind "unsupported")
  fail-on-load        fail loading (kind "failed")
  crash-on-load       exit with status 3 while loading
  crash-on-run        be killed (SIGKILL) on the first run
  crash-mid-benchmark exit with status 5 in the middle of the benchmark loop
  hang-on-run         never answer a run
  hang-on-benchmark   never answer a benchmark
  garbage-on-run      answer a run with a line that is not JSON
  bad-shape-on-run    describe an output whose bytes do not fit its shape
  error-on-run        answer a run with ok: false
FAKE_RUNTIME_OUTPUT: the output's name (default "y").
"""
import json
import os
import signal
import struct
import sys
import time

MODE = os.environ.get("FAKE_RUNTIME_MODE", "ok")
OUTPUT = os.environ.get("FAKE_RUNTIME_OUTPUT", "y")
stdin = sys.stdin.buffer
stdout = sys.stdout.buffer


def reply(header, payload=b""):
    header["payload_bytes"] = len(payload)
    stdout.write(json.dumps(header).encode() + b"\n" + payload)
    stdout.flush()


def relu(inputs, payload):
    first = inputs[0]
    data = payload[:first["nbytes"]]
    count = first["nbytes"] // 4
    values = struct.unpack("<%df" % count, data)
    result = struct.pack("<%df" % count, *[v if v > 0 else 0.0 for v in values])
    return {"name": OUTPUT, "dtype": "float", "shape": first["shape"], "nbytes": len(result)}, result


threads = None
while True:
    line = stdin.readline()
    if not line:
        break
    header = json.loads(line)
    payload = stdin.read(header.get("payload_bytes", 0))
    command = header["cmd"]
    if command == "quit":
        reply({"ok": True})
        break
    if command == "load":
        threads = header.get("threads")
        if MODE == "unsupported-on-load":
            reply({"ok": False, "kind": "unsupported", "error": "fake has no kernel for Relu"})
        elif MODE == "fail-on-load":
            reply({"ok": False, "kind": "failed", "error": "fake could not read the model"})
        elif MODE == "crash-on-load":
            sys.stderr.write("fake: crashing while loading\n")
            sys.stderr.flush()
            os._exit(3)
        elif not os.path.exists(header["model"]):
            reply({"ok": False, "kind": "failed", "error": "no model at %s" % header["model"]})
        else:
            reply({"ok": True, "protocol": 1, "runtime": "fake 1.0 (threads=%s)" % threads})
    elif command == "run":
        if MODE == "crash-on-run":
            sys.stderr.write("fake: about to be killed\n")
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        if MODE == "hang-on-run":
            time.sleep(3600)
        if MODE == "garbage-on-run":
            stdout.write(b"this is not a header\n")
            stdout.flush()
            continue
        if MODE == "error-on-run":
            reply({"ok": False, "kind": "failed", "error": "fake ran out of fake memory"})
            continue
        start = time.perf_counter()
        description, data = relu(header["inputs"], payload)
        seconds = time.perf_counter() - start
        if MODE == "bad-shape-on-run":
            description["shape"] = [len(data)]
        description["nbytes"] = len(data)
        reply({"ok": True, "seconds": seconds, "outputs": [description]}, data)
    elif command == "benchmark":
        if MODE == "hang-on-benchmark":
            time.sleep(3600)
        latencies = []
        for _ in range(header.get("warmup", 0)):
            relu(header["inputs"], payload)
        start = time.perf_counter()
        while True:
            before = time.perf_counter()
            relu(header["inputs"], payload)
            after = time.perf_counter()
            latencies.append(after - before)
            if MODE == "crash-mid-benchmark" and len(latencies) == 3:
                os._exit(5)
            if len(latencies) >= header["min_queries"] and after - start >= header["min_seconds"]:
                break
        reply({"ok": True, "latencies": latencies, "elapsed": time.perf_counter() - start, "cpu_seconds": time.process_time()})
    else:
        reply({"ok": False, "kind": "failed", "error": "unknown command %s" % command})
