"""Output comparison, both ways: what must match, and what must not."""

import pytest

from tests.outputs import outputs_match


def test_the_same_text_matches():
    assert outputs_match("loss 0.25\n", "loss 0.25")


@pytest.mark.parametrize("shown,ran", [("0.0026", "0.0027"), ("0.0027", "0.0026")])
def test_one_unit_in_the_last_printed_place_is_forgiven_either_way(shown, ran):
    assert outputs_match(f"loss {shown}", f"loss {ran}")


@pytest.mark.parametrize(
    "shown,ran",
    [
        ("loss 0.0026", "loss 0.0028"),  # two units
        ("step 3", "step 4"),  # integers print exactly
        ("loss 0.0026", "loss 0.00260"),  # another number of places
        ("loss 0.25", "gain 0.25"),  # words
        ("torch.Size([2, 3])", "torch.Size([3, 2])"),  # shapes
        ("1.5 2.5", "1.5"),  # a number missing
        ("1.5", "1.5 2.5"),  # a number added
        ("1.0e-03", "1.1e-02"),  # another exponent
    ],
)
def test_anything_else_does_not_match(shown, ran):
    assert not outputs_match(shown, ran)
    assert not outputs_match(ran, shown)
