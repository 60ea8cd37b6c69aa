# --8<-- [start:linear]
import io  # an in-memory file, used further down to save a model

import torch
import torch.nn as nn

torch.manual_seed(0)

layer = nn.Linear(in_features=3, out_features=2)  # y = x @ W.T + b
print(layer)
for name, p in layer.named_parameters():
    print(f"{name + ':':<7} shape {tuple(p.shape)}, "
          f"requires_grad={p.requires_grad}")

x = torch.randn(4, 3)  # a batch of 4 samples, 3 features each
y = layer(x)
print(f"input {tuple(x.shape)} -> output {tuple(y.shape)}, "
      f"grad_fn={type(y.grad_fn).__name__}")
# --8<-- [end:linear]

# --8<-- [start:sequential]
mlp = nn.Sequential(
    nn.Linear(3, 8),
    nn.ReLU(),
    nn.Linear(8, 2),
)
print(mlp)
print(f"output shape: {tuple(mlp(x).shape)}")
# --8<-- [end:sequential]

# --8<-- [start:typed]
def op_entries(t):
    """Operation entries behind t, newest first (no AccumulateGrad)."""
    found, todo = [], [t.grad_fn]
    while todo:
        fn = todo.pop(0)
        if type(fn).__name__ != "AccumulateGrad":
            found.append(type(fn).__name__)
        todo += [child for child, _ in fn.next_functions if child is not None]
    return found


y_module = layer(x)                          # what Linear runs
y_typed = x @ layer.weight.T + layer.bias    # the same formula, typed
module_ops, typed_ops = op_entries(y_module), op_entries(y_typed)
print(f"layer(x):            {module_ops}")
print(f"x @ W.T + b, typed:  {typed_ops}")
same_numbers = torch.allclose(y_module, y_typed)
print(f"same numbers: {same_numbers}")
x3 = torch.randn(2, 4, 3)  # a 3-D batch: 2 groups of 4 samples
ops_3d = op_entries(layer(x3))
print(f"layer(x3), 3-D:      {ops_3d}")
# --8<-- [end:typed]

# --8<-- [start:ledger]
# Which parameter each AccumulateGrad entry feeds, by name.
names = {id(p): name for name, p in mlp.named_parameters()}
entries = []  # every entry's type, in the order printed


def show_entries(fn, depth=0):
    """Print the ledger behind a tensor, newest entry first, one per line."""
    label = type(fn).__name__
    entries.append(label)
    if hasattr(fn, "variable"):  # a leaf: .grad of this parameter is filled
        label += f"  -> .grad of {names[id(fn.variable)]}"
    print("    " * depth + label)
    for child, _ in fn.next_functions:
        if child is not None:  # None: an input that needs no gradient (x)
            show_entries(child, depth + 1)


out = mlp(x)
show_entries(out.grad_fn)
n_ops = sum(e != "AccumulateGrad" for e in entries)
n_modules = len(mlp)
print(f"{n_modules} modules, {n_ops} operation entries, "
      f"{len(entries) - n_ops} AccumulateGrad entries")

# A second call writes new operation entries, and links them to the
# AccumulateGrad entries that out's ledger still holds.
again = mlp(x)
leaf_first = out.grad_fn.next_functions[0][0]  # AccumulateGrad of 2.bias
leaf_again = again.grad_fn.next_functions[0][0]
same_leaf = leaf_again is leaf_first
print(f"second call: new AddmmBackward0? {again.grad_fn is not out.grad_fn}"
      f"   same AccumulateGrad for 2.bias? {same_leaf}")

# The parameter does not keep that entry alive. Tag it, let go of
# every ledger that holds it, and call again.
leaf_first.metadata["tag"] = "first call"
tag_while_held = leaf_again.metadata.get("tag")
print(f"tag seen through the second ledger: {tag_while_held}")
del out, again, leaf_first, leaf_again
third = mlp(x)
tag_after = third.grad_fn.next_functions[0][0].metadata.get("tag")
print(f"both ledgers gone, a third call: tag = {tag_after}")
new_entry = tag_after is None  # no tag: a new AccumulateGrad entry
# --8<-- [end:ledger]

# --8<-- [start:custom]
class TinyNet(nn.Module):
    def __init__(self, n_in=4, n_hidden=8, n_out=2):
        super().__init__()
        # Assigning a Module or a Parameter to self registers it.
        self.encoder = nn.Sequential(nn.Linear(n_in, n_hidden),
                                     nn.ReLU())
        self.head = nn.Linear(n_hidden, n_out)
        self.scale = nn.Parameter(torch.ones(n_out))  # a bare learnable tensor

    def forward(self, x):
        return self.head(self.encoder(x)) * self.scale


net = TinyNet()
print(net)
print(f"output shape: {tuple(net(torch.randn(5, 4)).shape)}")
# --8<-- [end:custom]

# --8<-- [start:parameters]
for name, p in net.named_parameters():
    print(f"{name:<18} {str(tuple(p.shape)):<8} {p.numel():>3} numbers")

n_params = sum(p.numel() for p in net.parameters())
# By hand: a Linear(i, o) holds i*o weights and o biases.
n_by_hand = (4 * 8 + 8) + (8 * 2 + 2) + 2
print(f"sum of numel: {n_params}   by hand: {n_by_hand}   "
      f"equal: {n_params == n_by_hand}")
# --8<-- [end:parameters]

# --8<-- [start:device]
if torch.cuda.is_available():
    device = torch.device("cuda")
elif torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")

net = net.to(device)  # every parameter and buffer of every sub-module
inputs = torch.randn(5, 4).to(device)  # the data must be there too
print(f"device chosen: {device.type}")
on_it = all(p.device.type == device.type for p in net.parameters())
print(f"all parameters on it: {on_it}")
print(f"output on: {net(inputs).device.type}")
# --8<-- [end:device]

# --8<-- [start:state-dict]
state = net.state_dict()  # name -> tensor, for every parameter and buffer
print(f"keys: {list(state)}")

# An in-memory file; torch.save(state, "tinynet.pt") writes a real one.
buffer = io.BytesIO()
torch.save(state, buffer)
buffer.seek(0)

torch.manual_seed(123)
fresh = TinyNet().to(device)  # different random weights
same_before = all(torch.equal(fresh.state_dict()[k], v)
                  for k, v in state.items())

fresh.load_state_dict(torch.load(buffer, weights_only=True))
round_trip = all(torch.equal(fresh.state_dict()[k], v)
                 for k, v in state.items())
print(f"fresh model equal before loading: {same_before}")
print(f"fresh model equal after loading:  {round_trip}")
same_outputs = torch.equal(fresh(inputs), net(inputs))
print(f"same outputs: {same_outputs}")
# --8<-- [end:state-dict]

# --8<-- [start:train-eval]
torch.manual_seed(0)
drop = nn.Dropout(p=0.5)
ones = torch.ones(10)

drop.train()  # the default mode of every new module
out_train = drop(ones)
n_zeroed = int((out_train == 0).sum())
print(f"train mode: {out_train.tolist()}")
survivors = out_train[out_train != 0].unique().tolist()
print(f"  zeroed: {n_zeroed} of {ones.numel()}, "
      f"survivors scaled to {survivors}")

drop.eval()
out_eval = drop(ones)
print(f"eval mode:  {out_eval.tolist()}")
eval_identity = torch.equal(out_eval, ones)
print(f"  identity: {eval_identity}")

model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5), nn.Linear(4, 1))
model.eval()  # one call flips every sub-module
flags_eval = [m.training for m in model.modules()]
print(f"after model.eval():  {flags_eval}")
model.train()
flags_train = [m.training for m in model.modules()]
print(f"after model.train(): {flags_train}")
# --8<-- [end:train-eval]
