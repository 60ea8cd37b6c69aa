import torch
import torch.nn as nn

# The classic mistake: the model went to the GPU, one input tensor did not.
# It needs a second device, so this program tries it only on CUDA.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = nn.Linear(1, 1).to(device)
x = torch.ones(4, 1)  # forgot .to(device): this tensor stays on the CPU

mix_was_run = device.type == "cuda"
if mix_was_run:
    try:
        model(x)
    except RuntimeError as err:
        print(f"RuntimeError: {str(err).splitlines()[0]}")
    # The one exception: a 0-dim CPU tensor (a single number) may meet
    # CUDA tensors; PyTorch passes its value along.
    scalar = torch.tensor(2.0)  # 0-dim, on the CPU
    scaled = model.weight * scalar
    print(f"weight on {model.weight.device} * 0-dim tensor on "
          f"{scalar.device} -> result on {scaled.device}")
else:
    print("No CUDA device here: model and data are both on the CPU,")
    print("so there is nothing to mix, and no error to show.")
