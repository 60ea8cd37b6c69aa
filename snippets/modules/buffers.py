# --8<-- [start:train]
# Batch norm keeps running statistics: tensors it updates but never learns.
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(3)  # one feature per column of its input
param_names = [name for name, _ in bn.named_parameters()]
buffer_names = [name for name, _ in bn.named_buffers()]
state_names = list(bn.state_dict())
buffers_learnable = any(t.requires_grad for t in bn.buffers())
print(f"parameters: {param_names}")
print(f"buffers:    {buffer_names}")
print(f"state_dict: {state_names}")
print(f"any buffer requires grad: {buffers_learnable}")
start_mean, start_var = bn.running_mean.tolist(), bn.running_var.tolist()
print(f"before any batch: running_mean {start_mean}, "
      f"running_var {start_var}")

batch = torch.randn(32, 3) * 2 + 5  # means near 5, spread near 2
bn.train()
out_train = bn(batch)  # normalized with this batch's own statistics
running_mean = bn.running_mean.clone()  # a copy: bn updates it in place
running_var = bn.running_var.clone()
# momentum 0.1: keep 90% of the old estimate, take 10% of the batch's
mean_rule = torch.allclose(running_mean, 0.9 * 0 + 0.1 * batch.mean(0))
var_rule = torch.allclose(running_var, 0.9 * 1 + 0.1 * batch.var(0))


def show(t):
    return [round(v, 3) for v in t.tolist()]


print(f"batch mean:   {show(batch.mean(0))}")
print(f"running_mean: {show(running_mean)}   rule holds: {mean_rule}")
print(f"running_var:  {show(running_var)}   rule holds: {var_rule}")
train_mean = out_train.mean(0).abs().max().item()
centered = train_mean < 1e-5
print(f"train-mode output, each feature's mean within 1e-5 of 0: {centered}")
# --8<-- [end:train]

# --8<-- [start:eval]
for _ in range(99):  # 99 more batches from the same source
    bn(torch.randn(32, 3) * 2 + 5)
n_batches = bn.num_batches_tracked.item()
final_mean = show(bn.running_mean)
print(f"after {n_batches} batches, running_mean: {final_mean}")

bn.eval()
before = bn.running_mean.clone()
out_eval = bn(batch)  # the same batch as before, now in eval mode
frozen_stats = torch.equal(bn.running_mean, before)
by_hand = ((batch - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
           * bn.weight + bn.bias)
max_gap = (out_eval - by_hand).abs().max().item()
print(f"eval mode left the buffers unchanged: {frozen_stats}")
print(f"eval output vs. the formula with running statistics, largest gap: "
      f"{max_gap:.1e}")
modes_differ = not torch.allclose(out_train, out_eval, atol=1e-3)
print(f"same batch, train and eval outputs differ: {modes_differ}")
# --8<-- [end:eval]
