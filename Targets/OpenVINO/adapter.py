"""ModelPort external target: OpenVINO (PyPI `openvino`) on its CPU device.

Speaks docs/external-runtime-protocol.md through Targets/External/Python/modelport_adapter.py.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "External", "Python"))
import modelport_adapter as mp  # noqa: E402

# Conversion errors that mean "OpenVINO lacks an operator or type the model uses".
UNSUPPORTED = ["No conversion rule", "OpConversionFailure", "is not supported", "Unsupported", "not implemented"]


class OpenVINO(mp.Runtime):
    def load(self, model_path, threads, outputs):
        import openvino as ov
        core = ov.Core()
        # f32: the CPU plugin otherwise runs in bf16 where the CPU has it, which is a precision choice,
        # not the runtime as people compare it for accuracy.
        config = {"PERFORMANCE_HINT": "LATENCY", "INFERENCE_PRECISION_HINT": "f32"}
        if threads:
            config["INFERENCE_NUM_THREADS"] = int(threads)
        try:
            model = core.read_model(model_path)
            self.compiled = core.compile_model(model, "CPU", config)
        except Exception as error:
            message = "%s: %s" % (type(error).__name__, error)
            if mp.runtime_message_unsupported(message, UNSUPPORTED):
                raise mp.Unsupported(message)
            raise
        self.request = self.compiled.create_infer_request()
        # By name: OpenVINO may know an output by several names (the producing node's too).
        self.output_names = outputs or [o.get_any_name() for o in self.compiled.outputs]
        self.outputs = [self.compiled.output(name) for name in self.output_names]
        return "openvino %s (CPU)" % ov.get_version()

    def prepare(self, inputs):
        return {t.name: mp.to_numpy(t) for t in inputs}

    def infer(self, prepared):
        self.request.infer(prepared)
        return self.request

    def finish(self, request):
        return [mp.from_numpy(name, request.get_tensor(output).data)
                for name, output in zip(self.output_names, self.outputs)]


if __name__ == "__main__":
    mp.serve(OpenVINO())
