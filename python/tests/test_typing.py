"""Every public name has a stub and a docstring with an example."""

import ast
import doctest
import inspect
from pathlib import Path

import comity

STUBS = Path(__file__).resolve().parents[1] / "comity" / "__init__.pyi"


def stub_names() -> set:
    tree = ast.parse(STUBS.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
    return names


def test_every_public_name_has_a_stub():
    missing = set(comity.__all__) - stub_names()
    assert not missing, f"no stub in {STUBS.name} for {sorted(missing)}"


def test_every_public_function_and_class_has_an_example():
    for name in comity.__all__:
        item = getattr(comity, name)
        # Compiled functions (`baron_ferejohn`) are builtins.
        if inspect.isclass(item) or inspect.isfunction(item) or inspect.isbuiltin(item):
            assert ">>> " in (item.__doc__ or ""), f"{name} has no example in its docstring"


COMPILED = [
    ("Game", comity.Game),
    ("Game.weighted", comity.Game.weighted),
    ("Game.is_winning", comity.Game.is_winning),
    ("baron_ferejohn", comity.baron_ferejohn),
    ("BaronFerejohn", comity.BaronFerejohn),
    ("BaronFerejohn.value", comity.BaronFerejohn.value),
    ("BaronFerejohn.to_frame", comity.BaronFerejohn.to_frame),
]


def test_the_compiled_examples_run():
    # pytest's --doctest-modules reads .py files only; the compiled items' examples run here.
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    ran = 0
    for name, doc in [(name, item.__doc__) for name, item in COMPILED]:
        assert doc and ">>> " in doc, f"{name} has no example"
        test = parser.get_doctest(doc, {}, name, None, 0)
        result = runner.run(test)
        assert result.failed == 0, f"{name}: {result.failed} example(s) failed"
        ran += result.attempted
    assert ran >= 20
