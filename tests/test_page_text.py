"""What a reader sees of a chapter's code and prose, read from the notebooks (no build, no
browser; tests/browser/test_reading.py measures the built pages).

Which code a reader sees: a code cell is *shown* unless it is tagged ``remove-cell`` or
``remove-input`` (the book hides those cells' code; a ``remove-input`` cell's output is
still shown). A solution's code is the ```` ```python ```` fenced code of a markdown cell
tagged ``solution`` (shown when the reader opens it; the student edition drops it).

The rules, each stated precisely in its test's docstring:

- a solution does not repeat a computation of a shown code cell above it;
- every name a shown code cell (or a solution) uses is defined in a shown code cell above
  it, in the cell itself, or is a builtin of Python or IPython;
- no shown code line and no solution line is over 79 characters;
- a chapter has at most 2,800 words of Markdown prose;
- no cell whose output is shown ends on a bare boolean (a stray ``True``/``False``).
"""

from __future__ import annotations

import ast
import builtins
import inspect
import io
import re
import symtable
import textwrap
import tokenize

import pytest
from test_exercises import CHAPTERS, cells_of, exercises, fenced_code, source, tags

import lib.teaching

HIDDEN_CODE = {"remove-cell", "remove-input"}  # the book shows neither cell's code
HIDDEN_OUTPUT = {"remove-cell", "remove-output"}  # ... nor these cells' outputs
MAX_LINE = 79  # characters: longer lines scroll sideways in the site's code box
MAX_WORDS = 2800  # Markdown prose per chapter, split on whitespace
SHORT = 15  # characters: a computation shorter than this is a building block, not an answer
# Names that IPython gives every notebook without an import.
IPYTHON_NAMES = {"display", "get_ipython", "In", "Out", "_", "__", "___", "exit", "quit"}


def shown_code(cell) -> bool:
    return cell["cell_type"] == "code" and not HIDDEN_CODE & set(tags(cell))


def parse(code: str, where: str) -> ast.Module:
    try:
        return ast.parse(code)
    except SyntaxError as error:
        pytest.fail(f"{where} does not parse: {error}")


def ids(path):
    return path.name


# --- a solution that repeats a computation above it --------------------------------------

# What counts as an operation when sizing a computation.
_OPERATIONS = (
    ast.Call,
    ast.BinOp,
    ast.UnaryOp,
    ast.Subscript,
    ast.Compare,
    ast.BoolOp,
    ast.comprehension,
)
_CHECKS = {
    name
    for name, function in inspect.getmembers(lib.teaching, inspect.isfunction)
    if name.startswith("check_")
}


def _operations(node) -> int:
    """How many operations ``node`` holds; a negative number (``-1``) is not one."""
    return sum(
        isinstance(n, _OPERATIONS)
        and not (isinstance(n, ast.UnaryOp) and isinstance(n.operand, ast.Constant))
        for n in ast.walk(node)
    )


def computations(tree: ast.AST):
    """The expressions of ``tree`` that compute something: at least two operations (calls,
    arithmetic, indexing, comparisons, comprehensions) and at least SHORT characters. A call
    of a lib.teaching check and everything inside it is left out."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node).rsplit(".", 1)[-1] in _CHECKS:
            skip.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.expr)
            and id(node) not in skip
            and _operations(node) >= 2
            and len(ast.unparse(node)) >= SHORT
        ):
            yield node


def _called_name(call: ast.Call) -> str:
    parts, node = [], call.func
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _shape(node) -> str:
    """The expression with every plain name replaced by ``_``: equal shapes are candidates."""
    return re.sub(r"Name\(id='[^']*'", "Name(id='_'", ast.dump(node))


def same_computation(answer, earlier, placeholders: set, renamed: dict | None = None) -> bool:
    """``answer`` computes what ``earlier`` does, up to the names in ``placeholders`` (the
    exercise's own variables and the solution's): each such name may stand for any one name
    of ``earlier``, the same one wherever it occurs; every other name, attribute, number and
    operator must be the same."""
    renamed = {} if renamed is None else renamed
    if type(answer) is not type(earlier):
        return False
    if isinstance(answer, ast.Name):
        if answer.id in placeholders:
            return renamed.setdefault(answer.id, earlier.id) == earlier.id
        return answer.id == earlier.id
    for name, value in ast.iter_fields(answer):
        if name == "ctx":
            continue
        other = getattr(earlier, name)
        if isinstance(value, list):
            if len(value) != len(other):
                return False
            pairs = zip(value, other, strict=True)
            if not all(_same_field(a, b, placeholders, renamed) for a, b in pairs):
                return False
        elif not _same_field(value, other, placeholders, renamed):
            return False
    return True


def _same_field(a, b, placeholders, renamed) -> bool:
    if isinstance(a, ast.AST):
        return isinstance(b, ast.AST) and same_computation(a, b, placeholders, renamed)
    return a == b


def bound_names(tree: ast.AST) -> set:
    """Every name ``tree`` binds anywhere: assignments, loop and comprehension variables,
    function arguments, definitions and imports."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            found.add(node.id)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.alias):
            found.add((node.asname or node.name).split(".")[0])
    return found


def repeated_computations(cells) -> list[str]:
    """Each computation of a solution that a shown code cell above it already makes."""
    found = []
    for number, exercise in enumerate(exercises(cells), start=1):
        if exercise["solution"] is None:
            continue
        at = next(i for i, c in enumerate(cells) if c is exercise["solution"])
        code = fenced_code(source(exercise["solution"]))
        answer = parse(code, f"exercise {number}'s solution")
        scaffold = parse(source(exercise["code"]), f"exercise {number}'s cell")
        placeholders = bound_names(answer) | bound_names(scaffold)
        earlier = {}
        for index, cell in enumerate(cells[:at]):
            if shown_code(cell) and cell is not exercise["code"]:
                for node in computations(parse(source(cell), f"code cell {index}")):
                    earlier.setdefault(_shape(node), []).append((index, node))
        reported = set()
        # line by line, the largest computation of a line first
        ordered = sorted(computations(answer), key=lambda n: (n.lineno, -_operations(n)))
        for node in ordered:
            for index, other in earlier.get(_shape(node), []):
                if same_computation(node, other, placeholders) and node.lineno not in reported:
                    reported.add(node.lineno)
                    line = code.splitlines()[node.lineno - 1].strip()
                    found.append(
                        f"exercise {number}: solution line `{line}` computes "
                        f"`{ast.unparse(node)}`, as cell {index} does: `{ast.unparse(other)}`"
                    )
    return found


def test_the_repeat_detector_finds_chapter_5s_old_answers():
    """Chapter 5's exercises before issue 19: each answer was a cell a few lines above."""
    above = textwrap.dedent(
        """
        u = delta * lib.sigmoid_derivative(w)  # delta ⊙ sigma'(w)
        by_hand = (Delta_loss * lib.sigmoid_derivative(W)) @ O_hat.T
        a = lib.augment(O_prev)
        """
    )
    cells = [
        {"cell_type": "code", "metadata": {}, "source": above},
        {"cell_type": "markdown", "metadata": {"tags": ["exercise"]}, "source": "Task"},
        {
            "cell_type": "code",
            "metadata": {"tags": ["exercise"]},
            "source": "delta2 = rng.standard_normal(3)\nmy_grad = None\n"
            'lib.teaching.check_value(my_grad, expected, name="Exercise 1");',
        },
        {"cell_type": "markdown", "metadata": {"tags": ["hints"]}, "source": "..."},
        {
            "cell_type": "markdown",
            "metadata": {"tags": ["solution"]},
            "source": "```python\n"
            "my_grad = np.outer(delta2 * lib.sigmoid_derivative(w), lib.augment(O_prev))\n"
            "other = (delta2 * lib.sigmoid_derivative(W)) @ O_hat.T\n"
            "fine = np.outer(delta2 * lib.sigmoid(w), lib.augment(O_prev))\n```",
        },
    ]
    found = repeated_computations(cells)
    assert len(found) == 2, found
    assert "delta * lib.sigmoid_derivative(w)" in found[0]
    assert "Delta_loss * lib.sigmoid_derivative(W) @ O_hat.T" in found[1]
    # a placeholder stands for one name throughout; other names must be the same
    x, y = (ast.parse(t, mode="eval").body for t in ("a * f(a) + b", "c * f(c) + b"))
    assert same_computation(x, y, {"a"}) and not same_computation(x, y, set())
    z = ast.parse("c * f(d) + b", mode="eval").body
    assert not same_computation(x, z, {"a"})
    # hidden cells do not count: the reader has not seen them
    cells[0]["metadata"] = {"tags": ["remove-cell"]}
    assert repeated_computations(cells) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=ids)
def test_no_solution_repeats_a_computation_shown_above_it(path):
    """A solution's code (the fenced ```python of its ``solution`` cell) must not compute
    what a shown code cell above it computes. Compared are *computations*: expressions with
    at least two operations (a call, arithmetic, indexing, a comparison or a comprehension)
    and at least 15 characters, wherever they stand in a statement; comments, blank lines,
    imports, short building blocks such as ``lib.augment(O_prev)`` and the lib.teaching
    check calls do not count. Two computations are the same when their syntax trees are,
    except that a name the exercise's own cell or the solution binds (``delta2``,
    ``my_grad``, a loop variable) may stand for any other name, consistently: the
    exercise's fresh data fed through the formula of a cell above is a repeat. The
    exercise's own code cell is not compared (its scaffold is meant to be filled in;
    test_exercises.py keeps the solution out of it). Hidden cells do not count."""
    assert repeated_computations(cells_of(path)) == []


# --- every name a shown cell uses is defined where the reader sees it ---------------------


def _global_names(code: str, where: str) -> tuple[set, set]:
    """(names the code binds at the top level or declares global, names it reads from the
    top level or builtins), from Python's own symbol tables."""
    parse(code, where)
    top = symtable.symtable(code, where, "exec")
    binds = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    binds |= {s.get_name() for s in top.get_symbols() if s.is_namespace()}
    reads = set()

    def walk(table, outermost):
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (outermost or symbol.is_global()):
                reads.add(symbol.get_name())
            if not outermost and symbol.is_declared_global() and symbol.is_assigned():
                binds.add(symbol.get_name())
        for child in table.get_children():
            walk(child, False)

    walk(top, True)
    return binds, reads


def undefined_names(cells) -> list[str]:
    """Each name a shown code cell or a solution reads that no shown code cell above it (or
    the cell itself) defines and that is no builtin."""
    known = set(dir(builtins)) | IPYTHON_NAMES
    found = []
    for index, cell in enumerate(cells):
        if shown_code(cell):
            binds, reads = _global_names(source(cell), f"code cell {index}")
            if missing := sorted(reads - known - binds):
                found.append(f"code cell {index} ({cell.get('id')}) uses {missing}")
            known |= binds
        elif cell["cell_type"] == "markdown" and "solution" in tags(cell):
            binds, reads = _global_names(fenced_code(source(cell)), f"solution {index}")
            if missing := sorted(reads - known - binds):
                found.append(f"the solution in cell {index} ({cell.get('id')}) uses {missing}")
    return found


def test_the_name_check_sees_what_a_hidden_cell_defines():
    cells = [
        {"cell_type": "code", "metadata": {"tags": ["remove-input"]}, "source": "N = 64"},
        {"cell_type": "code", "metadata": {}, "source": "import numpy as np\nx = np.ones(N)"},
        {"cell_type": "code", "metadata": {}, "source": "def f(v):\n    return v @ x + k\n"},
        {
            "cell_type": "markdown",
            "metadata": {"tags": ["solution"]},
            "source": "```python\ntotal = sum(f(v) for v in [x])\nprint(total, later)\n```",
        },
        {"cell_type": "code", "metadata": {}, "source": "later = [i for i in range(3)]"},
    ]
    assert undefined_names(cells) == [
        "code cell 1 (None) uses ['N']",
        "code cell 2 (None) uses ['k']",
        "the solution in cell 3 (None) uses ['later']",
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=ids)
def test_every_name_a_shown_cell_uses_is_defined_where_the_reader_sees_it(path):
    """Every name that a shown code cell reads (at its top level, or as a global inside a
    function it defines) is bound by a shown code cell above it or by the cell itself
    (assignment, loop variable, ``def``, ``import``), or is a Python builtin or one of the
    names IPython provides (``display``, ``get_ipython``...). Names bound only in hidden
    cells (``remove-cell`` or ``remove-input``) do not count: a reader of the site never
    sees them. The hidden install cell at the top defines nothing the chapters use: each
    chapter imports ``lib`` in its first shown cell. A solution's code is held to the same
    rule (a reader runs it where the exercise stands); what it binds does not count for the
    cells below it, since the student edition drops it."""
    assert undefined_names(cells_of(path)) == []


# --- code lines that fit the code box ---------------------------------------------------


def long_lines(cells) -> list[str]:
    found = []
    for index, cell in enumerate(cells):
        if shown_code(cell):
            code, what = source(cell), f"code cell {index} ({cell.get('id')})"
        elif cell["cell_type"] == "markdown":
            code, what = fenced_code(source(cell)), f"the code in markdown cell {index}"
        else:
            continue
        for number, line in enumerate(code.splitlines(), start=1):
            if len(line) > MAX_LINE:
                found.append(f"{what} line {number} ({len(line)} characters): {line[:60]}")
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=ids)
def test_no_shown_code_line_is_over_79_characters(path):
    """No line of a shown code cell, and no line of the fenced code of a markdown cell (a
    solution), has more than 79 characters: the site's code box holds about 80 at a
    1280-px window (tests/browser/test_reading.py measures it), and a longer line scrolls
    sideways or is cut in print."""
    assert long_lines(cells_of(path)) == []


# --- how long a chapter reads -------------------------------------------------------------


def prose_words(cells) -> int:
    return sum(len(source(c).split()) for c in cells if c["cell_type"] == "markdown")


def test_every_chapter_has_at_most_2800_words_of_prose():
    """Every markdown cell's source, split on whitespace (maths and markup count as words,
    hidden markdown cells too): at most 2,800 words per chapter."""
    counts = {path.name: prose_words(cells_of(path)) for path in CHAPTERS}
    listing = ", ".join(f"{name}: {count}" for name, count in counts.items())
    assert all(count <= MAX_WORDS for count in counts.values()), listing


# --- no stray True or False under a cell --------------------------------------------------

_BOOL_BUILTINS = {"all", "any", "bool", "callable", "hasattr", "isinstance", "issubclass"}
_BOOL_NUMPY = {"allclose", "array_equal", "array_equiv"}


def _returns_bool(function) -> bool:
    return inspect.signature(function).return_annotation in (bool, "bool")


# lib.teaching's checks print a verdict and return it as True or False
BOOL_CHECKS = {
    name
    for name, function in inspect.getmembers(lib.teaching, inspect.isfunction)
    if _returns_bool(function)
}


def _quiet(code: str) -> bool:
    """IPython shows no value when the cell's last token is ``;`` (its DisplayHook.quiet)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    skipped = {tokenize.ENDMARKER, tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT}
    last = next((t for t in reversed(tokens) if t.type not in skipped), None)
    return last is not None and last.type == tokenize.OP and last.string == ";"


def is_bool_expression(node) -> bool:
    if isinstance(node, ast.Compare | ast.BoolOp) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    ):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, bool)
    if isinstance(node, ast.Call):
        name = _called_name(node)
        last = name.rsplit(".", 1)[-1]
        return (
            last in BOOL_CHECKS
            or name in _BOOL_BUILTINS
            or (last in _BOOL_NUMPY and name.startswith(("np.", "numpy.")))
        )
    return False


def stray_booleans(cells) -> list[str]:
    found = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code" or HIDDEN_OUTPUT & set(tags(cell)):
            continue
        code = source(cell)
        body = parse(code, f"code cell {index}").body
        if body and isinstance(body[-1], ast.Expr) and is_bool_expression(body[-1].value):
            if not _quiet(code):
                last = ast.unparse(body[-1]).splitlines()[0]
                found.append(f"code cell {index} ({cell.get('id')}) ends on `{last}`")
    return found


def test_the_stray_boolean_check_knows_lib_teachings_checks():
    assert {"check_value", "check_function"} <= BOOL_CHECKS
    ending = 'x = None\nlib.teaching.check_value(x, 1.0, name="Exercise 1")'
    cell = {"cell_type": "code", "metadata": {"tags": ["exercise"]}, "source": ending}
    assert stray_booleans([cell]) == [
        "code cell 0 (None) ends on `lib.teaching.check_value(x, 1.0, name='Exercise 1')`"
    ]
    for quiet in (
        ending + ";",
        ending + ";  # the verdict is printed",
        ending.replace("lib.", "ok = lib."),
    ):
        assert stray_booleans([{**cell, "source": quiet}]) == []
    assert stray_booleans([{**cell, "source": "np.allclose(a, b)"}]) != []
    assert stray_booleans([{**cell, "source": "a == b", "metadata": {}}]) != []
    assert stray_booleans([{**cell, "source": "question", "metadata": {}}]) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=ids)
def test_no_cell_leaves_a_stray_true_or_false(path):
    """A code cell whose output the page shows (not tagged ``remove-cell`` or
    ``remove-output``) must not end on an expression statement whose value is a boolean:
    a call of a lib.teaching function annotated ``-> bool`` (``check_value``,
    ``check_function``: they print their verdict and return it), ``np.allclose`` and the
    like, a builtin such as ``isinstance``, a comparison, ``and``/``or``/``not`` or a
    literal ``True``/``False``. IPython would print the value under the verdict. Such a
    cell ends with ``;`` (IPython then shows nothing), or assigns the value."""
    assert stray_booleans(cells_of(path)) == []
