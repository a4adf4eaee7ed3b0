"""The adapter side of ModelPort's external runtime protocol (docs/external-runtime-protocol.md).

Standard library only. An adapter subclasses `Runtime` (load, run) and calls `serve(runtime)`;
this module reads the commands from stdin, writes the replies to stdout, and times the benchmark
loop itself with time.perf_counter, so process overhead never enters the numbers.

Each message, both ways: one JSON header line (UTF-8, ending in a newline) with `payload_bytes`,
then exactly that many raw bytes: the tensors the header lists, one after the other, little-endian,
row-major, in ONNX's raw layout.
"""
import json
import os
import sys
import time
import traceback

PROTOCOL = 1


class Unsupported(Exception):
    """The runtime cannot take the model (an operator or type it lacks): a refusal, exit status 3."""


class Tensor:
    """A tensor as it crosses the wire: ONNX element type name, shape, raw bytes."""

    def __init__(self, name, dtype, shape, data):
        self.name = name
        self.dtype = dtype
        self.shape = list(shape)
        self.data = data


class Runtime:
    """What an adapter implements."""

    def load(self, model_path, threads, outputs):
        """Loads the model; returns a short description of the runtime (`onnxruntime 1.31.1`).
        `outputs` are the graph's output names, in order: what `run` must answer (a runtime may
        know a tensor by several names)."""
        raise NotImplementedError

    def prepare(self, inputs):
        """Turns wire tensors into whatever `infer` takes (done once, outside the timed loop)."""
        return inputs

    def infer(self, prepared):
        """One inference on prepared inputs; returns whatever `finish` takes."""
        raise NotImplementedError

    def finish(self, result):
        """Turns what `infer` returned into a list of wire tensors."""
        raise NotImplementedError


def read_message(stream):
    line = stream.readline()
    if not line:
        return None, b""
    header = json.loads(line)
    count = int(header.get("payload_bytes", 0))
    payload = stream.read(count) if count else b""
    if len(payload) != count:
        raise EOFError("the payload ended early")
    return header, payload


def write_message(stream, header, tensors=()):
    descriptions = []
    chunks = []
    for tensor in tensors:
        descriptions.append({"name": tensor.name, "dtype": tensor.dtype, "shape": tensor.shape, "nbytes": len(tensor.data)})
        chunks.append(tensor.data)
    if tensors:
        header = dict(header, outputs=descriptions)
    header["payload_bytes"] = sum(len(c) for c in chunks)
    stream.write(json.dumps(header).encode("utf-8") + b"\n")
    for chunk in chunks:
        stream.write(chunk)
    stream.flush()


def split_tensors(descriptions, payload):
    tensors = []
    offset = 0
    for d in descriptions:
        n = int(d["nbytes"])
        tensors.append(Tensor(d["name"], d["dtype"], d["shape"], payload[offset:offset + n]))
        offset += n
    if offset != len(payload):
        raise ValueError("the payload holds %d bytes the tensors do not describe" % (len(payload) - offset))
    return tensors


def benchmark(runtime, prepared, warmup, min_queries, min_seconds):
    """Warm-up, then queries until both minimums are reached; each query timed on its own."""
    for _ in range(warmup):
        runtime.infer(prepared)
    latencies = []
    cpu_before = time.process_time()
    start = time.perf_counter()
    elapsed = 0.0
    while True:
        before = time.perf_counter()
        runtime.infer(prepared)
        after = time.perf_counter()
        latencies.append(after - before)
        elapsed = after - start
        if len(latencies) >= min_queries and elapsed >= min_seconds:
            break
    return {"latencies": latencies, "elapsed": elapsed, "cpu_seconds": time.process_time() - cpu_before}


def serve(runtime, stdin=None, stdout=None):
    """Answers commands until `quit` or the end of stdin."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    # Runtimes that print must not corrupt the protocol stream.
    sys.stdout = sys.stderr
    while True:
        header, payload = read_message(stdin)
        if header is None:
            return
        command = header.get("cmd")
        try:
            if command == "quit":
                write_message(stdout, {"ok": True})
                return
            if command == "load":
                description = runtime.load(header["model"], header.get("threads"), header.get("outputs"))
                write_message(stdout, {"ok": True, "protocol": PROTOCOL, "runtime": description})
            elif command == "run":
                prepared = runtime.prepare(split_tensors(header["inputs"], payload))
                start = time.perf_counter()
                result = runtime.infer(prepared)
                seconds = time.perf_counter() - start
                write_message(stdout, {"ok": True, "seconds": seconds}, runtime.finish(result))
            elif command == "benchmark":
                prepared = runtime.prepare(split_tensors(header["inputs"], payload))
                measured = benchmark(
                    runtime, prepared, int(header.get("warmup", 0)), int(header.get("min_queries", 1)),
                    float(header.get("min_seconds", 0)))
                write_message(stdout, dict(measured, ok=True))
            else:
                write_message(stdout, {"ok": False, "kind": "failed", "error": "unknown command %r" % command})
        except Unsupported as error:
            write_message(stdout, {"ok": False, "kind": "unsupported", "error": str(error)})
        except Exception as error:  # the runtime's failure is a reply, not a crash
            traceback.print_exc(file=sys.stderr)
            write_message(stdout, {"ok": False, "kind": "failed", "error": "%s: %s" % (type(error).__name__, error)})


# ONNX element type names ↔ numpy dtype names, for adapters that use numpy.
NUMPY_DTYPES = {
    "float": "float32", "double": "float64", "float16": "float16", "int8": "int8", "int16": "int16",
    "int32": "int32", "int64": "int64", "uint8": "uint8", "uint16": "uint16", "uint32": "uint32",
    "uint64": "uint64", "bool": "bool", "complex64": "complex64", "complex128": "complex128",
}
ONNX_NAMES = {v: k for k, v in NUMPY_DTYPES.items()}


def to_numpy(tensor):
    import numpy
    name = NUMPY_DTYPES.get(tensor.dtype)
    if name is None:
        raise Unsupported("input %r has element type %s, which this adapter cannot pass to the runtime" % (tensor.name, tensor.dtype))
    return numpy.frombuffer(tensor.data, dtype=numpy.dtype(name).newbyteorder("<")).reshape(tensor.shape)


def from_numpy(name, array):
    import numpy
    array = numpy.ascontiguousarray(array)
    onnx_name = ONNX_NAMES.get(array.dtype.name)
    if onnx_name is None:
        raise ValueError("output %r has numpy dtype %s, which has no ONNX name here" % (name, array.dtype))
    if array.dtype.byteorder == ">":
        array = array.byteswap()
    return Tensor(name, onnx_name, array.shape, array.tobytes())


def runtime_message_unsupported(message, markers):
    lowered = message.lower()
    return any(marker.lower() in lowered for marker in markers)
