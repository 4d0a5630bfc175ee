"""Reference values for FloatTrainerTest: torch.optim.SGD on a 4-5-3 network in float64 (a ReLU,
sigmoid, tanh or leaky ReLU hidden layer), for cross-entropy (mean over the batch) and for the
trainer's MSE (half the squared error summed over the outputs against the one-hot label, mean over
the batch), with momentum and weight decay. Run with Debian's python3-torch:
/usr/bin/python3 pytorch_sgd.py > pytorch_sgd.json"""
import json
import torch

torch.manual_seed(0)
g = torch.Generator().manual_seed(1)
x = torch.randn(12, 4, generator=g, dtype=torch.float64)
labels = torch.tensor([i % 3 for i in range(12)])
w1 = torch.randn(5, 4, generator=g, dtype=torch.float64) * 0.5
b1 = torch.randn(5, generator=g, dtype=torch.float64) * 0.1
w2 = torch.randn(3, 5, generator=g, dtype=torch.float64) * 0.5
b2 = torch.randn(3, generator=g, dtype=torch.float64) * 0.1
batches = [[0, 5, 7, 2], [11, 3, 9, 1], [4, 8, 6, 10], [3, 0, 11, 6]]

cases = []
ACTIVATIONS = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
               "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.1)}
for loss_name, lr, momentum, decay, activation in [("cross_entropy", 0.1, 0.9, 0.01, "relu"), ("mse", 0.05, 0.0, 0.0, "relu"),
                                                   ("mse", 0.2, 0.5, 0.001, "relu"), ("cross_entropy", 0.1, 0.9, 0.01, "sigmoid"),
                                                   ("mse", 0.2, 0.5, 0.001, "tanh"), ("cross_entropy", 0.1, 0.0, 0.0, "leaky_relu")]:
    params = [p.clone().requires_grad_(True) for p in (w1, b1, w2, b2)]
    opt = torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=decay)
    losses = []
    for batch in batches:
        xb, yb = x[batch], labels[batch]
        out = ACTIVATIONS[activation](xb @ params[0].T + params[1]) @ params[2].T + params[3]
        if loss_name == "cross_entropy":
            loss = torch.nn.functional.cross_entropy(out, yb)
        else:
            target = torch.nn.functional.one_hot(yb, 3).to(torch.float64)
            loss = (0.5 * ((out - target) ** 2).sum(dim=1)).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    cases.append({"loss": loss_name, "activation": activation, "learning_rate": lr, "momentum": momentum, "weight_decay": decay, "losses": losses,
                  "w1": params[0].tolist(), "b1": params[1].tolist(), "w2": params[2].tolist(), "b2": params[3].tolist()})

print(json.dumps({"torch": torch.__version__, "x": x.tolist(), "labels": labels.tolist(), "w1": w1.tolist(), "b1": b1.tolist(),
                  "w2": w2.tolist(), "b2": b2.tolist(), "batches": batches, "cases": cases}, indent=1))
