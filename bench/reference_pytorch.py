"""The reference recipe in PyTorch ("softmax regression, concise implementation", Dive into
Deep Learning), as written in ../shared/reference/seed-softmax-regression.txt: torchvision MNIST
with ToTensor, DataLoader(batch 256, shuffle), nn.Linear(784, 10) with normal(0, 0.01) weights
and zero bias, CrossEntropyLoss, SGD lr 0.005, 10 epochs, test accuracy after every epoch.

Usage: reference_pytorch.py MNIST_DIR [EPOCHS]
MNIST_DIR holds the four raw IDX files (train-images-idx3-ubyte ...); they are linked into the
folder layout torchvision expects (ROOT/MNIST/raw/) in a temp folder, never downloaded.
Prints the epoch lines and one 'RESULT train_s=... test_acc=...' line.
"""
import os
import sys
import tempfile
import time

import torch
import torchvision
from torch import nn
from torch.nn import init

FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


def load_data_mnist(batch_size, root):
    transform = torchvision.transforms.ToTensor()
    mnist_train = torchvision.datasets.MNIST(root=root, train=True, download=False, transform=transform)
    mnist_test = torchvision.datasets.MNIST(root=root, train=False, download=False, transform=transform)
    train_iter = torch.utils.data.DataLoader(mnist_train, batch_size=batch_size, shuffle=True)
    test_iter = torch.utils.data.DataLoader(mnist_test, batch_size=batch_size, shuffle=False)
    return train_iter, test_iter


class LinearNet(nn.Module):
    def __init__(self, num_inputs, num_outputs):
        super(LinearNet, self).__init__()
        self.linear = nn.Linear(num_inputs, num_outputs)

    def forward(self, x):
        return self.linear(x.view(x.shape[0], -1))


def evaluate_accuracy(data_iter, net):
    acc_sum, n = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            acc_sum += (net(X).argmax(dim=1) == y).float().sum().item()
            n += y.shape[0]
    return acc_sum / n


def main():
    data_dir = sys.argv[1]
    num_epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    torch.manual_seed(42)
    root = tempfile.mkdtemp(prefix="softmax4j-bench-torch-")
    raw = os.path.join(root, "MNIST", "raw")
    os.makedirs(raw)
    for f in FILES:
        os.symlink(os.path.abspath(os.path.join(data_dir, f)), os.path.join(raw, f))
    train_iter, test_iter = load_data_mnist(256, root)
    net = LinearNet(784, 10)
    init.normal_(net.linear.weight, mean=0, std=0.01)
    init.constant_(net.linear.bias, val=0)
    loss = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.005)
    start = time.perf_counter()
    test_acc = 0.0
    for epoch in range(num_epochs):
        train_l_sum, train_acc_sum, n = 0.0, 0.0, 0
        for X, y in train_iter:
            y_hat = net(X)
            l = loss(y_hat, y).sum()
            optimizer.zero_grad()
            l.backward()
            optimizer.step()
            train_l_sum += l.item()
            train_acc_sum += (y_hat.argmax(dim=1) == y).sum().item()
            n += y.shape[0]
        test_acc = evaluate_accuracy(test_iter, net)
        print('epoch %d, loss %.4f, train acc %.3f, test acc %.3f'
              % (epoch + 1, train_l_sum / n, train_acc_sum / n, test_acc), flush=True)
    print("RESULT train_s=%.3f test_acc=%.4f" % (time.perf_counter() - start, test_acc), flush=True)


if __name__ == "__main__":
    main()
