"""Exercises that make the reader think before they see the answer.

How a chapter marks them (CONTRIBUTING.md; templates/chapter_template.ipynb shows one):

- the exercise's statement, a markdown cell tagged ``exercise``;
- its code cell, tagged ``exercise``: the reader's placeholder and a check from
  ``lib.teaching``, with no ``hint=`` and no code of the solution;
- a markdown cell tagged ``hints``: two folded ``<details>``, "Hint 1: what to think
  about" and "Hint 2: how to compute it", in words and maths, never the solution's code;
- a markdown cell tagged ``solution``: one folded ``<details>`` with the solution's code.

Each chapter also asks at least one predict-then-check question, built in the chapter
from its own variables: a code cell tagged ``predict-check`` and ``remove-input`` (the
website shows only the question) and collapsed in JupyterLab and Colab
(``jupyter.source_hidden``), which binds a ``lib.teaching.Question`` to a name and shows
it; the cell after it is a hidden check (``remove-cell``) that asserts which choice is
right from the data. The question's words live in its cell alone: no other cell reads a
choice's text or verdict, and no code elsewhere repeats them. Being hidden, the two cells
change nothing another cell computes.
"""

import ast
import json
import re
import symtable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
TEMPLATE = ROOT / "templates" / "chapter_template.ipynb"
# Chapters written while issue 12 introduced this format, still with the old exercises
# (hints in the cell, no tags). Convert them as CONTRIBUTING.md says and remove them here;
# the last test below fails as soon as one of them is converted and still listed.
NOT_YET_CONVERTED: set[str] = set()  # 06 and 07 were converted by issue 13
CONVERTED = [p for p in CHAPTERS if p.name not in NOT_YET_CONVERTED] + [TEMPLATE]
WINDOW = 7  # tokens: a run of this many tokens of the solution counts as its code


def cells_of(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"])


def tags(cell):
    return cell["metadata"].get("tags", [])


def exercises(cells):
    """Each exercise as {prompt, code, hints, solution} cells (None where one is missing)."""
    found = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code" or "exercise" not in tags(cell):
            continue
        before = [c for c in cells[:index] if c["cell_type"] == "markdown"]
        prompt = before[-1] if before and "exercise" in tags(before[-1]) else None
        after = []
        for later in cells[index + 1 :]:
            if later["cell_type"] == "code" and "exercise" in tags(later):
                break
            after.append(later)
        pick = {
            tag: next((c for c in after if tag in tags(c)), None) for tag in ("hints", "solution")
        }
        found.append({"prompt": prompt, "code": cell, **pick})
    return found


def fenced_code(markdown):
    return "\n".join(re.findall(r"```python\n(.*?)```", markdown, flags=re.S))


def words(text):
    """Tokens of code or prose alike: names, numbers and single punctuation marks."""
    return re.findall(r"\w+|[^\w\s]", text)


def solution_runs(solution_code):
    """The runs of tokens that would give the solution away: every WINDOW consecutive
    tokens of a statement, and a short statement's right-hand side as a whole. Comments
    and the `def` line (which the exercise's scaffold may share) are left out."""
    runs = set()
    for line in solution_code.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or re.match(r"(def|return None\b)", line):
            continue
        tokens = words(line)
        if len(tokens) >= WINDOW:
            runs.update(" ".join(tokens[i : i + WINDOW]) for i in range(len(tokens) - WINDOW + 1))
        else:
            rhs = words(line.split("=", 1)[1]) if "=" in line and "==" not in line else tokens
            if len(rhs) >= 3:
                runs.add(" ".join(rhs))
    return runs


def leaks(solution_code, text):
    """The runs of the solution's code that appear, token for token, in ``text``."""
    haystack = " " + " ".join(words(text)) + " "
    return sorted(run for run in solution_runs(solution_code) if f" {run} " in haystack)


def test_the_leak_detector_finds_the_answers_the_old_exercises_gave_away():
    """Chapter 1's exercises before issue 12: the hint was the solution, in the cell."""
    solution = "H = 2 / N * A.T @ A\nmy_bound = 2 / np.linalg.eigvalsh(H).max()\n"
    old_cell = (
        "my_bound = None  # your answer\n\nlib.teaching.check_value(\n    my_bound,\n"
        '    milestones.divergence_bound,\n    name="Exercise 2",\n'
        '    hint="H = 2 / N * A.T @ A; my_bound = 2 / np.linalg.eigvalsh(H).max()",\n);'
    )
    assert leaks(solution, old_cell)
    old_ex3 = "A_centred = np.column_stack([np.ones(N), z - z.mean()])\n"
    assert leaks(old_ex3 + "m = lib.step_size_milestones(A_centred)\n", old_ex3)
    assert leaks("my_fraction = 1 / 50\n", "check(my_fraction, 1 / 50)")  # short statements too
    assert not leaks(solution, 'my_bound = None\ncheck_value(my_bound, bound, name="Ex 2")')


@pytest.mark.parametrize("path", CONVERTED, ids=lambda p: p.name)
def test_every_exercise_has_a_statement_hints_and_a_solution(path):
    found = exercises(cells_of(path))
    assert found, f"{path.name}: no code cell tagged 'exercise'"
    for number, exercise in enumerate(found, start=1):
        for part in ("prompt", "hints", "solution"):
            assert exercise[part] is not None, f"{path.name} exercise {number}: no {part} cell"


@pytest.mark.parametrize("path", CONVERTED, ids=lambda p: p.name)
def test_no_exercise_cell_contains_code_from_its_solution(path):
    for number, exercise in enumerate(exercises(cells_of(path)), start=1):
        solution = fenced_code(source(exercise["solution"]))
        assert solution.strip(), f"{path.name} exercise {number}: the solution shows no code"
        for part in ("code", "prompt"):
            found = leaks(solution, source(exercise[part]))
            assert found == [], f"{path.name} exercise {number}: its {part} shows {found}"
        assert "hint=" not in source(exercise["code"]), "hints belong below the cell"


@pytest.mark.parametrize("path", CONVERTED, ids=lambda p: p.name)
def test_hints_are_graded_folded_and_print_no_code(path):
    for number, exercise in enumerate(exercises(cells_of(path)), start=1):
        text = source(exercise["hints"])
        summaries = re.findall(r"<summary>(.*?)</summary>", text)
        assert summaries == ["Hint 1: what to think about", "Hint 2: how to compute it"]
        assert text.count("<details>") == text.count("</details>") == 2
        assert "```" not in text, f"{path.name} exercise {number}: a hint prints code"
        solution = fenced_code(source(exercise["solution"]))
        assert leaks(solution, text) == [], f"{path.name} exercise {number}: hint = solution"


@pytest.mark.parametrize("path", CONVERTED, ids=lambda p: p.name)
def test_solutions_are_folded(path):
    for number, exercise in enumerate(exercises(cells_of(path)), start=1):
        text = source(exercise["solution"]).strip()
        assert text.startswith("<details>\n<summary>Solution</summary>"), number
        assert text.endswith("</details>") and text.count("<details>") == 1, number


def questions(cells):
    """Each predict-then-check question of a chapter: (index of its cell, the name the
    cell binds to its ``Question``, or None)."""
    found = []
    for index, cell in enumerate(cells):
        if "predict-check" not in tags(cell):
            continue
        name = None
        for node in ast.walk(ast.parse(source(cell))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                call = node.value.func
                called = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
                if called == "Question" and isinstance(node.targets[0], ast.Name):
                    name = node.targets[0].id
        found.append((index, name))
    return found


def bound_names(code):
    """The names a cell binds at its top level (assigned, defined or imported)."""
    table = symtable.symtable(code, "cell", "exec")
    return {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}


def read_names(code):
    """The names a cell reads from the notebook's namespace (not bound in the cell)."""
    own = bound_names(code)

    def walk(table, top):
        for s in table.get_symbols():
            outside = not (s.is_assigned() or s.is_imported()) if top else s.is_global()
            if s.is_referenced() and outside and s.get_name() not in own:
                yield s.get_name()
        for child in table.get_children():
            yield from walk(child, False)

    return set(walk(symtable.symtable(code, "cell", "exec"), True))


def strings(code):
    """The string literals of some code, docstrings left out, each with its spaces made
    single (so that a phrase wrapped over lines is still found)."""
    tree = ast.parse(code)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        " ".join(node.value.split())
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


QUESTION_CHAPTERS = [p for p in CONVERTED if p != TEMPLATE]


@pytest.mark.parametrize("path", QUESTION_CHAPTERS, ids=lambda p: p.name)
def test_each_chapter_asks_a_predict_then_check_question(path):
    cells = cells_of(path)
    found = questions(cells)
    assert found, f"{path.name}: no cell tagged 'predict-check'"
    for index, name in found:
        cell, where = cells[index], f"{path.name} cell {cells[index].get('id')}"
        assert cell["cell_type"] == "code" and "remove-input" in tags(cell), where
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, (
            f"{where}: its code must be collapsed in Lab and Colab (jupyter.source_hidden)"
        )
        assert name, f"{where} binds no name to a Question(...)"
        assert source(cell).rstrip().endswith(f"\n{name}"), f"{where} does not show {name}"
        check = cells[index + 1] if index + 1 < len(cells) else {"metadata": {}}
        assert check.get("cell_type") == "code" and "remove-cell" in tags(check), (
            f"{where}: the cell after a question is its hidden check"
        )
        assert re.search(rf"\b{name}\.(right|choices)\b", source(check)), (
            f"{where}: its check does not say which choice of {name} is right"
        )


@pytest.mark.parametrize("path", QUESTION_CHAPTERS, ids=lambda p: p.name)
def test_a_questions_words_are_in_its_cell_alone(path):
    """No other cell reads a choice's text, its verdict or the prompt (a check asserts
    ``question.right is question.choices[i]`` from the data), and no hidden cell of any
    chapter, nor lib or the tests, repeats six words in a row of it."""
    cells = cells_of(path)
    checks = [  # the code that could pin words: hidden cells, lib and the tests
        source(c)
        for p in QUESTION_CHAPTERS
        for c in cells_of(p)
        if c["cell_type"] == "code" and "remove-cell" in tags(c)
    ]
    checks += [f.read_text("utf-8") for d in ("lib", "tests") for f in (ROOT / d).rglob("*.py")]
    checks = [" ".join(strings(text)) for text in checks]
    for index, name in questions(cells):
        reads_words = rf"\b{name}\.(right|choices\[[^\]]*\])\.(text|why)\b|\b{name}\.prompt\b"
        readers = [c.get("id") for c in cells if re.search(reads_words, source(c))]
        assert readers == [], f"{path.name}: cells {readers} read the words of {name}"
        phrases = set()  # the cell's strings, cut at sentence marks and maths
        for text in strings(source(cells[index])):
            phrases.update(re.split(r"[.:;!?]\s|\$[^$]*\$", text))
        runs = {  # every six words in a row of them
            " ".join(words[i : i + 6])
            for words in (phrase.split() for phrase in phrases)
            for i in range(len(words) - 5)
        }
        repeated = sorted(run for run in runs if any(run in text for text in checks))
        assert repeated == [], f"{path.name}: {name}'s words are repeated elsewhere: {repeated}"


@pytest.mark.parametrize("path", QUESTION_CHAPTERS, ids=lambda p: p.name)
def test_a_questions_hidden_cells_change_nothing_the_chapter_computes(path):
    """A question's cell and its check are hidden, so they must not change what another
    cell computes: where a cell reads a name that one of them bound last, the cell is a
    hidden check (a shown cell would depend on a cell the reader does not see) and no
    other cell binds that name (whose value they would have changed under it)."""
    cells = cells_of(path)
    theirs = {i for index, _ in questions(cells) for i in (index, index + 1)}
    code = {i: source(c) for i, c in enumerate(cells) if c["cell_type"] == "code"}
    others = set().union(*(bound_names(text) for i, text in code.items() if i not in theirs))
    binder = {}  # name: the cell that bound it last, in the order the notebook runs
    for index, text in code.items():
        if index not in theirs:
            shown = not {"remove-cell", "remove-input"} & set(tags(cells[index]))
            late = sorted(
                name
                for name in read_names(text)
                if binder.get(name) in theirs and (shown or name in others)
            )
            assert late == [], f"{path.name} cell {cells[index].get('id')} reads {late}"
        binder.update(dict.fromkeys(bound_names(text), index))


def test_the_list_of_chapters_not_yet_converted_is_current():
    for name in NOT_YET_CONVERTED:
        path = ROOT / "chapters" / name
        if path.is_file():
            assert not exercises(cells_of(path)), f"{name} is converted: drop it from the list"
