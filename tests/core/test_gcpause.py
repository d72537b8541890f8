"""The collector is paused only inside the block and comes back as it was, even on error."""

import gc

import pytest

from clusterzone.core.gcpause import paused_gc


def test_paused_inside_restored_after_even_on_error():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), paused_gc():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_left_off_when_it_was_off():
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
