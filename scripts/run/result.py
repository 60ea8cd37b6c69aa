"""What a run of a reader program produced, typed.

scripts/run/child.py writes JSON (the execution cache and the GPU recordings keep that
format); `Run.from_json` is the one place that reads it by key, `to_json` writes it
back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scripts.run.programs import Program, raised_as_announced


def shape_text(shape: tuple[int, ...] | list[int]) -> str:
    """A shape as torch.Size prints it, a tuple: (3, 2), (16,), ()."""
    return str(tuple(shape))


@dataclass(frozen=True)
class Binding:
    """One tensor a line bound, read from the live object (shape notes,
    predict-first)."""

    line: int  # line in the snippet file
    name: str
    shape: tuple[int, ...]
    dtype: str
    device: str
    requires_grad: bool
    grad_fn: str | None
    run_pass: str  # "only", or "first"/"last" for a line that ran many times
    passes: int

    @classmethod
    def from_json(cls, data: dict) -> Binding:
        return cls(
            data["line"],
            data["name"],
            tuple(data["shape"]),
            data["dtype"],
            data["device"],
            data["requires_grad"],
            data["grad_fn"],
            data["pass"],
            data["passes"],
        )

    def to_json(self) -> dict:
        return {
            "line": self.line,
            "name": self.name,
            "shape": list(self.shape),
            "dtype": self.dtype,
            "device": self.device,
            "requires_grad": self.requires_grad,
            "grad_fn": self.grad_fn,
            "pass": self.run_pass,
            "passes": self.passes,
        }


@dataclass(frozen=True)
class Raised:
    """The exception that ended a section."""

    type: str  # the class name, e.g. RuntimeError
    message: str  # as Python prints its last line(s)
    traceback: str

    @classmethod
    def from_json(cls, data: dict | None) -> Raised | None:
        if data is None:
            return None
        return cls(data["type"], data["message"], data["traceback"])

    def to_json(self) -> dict:
        return {"type": self.type, "message": self.message, "traceback": self.traceback}


@dataclass(frozen=True)
class SectionRun:
    name: str
    stdout: str
    error: Raised | None
    seconds: float
    bindings: tuple[Binding, ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> SectionRun:
        bindings = tuple(Binding.from_json(b) for b in data.get("bindings") or [])
        error = Raised.from_json(data["error"])
        return cls(data["name"], data["stdout"], error, data["seconds"], bindings)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "stdout": self.stdout,
            "error": self.error.to_json() if self.error else None,
            "seconds": self.seconds,
            "bindings": [b.to_json() for b in self.bindings],
        }


@dataclass(frozen=True)
class Run:
    """Every section that ran (in order, up to the one that raised), and what was
    left."""

    sections: tuple[SectionRun, ...]
    # the simple values left behind
    values: dict[str, Any] = field(default_factory=dict)
    torch: str | None = None
    device: str | None = None
    python: str | None = None

    @classmethod
    def from_json(cls, data: dict) -> Run:
        sections = tuple(SectionRun.from_json(s) for s in data["sections"])
        return cls(
            sections,
            data["values"],
            data.get("torch"),
            data.get("device"),
            data.get("python"),
        )

    def to_json(self) -> dict:
        return {
            "sections": [s.to_json() for s in self.sections],
            "values": self.values,
            "torch": self.torch,
            "device": self.device,
            "python": self.python,
        }

    def section(self, name: str) -> SectionRun | None:
        return next((s for s in self.sections if s.name == name), None)

    def bindings(self) -> list[Binding]:
        """Every binding of every section, in order."""
        return [b for s in self.sections for b in s.bindings]


@dataclass
class Result:
    program: Program
    run: Run
    seconds: float  # wall time of this run (0 when reused from the cache)
    reused: bool
    executed: bool = True  # False only with LESSON_EXECUTE=0

    def section(self, name: str) -> SectionRun | None:
        """The run of one section; None when an earlier section stopped the program."""
        return self.run.section(name)

    def problem(self) -> str | None:
        """Why this run does not match what the file promises, or None."""
        if not self.executed:
            return None
        sections, announced = self.run.sections, self.program.raises
        for entry in sections[:-1]:
            if entry.error:
                return entry.error.traceback
        last = sections[-1].error if sections else None
        if last and not raised_as_announced(last.type, announced):
            note = f"(the file announces {announced})\n" if announced else ""
            return note + last.traceback
        if announced and not last:
            return (
                f"{self.program.display}: the file announces "
                f"'# raises: {announced}' but nothing was raised"
            )
        if len(sections) != len(self.program.sections()):
            return (
                f"{self.program.display}: stopped after section '{sections[-1].name}'"
            )
        return None
