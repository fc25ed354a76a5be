"""The student edition's sources: the book without the exercises' solutions.

    python .ci/student_edition.py DESTINATION

copies the book's files into DESTINATION (all but _build, hidden files and folders, caches
and the `exclude_patterns` of _config.yml), leaving out every notebook cell tagged
`solution`; hints, questions and everything else stay. `make student` then builds
DESTINATION as `make book` builds the book. A second run rewrites only what changed and
keeps DESTINATION/_build, so rebuilding is incremental; files that left the book are
removed from the copy.
"""

import json
import os
import sys
from pathlib import Path

import yaml
from sphinx.util.matching import Matcher

ROOT = Path(__file__).resolve().parent.parent
TAG = "solution"


def without_solutions(notebook: bytes) -> tuple[bytes, int]:
    """The notebook without its cells tagged `solution`, written as nbformat writes it,
    and how many cells were left out."""
    content = json.loads(notebook)
    cells = content["cells"]
    content["cells"] = [c for c in cells if TAG not in c.get("metadata", {}).get("tags", [])]
    text = json.dumps(content, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    return text.encode(), len(cells) - len(content["cells"])


def book_files(destination: Path):
    """The book's files, as paths relative to ROOT."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    excluded = Matcher([".*", "**/.*", "**/__pycache__", "_build", *config["exclude_patterns"]])
    for folder, subfolders, files in os.walk(ROOT):
        here = Path(folder).relative_to(ROOT)
        subfolders[:] = [
            name
            for name in subfolders
            if not excluded((here / name).as_posix()) and Path(folder, name) != destination
        ]
        yield from (here / name for name in files if not excluded((here / name).as_posix()))


def main(destination: Path) -> None:
    destination = destination.resolve()
    wanted, solutions, notebooks = set(), 0, 0
    for name in book_files(destination):
        content = (ROOT / name).read_bytes()
        if name.suffix == ".ipynb":
            content, dropped = without_solutions(content)
            solutions, notebooks = solutions + dropped, notebooks + (dropped > 0)
        target = destination / name
        wanted.add(target)
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    for target in destination.rglob("*"):
        inside_build = target.relative_to(destination).parts[0] == "_build"
        if target.is_file() and not inside_build and target not in wanted:
            target.unlink()
    print(f"student edition: {solutions} solutions left out of {notebooks} notebooks:")
    print(f"  {destination}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
