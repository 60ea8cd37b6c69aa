"""The drift report: every reader program run under another torch, against the build's
own outputs (scripts/tools/drift.py is the command, `make drift TORCH=<version>`)."""
