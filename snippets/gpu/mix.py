import torch
import torch.nn as nn

# The classic mistake: the model went to the GPU, one input tensor did not.
# It only exists where there is a second device, so this program tries it only on CUDA.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = nn.Linear(1, 1).to(device)
x = torch.ones(4, 1)  # forgot .to(device): this tensor stays on the CPU

mix_was_run = device.type == "cuda"
if mix_was_run:
    try:
        model(x)
    except RuntimeError as err:
        print(f"RuntimeError: {str(err).splitlines()[0]}")
    mix_status = "was run on the machine that built this page: its real message is printed above"
else:
    print("No CUDA device on this machine: model and data are both on the CPU,")
    print("so there is nothing to mix. The mistake was not run, and no error is shown.")
    mix_status = "was not run on the machine that built this page, which has no CUDA device"
