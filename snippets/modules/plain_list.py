# raises: ValueError
# Layers kept in a plain Python list are not registered with the module.
import torch
import torch.nn as nn


class ListNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(8, 8) for _ in range(3)]  # a plain list

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


model = ListNet()
n_registered = len(list(model.parameters()))
print(f"parameters registered: {n_registered}")
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
