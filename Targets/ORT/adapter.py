"""ModelPort external target: ONNX Runtime (PyPI `onnxruntime`), CPUExecutionProvider.

Speaks docs/external-runtime-protocol.md through Targets/External/Python/modelport_adapter.py.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "External", "Python"))
import modelport_adapter as mp  # noqa: E402

# Load errors that mean "this runtime lacks something the model uses" (a refusal), not a failure.
UNSUPPORTED = ["NOT_IMPLEMENTED", "Could not find an implementation", "is not supported", "Unsupported model IR version",
               "opset", "not a registered function/op"]


class OnnxRuntime(mp.Runtime):
    def load(self, model_path, threads, outputs):
        import onnxruntime as ort
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = int(threads)
            options.inter_op_num_threads = 1
        try:
            self.session = ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
        except Exception as error:  # ORT raises its own exception types per status code
            message = "%s: %s" % (type(error).__name__, error)
            if mp.runtime_message_unsupported(message, UNSUPPORTED):
                raise mp.Unsupported(message)
            raise
        self.output_names = outputs or [o.name for o in self.session.get_outputs()]
        return "onnxruntime %s (%s)" % (ort.__version__, ", ".join(self.session.get_providers()))

    def prepare(self, inputs):
        return {t.name: mp.to_numpy(t) for t in inputs}

    def infer(self, prepared):
        return self.session.run(self.output_names, prepared)

    def finish(self, result):
        return [mp.from_numpy(name, value) for name, value in zip(self.output_names, result)]


if __name__ == "__main__":
    mp.serve(OnnxRuntime())
