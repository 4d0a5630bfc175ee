# Exports the small CNN used by PyTorchExportTest (model/src/test/java/io/zkml4j/model/onnx) (run with Debian's python3-torch and python3-onnx):
#   python3 export_pytorch_cnn.py
# It writes the model at opsets 9 and 13, one input and PyTorch's output for it.
import torch, torch.nn as nn, onnx
from onnx import numpy_helper
torch.manual_seed(7)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.c2 = nn.Conv2d(4, 6, 3, stride=2, padding=1, groups=2)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(6, 16)
        self.drop = nn.Dropout(0.3)
        self.fc2 = nn.Linear(16, 5)
    def forward(self, x):
        x = self.bn(torch.relu(self.c1(x)))
        x = self.pool(x)
        x = nn.functional.leaky_relu(self.c2(x), 0.1)
        x = nn.functional.adaptive_avg_pool2d(x, 1)
        x = x.view(x.size(0), -1)
        x = torch.sigmoid(self.fc1(x)) * torch.tanh(self.fc1(x)) - 0.25
        x = self.drop(x)
        x = torch.clamp(self.fc2(x), -2, 2)
        return torch.softmax(x, dim=1)
net = Net()
with torch.no_grad():
    net.bn.running_mean.uniform_(-0.5, 0.5); net.bn.running_var.uniform_(0.5, 2)
net.eval()
x = torch.randn(1, 1, 12, 12)
y = net(x)
for opset in (9, 13):
    torch.onnx.export(net, x, f"pytorch_cnn_opset{opset}.onnx", opset_version=opset, input_names=["image"], output_names=["probs"],
                      dynamic_axes={"image": {0: "batch"}, "probs": {0: "batch"}}, do_constant_folding=False)
    print(opset, [n.op_type for n in onnx.load(f"pytorch_cnn_opset{opset}.onnx").graph.node])
open("pytorch_cnn_input.pb", "wb").write(numpy_helper.from_array(x.numpy(), "image").SerializeToString())
open("pytorch_cnn_output.pb", "wb").write(numpy_helper.from_array(y.detach().numpy(), "probs").SerializeToString())
