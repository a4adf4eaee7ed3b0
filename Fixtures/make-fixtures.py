"""Builds the small models under Fixtures/ (run with .venv/bin/python Fixtures/make-fixtures.py).

add_relu.onnx: y = Relu(x + c) + d, x of shape [batch, 8]: only Add and Relu, so every target with
those two kernels runs it. test_data_set_0/ holds one input and the expected output in the ONNX
test layout; add_relu_x.npy and add_relu_inputs.npz hold the same input as NumPy files.
"""
import os
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
c = rng.uniform(-0.5, 0.5, size=(8,)).astype(np.float32)
d = rng.uniform(-0.5, 0.5, size=(8,)).astype(np.float32)

graph = helper.make_graph(
    [
        helper.make_node("Add", ["x", "c"], ["shifted"], name="add_bias"),
        helper.make_node("Relu", ["shifted"], ["activated"], name="relu"),
        helper.make_node("Add", ["activated", "d"], ["y"], name="add_offset"),
    ],
    "add_relu",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 8])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 8])],
    initializer=[numpy_helper.from_array(c, "c"), numpy_helper.from_array(d, "d")],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)], producer_name="modelport-fixtures")
model.ir_version = 10
onnx.checker.check_model(model, full_check=True)
onnx.save(model, os.path.join(here, "add_relu.onnx"))

x = rng.uniform(-1, 1, size=(2, 8)).astype(np.float32)
y = np.maximum(x + c, 0) + d
folder = os.path.join(here, "add_relu", "test_data_set_0")
os.makedirs(folder, exist_ok=True)
with open(os.path.join(folder, "input_0.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x, "x").SerializeToString())
with open(os.path.join(folder, "output_0.pb"), "wb") as f:
    f.write(numpy_helper.from_array(y, "y").SerializeToString())
np.save(os.path.join(here, "add_relu_x.npy"), x)
np.savez_compressed(os.path.join(here, "add_relu_inputs.npz"), x=x)
