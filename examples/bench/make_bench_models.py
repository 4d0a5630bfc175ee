#!/usr/bin/env python3
"""Write randomly initialised (untrained) models for zkml4j performance measurement.

These models are NOT trained; their predictions are meaningless. They only fix realistic
shapes and sizes for benchmarking proving/verification.

Outputs (written next to this script):
  dense-4m.onnx          MLP 784-2048-1024-512-10 with ReLU, input [1, 784]   (~4.24M parameters)
  dense-4m-input.json    random input in [0, 1]  {"input_data": [[784 floats]]}
  cifar-cnn.onnx         3x(Conv3x3-ReLU-MaxPool2) + 2 Linear, input [1, 3, 32, 32]  (~255K parameters)
  cifar-cnn-input.json   random input in [0, 1]  {"input_data": [[3072 floats]]} (row-major NCHW)

Run with the Debian system Python (torch 1.13, onnx 1.12):
  /usr/bin/python3 examples/bench/make_bench_models.py
"""
import json
import os

import numpy as np
import onnx
import torch
import torch.nn as nn

SEED = 1234
HERE = os.path.dirname(os.path.abspath(__file__))


def make_dense_4m():
    return nn.Sequential(
        nn.Linear(784, 2048), nn.ReLU(),
        nn.Linear(2048, 1024), nn.ReLU(),
        nn.Linear(1024, 512), nn.ReLU(),
        nn.Linear(512, 10),
    )


def make_cifar_cnn():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 32x16x16
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 64x8x8
        nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 64x4x4
        nn.Flatten(),                                                 # 1024
        nn.Linear(1024, 192), nn.ReLU(),
        nn.Linear(192, 10),
    )


def round6(values):
    return [float(f"{v:.6g}") for v in np.asarray(values, dtype=np.float64).ravel()]


def build(name, factory, shape, seed):
    torch.manual_seed(seed)
    model = factory().eval()
    params = sum(p.numel() for p in model.parameters())
    onnx_path = os.path.join(HERE, f"{name}.onnx")
    torch.onnx.export(
        model, torch.zeros(1, *shape), onnx_path,
        opset_version=13,
        do_constant_folding=True,
        input_names=["input"],
        output_names=["logits"],
    )  # no dynamic_axes: batch size fixed at 1
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    ops = [n.op_type for n in m.graph.node]

    # random input in [0, 1), seeded, rounded to 6 significant digits
    rng = np.random.default_rng(seed)
    x = rng.random(int(np.prod(shape)), dtype=np.float64)
    flat = round6(x)
    json_path = os.path.join(HERE, f"{name}-input.json")
    with open(json_path, "w") as f:
        json.dump({"input_data": [flat]}, f, separators=(",", ":"))
        f.write("\n")
    with torch.no_grad():
        logits = model(torch.tensor(flat, dtype=torch.float32).reshape(1, *shape))
    print(f"{name}: {params} parameters, {os.path.getsize(onnx_path)} bytes, ops: {ops}")
    print(f"  {os.path.basename(json_path)}: {os.path.getsize(json_path)} bytes, "
          f"argmax {int(logits.argmax())}")


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    build("dense-4m", make_dense_4m, (784,), SEED)
    build("cifar-cnn", make_cifar_cnn, (3, 32, 32), SEED + 1)


if __name__ == "__main__":
    main()
