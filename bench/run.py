"""Entry point: ``python -m bench`` (or ``python bench/run.py``) from the repository root.

Prints one table (the machine on top) and writes the same figures to
bench/results/latest.json. ``--quick`` runs tiny sizes only, to check the machinery.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `lib` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import backprop, book, machine, memory, widgets  # noqa: E402
from bench.report import table, write_json  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = ROOT / "bench" / "results" / "latest.json"


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the machinery")
    parser.add_argument("--no-book", action="store_true", help="skip the book builds")
    parser.add_argument("--no-torch", action="store_true", help="leave PyTorch out")
    parser.add_argument(
        "--default-malloc", action="store_true", help="leave glibc's trimming heuristics on"
    )
    parser.add_argument(
        "--threads", type=int, help="BLAS and PyTorch threads (default: numpy's BLAS default)"
    )
    parser.add_argument(
        "--budget", type=float, default=3.0, help="seconds of timing per backprop case"
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write JSON")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    malloc = None if args.default_malloc else machine.steady_malloc()
    if args.threads:
        machine.limit_threads(args.threads)
    threads = machine.numpy_blas().get("num_threads") or 1
    torch = None if args.no_torch else machine.load_torch(threads)
    info = machine.describe(torch, left_out=args.no_torch)
    info["malloc"] = malloc

    def section(title):
        print(f"… {title} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    results = []
    section("1 backprop")
    if args.quick:
        configs = [("tiny", [6, 5, 3], 4), ("tiny", [6, 5, 3], 1)]
        results += backprop.run(torch, budget=0.002, configs=configs, min_rounds=3)
    else:
        results += backprop.run(torch, budget=args.budget)
    section("2 memory")
    results += memory.run(mlp=(20, 10, 5), widths=(4, 8, 16)) if args.quick else memory.run()
    section("3 widgets")
    results += widgets.run(values=3 if args.quick else 50)
    if not args.no_book:
        section("4 book")
        results += book.run(ROOT)

    elapsed = time.perf_counter() - started
    info["load_average_at_end"] = machine.load_average()
    header = machine.header(info)
    footer = (
        f"{sum(r.met is True for r in results)} targets met, "
        f"{sum(r.met is False for r in results)} missed; ratios and latencies are medians "
        f"over interleaved rounds after warm-up; {elapsed:.0f} s in all; JSON: {args.json}"
    )
    print(table(results, header))
    print(footer)
    settings = {
        "quick": args.quick,
        "book": not args.no_book,
        "budget_s": args.budget,
        "elapsed_s": elapsed,
        "argv": sys.argv[1:] if argv is None else list(argv),
    }
    write_json(args.json, info, results, settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
