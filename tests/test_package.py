"""The package as readers import it."""

import importlib

import pytest

import lib


def test_lib_exports_what_it_lists():
    assert len(lib.__all__) == len(set(lib.__all__))
    for name in lib.__all__:
        assert hasattr(lib, name), name


def test_lib_is_importable_without_a_path_edit():
    # installed by the `-e .` line of requirements.txt, not found through the working folder
    assert lib.__file__.endswith("lib/__init__.py")


@pytest.mark.parametrize("name", ["lib.pictures", "lib.explorers", "lib.measure", "lib.teaching"])
def test_each_layer_below_the_maths_exports_what_it_lists(name):
    module = importlib.import_module(name)
    assert module.__all__ and len(module.__all__) == len(set(module.__all__))
    for attribute in module.__all__:
        assert hasattr(module, attribute), f"{name}.{attribute}"
