#!/usr/bin/env python3
"""Independent check of the example ONNX files (no onnxruntime needed).

For every model: onnx.load + onnx.checker, then evaluate the graph with a tiny NumPy
interpreter (Gemm, Conv, Relu, MaxPool, Flatten only) AND with torch functional ops on
the same initializers, on the model's sample input. For the Fashion-MNIST models it also
reports accuracy on test-500.json.

  /usr/bin/python3 examples/verify.py
"""
import json
import os

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def run_numpy(model, x):
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    env[model.graph.input[0].name] = x.astype(np.float64)
    for n in model.graph.node:
        a = attrs(n)
        i = [env[k] for k in n.input]
        if n.op_type == "Gemm":
            b = i[1].T if a.get("transB", 0) else i[1]
            y = a.get("alpha", 1.0) * (i[0] @ b) + a.get("beta", 1.0) * i[2]
        elif n.op_type == "Relu":
            y = np.maximum(i[0], 0)
        elif n.op_type == "Flatten":
            y = i[0].reshape(i[0].shape[0], -1)
        elif n.op_type == "Conv":
            w, bias = i[1], i[2]
            kh, kw = a["kernel_shape"]
            p = a["pads"]
            assert a["strides"] == [1, 1] and a.get("group", 1) == 1
            xp = np.pad(i[0], ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])))
            N, C, H, W = xp.shape
            oh, ow = H - kh + 1, W - kw + 1
            y = np.zeros((N, w.shape[0], oh, ow))
            for dy in range(kh):
                for dx in range(kw):
                    y += np.einsum("nchw,oc->nohw", xp[:, :, dy:dy + oh, dx:dx + ow], w[:, :, dy, dx])
            y += bias[None, :, None, None]
        elif n.op_type == "MaxPool":
            assert a["kernel_shape"] == [2, 2] and a["strides"] == [2, 2]
            N, C, H, W = i[0].shape
            y = i[0].reshape(N, C, H // 2, 2, W // 2, 2).max(axis=(3, 5))
        else:
            raise NotImplementedError(n.op_type)
        env[n.output[0]] = y
    return env[model.graph.output[0].name]


@torch.no_grad()
def run_torch(model, x):
    w = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in model.graph.initializer}
    h = torch.from_numpy(x.astype(np.float32))
    for n in model.graph.node:
        a = attrs(n)
        if n.op_type == "Gemm":
            h = F.linear(h, w[n.input[1]], w[n.input[2]])
        elif n.op_type == "Relu":
            h = F.relu(h)
        elif n.op_type == "Flatten":
            h = torch.flatten(h, 1)
        elif n.op_type == "Conv":
            h = F.conv2d(h, w[n.input[1]], w[n.input[2]], padding=a["pads"][0])
        elif n.op_type == "MaxPool":
            h = F.max_pool2d(h, 2)
    return h.numpy()


def shape_of(model):
    return [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]


def check(onnx_path, input_path, test_path=None):
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    shape = shape_of(m)
    with open(input_path) as f:
        x = np.array(json.load(f)["input_data"][0], dtype=np.float32).reshape(shape)
    ln, lt = run_numpy(m, x), run_torch(m, x)
    diff = float(np.abs(ln - lt).max())
    print(f"{os.path.relpath(onnx_path, HERE)}: input {shape}, ops {[n.op_type for n in m.graph.node]}")
    print(f"  {os.path.basename(input_path)}: argmax numpy {int(ln.argmax())}, torch {int(lt.argmax())}, "
          f"max |diff| {diff:.2e}, logits {np.round(ln.ravel(), 3).tolist()}")
    assert int(ln.argmax()) == int(lt.argmax()) and diff < 1e-3
    if test_path:
        with open(test_path) as f:
            t = json.load(f)
        xs = np.array(t["input_data"][0], dtype=np.float32).reshape(-1, *shape[1:])
        ys = np.array(t["labels"])
        pred = run_torch(m, xs).argmax(axis=1)
        print(f"  test-500 accuracy: {(pred == ys).mean():.3f}")
    return int(lt.argmax())


def main():
    torch.set_num_threads(1)
    fm = os.path.join(HERE, "fashion-mnist")
    b = os.path.join(HERE, "bench")
    p1 = check(os.path.join(fm, "mlp.onnx"), os.path.join(fm, "input.json"), os.path.join(fm, "test-500.json"))
    p2 = check(os.path.join(fm, "cnn.onnx"), os.path.join(fm, "input-cnn.json"), os.path.join(fm, "test-500.json"))
    print(f"  input.json predicted class: MLP {p1} ({CLASSES[p1]}), CNN {p2} ({CLASSES[p2]})")
    check(os.path.join(b, "dense-4m.onnx"), os.path.join(b, "dense-4m-input.json"))
    check(os.path.join(b, "cifar-cnn.onnx"), os.path.join(b, "cifar-cnn-input.json"))
    for name in ["input.json", "input-cnn.json", "calibration.json", "test-500.json"]:
        with open(os.path.join(fm, name)) as f:
            d = json.load(f)
        v = np.array(d["input_data"][0])
        print(f"  {name}: {len(d['input_data'])} list(s), {v.size} floats in [{v.min()}, {v.max()}]"
              + (f", {len(d['labels'])} labels" if "labels" in d else ""))
    print("OK")


if __name__ == "__main__":
    main()
