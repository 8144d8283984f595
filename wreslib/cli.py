"""The ``wres`` command: thin; parses arguments, checks options once, calls the library, maps errors to exit
statuses.

Exit status: 0 ok; 2 bad input (the message on stderr names file, row, column and value, or the output
folder that cannot be used); 1 a failure that is not the input's fault (a bug, or a report that could not
be made), reported without a traceback unless ``WRES_DEBUG=1`` is set; 128 + the signal's number when
stopped by a signal (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from wreslib.data.contract import YEAR_MAX, YEAR_MIN
from wreslib.errors import DataError, WresError
from wreslib.options import DEFAULT_BME_LABEL, DEFAULT_SUPPRESS_BELOW, DEFAULT_TREND_YEARS, ReportOptions
from wreslib.version import VERSION

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_DISAGREE = 3  # wres audit: some published figure disagrees with the counts
DATA_HELP = "data folder (one CSV per table) or an .xlsx workbook (one sheet per table)"
PDF_HELP = ("also print the page to an A4 PDF, {file}, the board pack (needs Chromium: Debian's chromium "
            "package, or WRES_CHROMIUM set to its path)")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit status for usage errors is 2, as ours
        self.print_usage(sys.stderr)
        hint = f"\nRun 'wres {self.prog.split()[-1]} --help' for the options." if " " in self.prog else ""
        self.exit(EXIT_BAD_INPUT, f"wres: {message}{hint}\n")


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year; give the WRES year as four digits, e.g. 2024 for the 31 March 2024 snapshot"
        ) from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise argparse.ArgumentTypeError(f"{year} is outside {YEAR_MIN}-{YEAR_MAX}; give the WRES year, e.g. 2024")
    return year


def _count(low: int, high: int):
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}-{high}")
        return value

    return convert


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wres", description="Workforce Race Equality Standard: indicators, checks and reports.")
    parser.add_argument("--version", action="version", version=f"wres (wreslib) {VERSION}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("indicators", help="the nine indicators: one organisation (--org) or every one as a table")
    p.add_argument("--data", required=True, type=Path, help=DATA_HELP)
    p.add_argument("--org", help="organisation code, e.g. QHG (default: every organisation, as one table)")
    p.add_argument("--year", required=True, type=_year, help="WRES year, e.g. 2024")
    p.add_argument("--json", action="store_true", help="with --org: print one strict JSON object (the data contract)")
    p.add_argument("--format", choices=("text", "csv", "json"), default=None,
                   help="the table of every organisation as CSV or JSON records (default: text for --org)")

    p = sub.add_parser("validate", help="list every fault in a data folder, or say it is clean")
    p.add_argument("--data", required=True, type=Path, help=DATA_HELP)
    p.add_argument("--json", action="store_true", help="print faults and warnings as JSON")

    def report_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--out", required=True, type=Path, help="output folder; reports go to OUT/CODE/YYYY/")
        p.add_argument("--bme-label", default=DEFAULT_BME_LABEL,
                       help="display label of the group, e.g. 'Global Majority'")
        p.add_argument("--suppress-below", default=DEFAULT_SUPPRESS_BELOW,
                       help=f"show counts from 1 to N-1 as '<N' (default {DEFAULT_SUPPRESS_BELOW})")
        p.add_argument("--trend-years", default=DEFAULT_TREND_YEARS,
                       help=f"report years shown in trends (default {DEFAULT_TREND_YEARS})")
        p.add_argument("--cell-timeout", type=_count(10, 86_400), default=300,
                       help="seconds allowed per notebook cell (default 300)")
        p.add_argument("--pdf", action="store_true", help=PDF_HELP.format(file="report.pdf"))

    p = sub.add_parser("report", help="render one organisation's WRES report (HTML, tables, notebook)")
    p.add_argument("--data", required=True, type=Path, help=DATA_HELP)
    p.add_argument("--org", required=True, help="organisation code, e.g. QHG")
    p.add_argument("--year", required=True, type=_year, help="WRES year, e.g. 2024")
    report_options(p)

    p = sub.add_parser("batch", help="render the report of every organisation (or those named) in parallel")
    p.add_argument("--data", required=True, type=Path, help=DATA_HELP)
    p.add_argument("--year", required=True, type=_year, help="WRES year, e.g. 2024")
    p.add_argument("--orgs", default=None, help="comma-separated organisation codes (default: all)")
    p.add_argument("--jobs", type=_count(1, 512), default=2, help="worker processes (default 2)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--force", action="store_true",
                   help="remake every report, not only those out of date (data, options or software changed)")
    report_options(p)

    p = sub.add_parser("benchmark",
                       help="render the benchmark page comparing every organisation (or one region's page)")
    p.add_argument("--data", required=True, type=Path, help=DATA_HELP)
    p.add_argument("--year", required=True, type=_year, help="WRES year, e.g. 2024")
    p.add_argument("--out", required=True, type=Path,
                   help="output folder; the page goes to OUT/benchmark/YYYY/ (a region's page to "
                        "OUT/benchmark/YYYY/REGION/)")
    p.add_argument("--group-by", choices=("region", "org_type"), default="region",
                   help="the groups shown beside the whole set: regions (default) or organisation types")
    p.add_argument("--region", default=None, help="a region's own page: that region against every organisation "
                                                  "outside it, e.g. 'London'")
    p.add_argument("--bme-label", default=DEFAULT_BME_LABEL,
                   help="display label of the group, e.g. 'Global Majority'")
    p.add_argument("--suppress-below", default=DEFAULT_SUPPRESS_BELOW,
                   help="the reports' small-count threshold, recorded with the page "
                        f"(default {DEFAULT_SUPPRESS_BELOW})")
    p.add_argument("--trend-years", default=DEFAULT_TREND_YEARS,
                   help=f"years computed, ending with --year (default {DEFAULT_TREND_YEARS})")
    p.add_argument("--cell-timeout", type=_count(10, 86_400), default=300,
                   help="seconds allowed per notebook cell (default 300)")
    p.add_argument("--force", action="store_true", help="remake the page even when it is up to date")
    p.add_argument("--pdf", action="store_true", help=PDF_HELP.format(file="benchmark.pdf"))

    p = sub.add_parser("aggregate", help="turn a record-level extract (one row per staff member) into workforce.csv")
    p.add_argument("--records", required=True, type=Path, help="CSV, Excel (.xlsx) or Parquet extract")
    p.add_argument("--out", required=True, type=Path, help="folder to write workforce.csv into")
    p.add_argument("--include-bank", action="store_true", help="count bank staff too (excluded by default)")

    p = sub.add_parser("template", help="write an empty Excel workbook with every table and a guidance sheet")
    p.add_argument("--out", required=True, type=Path, help="the workbook to write, e.g. wres-data.xlsx")

    p = sub.add_parser("audit", help="check the figures an organisation published against its own counts "
                       "(exit 3 when any disagrees)")
    p.add_argument("--data", type=Path, help=DATA_HELP)
    p.add_argument("--org", help="organisation code, e.g. QHG")
    p.add_argument("--year", type=_year, help="WRES year of the report, e.g. 2024 (every year it prints is audited)")
    p.add_argument("--published", type=Path, default=None,
                   help="the published figures, a CSV (default: published.csv in the data folder)")
    p.add_argument("--json", action="store_true", help="print one strict JSON object (the data contract)")
    p.add_argument("--markdown", action="store_true", help="print the findings as Markdown (for a review or README)")
    p.add_argument("--extract", type=Path, metavar="REPORT",
                   help="instead of auditing, propose a DRAFT published.csv from a report's text (.txt or .pdf)")
    p.add_argument("--out", type=Path, default=None,
                   help="with --extract: the draft to write (default published-draft.csv)")

    p = sub.add_parser("synth", help="write the synthetic national demo dataset (fictional ICBs)")
    p.add_argument("--out", required=True, type=Path, help="folder to write the tables into")
    p.add_argument("--seed", type=int, default=2024, help="random seed (default 2024, the committed data)")
    p.add_argument("--orgs", type=_count(1, 10_000), default=42, help="number of fictional ICBs (default 42)")
    return parser


def _options(args: argparse.Namespace) -> ReportOptions:
    """The report options, checked once here (an OptionError names the option and the value)."""
    return ReportOptions.of(bme_label=args.bme_label, suppress_below=args.suppress_below,
                            trend_years=args.trend_years)


def _settings(args: argparse.Namespace):
    """How the notebooks run; with ``--pdf``, Chromium is looked for first, so that a machine without it
    fails before any kernel starts (a PdfError saying how to install it)."""
    from wreslib.pipeline.kernel import RunSettings

    if args.pdf:
        from wreslib.pipeline.pdf import find_chromium

        find_chromium()
    return RunSettings(cell_timeout=args.cell_timeout, pdf=args.pdf)


def _cmd_report(args: argparse.Namespace) -> int:
    # One report is a batch of one, made whatever its state: the same warm kernel, lock, retries and stopping.
    from wreslib.pipeline.batch import BatchInterrupted, run_batch
    from wreslib.pipeline.render import DATA_FAULT

    try:
        result = run_batch(args.data, args.year, args.out, orgs=[args.org], jobs=1, options=_options(args),
                           settings=_settings(args), progress=False, force=True,
                           command=f"wres report --org {args.org} --year {args.year}")
    except BatchInterrupted as exc:
        print(f"wres report: interrupted; {'the report was made' if exc.made else 'no report was made'} for "
              f"{args.org} {args.year}", file=sys.stderr)
        return 128 + exc.signum
    outcome = result.outcomes[0]
    if outcome.kind == DATA_FAULT:
        print(f"wres report: {outcome.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not outcome.ok:
        print(f"wres report: {outcome.org_code} {outcome.year}: the report notebook failed: {outcome.message}",
              file=sys.stderr)
        return EXIT_FAILURE
    assert outcome.folder is not None
    made = " and report.pdf" if args.pdf else ""
    print(f"{outcome.org_code} {outcome.year}: {outcome.folder / 'report.html'}{made} ({outcome.seconds:.1f} s)")
    return EXIT_OK


#: Remade reports are named one by one, with the reason, up to this many.
NAMED_REMADE = 10


def _cmd_batch(args: argparse.Namespace) -> int:
    from wreslib.pipeline.batch import BatchInterrupted, run_batch

    orgs = [c for c in args.orgs.split(",") if c.strip()] if args.orgs else None
    try:
        result = run_batch(args.data, args.year, args.out, orgs=orgs, jobs=args.jobs, options=_options(args),
                           settings=_settings(args), progress=not args.no_progress, force=args.force)
    except BatchInterrupted as exc:
        print(f"wres batch: {exc}" + (f" Index: {exc.index}" if exc.index else ""), file=sys.stderr)
        return 128 + exc.signum
    new = [o for o in result.made if result.reasons.get(o.org_code) == "not made yet"]
    remade = [o for o in result.made if result.reasons.get(o.org_code) != "not made yet"]
    parts = [f"{len(result.up_to_date)} up to date"] if result.up_to_date else []
    parts += [f"{len(remade)} remade"] if remade else []
    parts += [f"{len(new)} made"] if new else []
    parts += [f"{len(result.failed)} failed"] if result.failed else []
    total = len(result.outcomes) + len(result.up_to_date)
    print(f"{total} report{'s' if total != 1 else ''}: {', '.join(parts) or 'nothing to do'} "
          f"({result.seconds:.1f} s); index: {result.index}")
    if not args.force and len(remade) <= NAMED_REMADE:
        for o in remade:
            print(f"remade {o.org_code}: {result.reasons[o.org_code]}")
    for o in result.made:
        if o.attempts > 1:
            print(f"{o.org_code}: its kernel died once; the report was made again on a fresh kernel")
    for o in result.failed:
        print(f"FAILED {o.org_code} ({o.org_name or 'unknown organisation'}): {o.message}", file=sys.stderr)
    return EXIT_FAILURE if result.failed else EXIT_OK


def _cmd_benchmark(args: argparse.Namespace) -> int:
    from wreslib.pipeline.benchmark_job import render_benchmark
    from wreslib.pipeline.index import write_index

    outcome = render_benchmark(args.data, args.year, args.out, _options(args), group_by=args.group_by,
                               region=args.region, settings=_settings(args), force=args.force)
    write_index(args.out)
    state = f"made in {outcome.seconds:.1f} s" if outcome.made else "up to date, not remade (use --force to remake it)"
    print(f"benchmark {outcome.year}{' ' + outcome.region if outcome.region else ''}: {outcome.page} ({state})")
    return EXIT_OK


def _cmd_aggregate(args: argparse.Namespace) -> int:
    from wreslib.data.aggregate import aggregate_records, write_workforce

    result = aggregate_records(args.records, exclude_bank=not args.include_bank)
    path = write_workforce(result, args.out)
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"{path}: {len(result.workforce)} rows from {result.rows_counted:,} of {result.rows_read:,} records "
          f"({result.bank_excluded:,} bank, {result.duplicates_dropped:,} repeated staff records not counted)")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from wreslib.data.excel import write_template

    if args.out.suffix.lower() != ".xlsx":
        raise DataError(f"--out must name an .xlsx workbook, not {str(args.out)!r}")
    print(f"template written: {write_template(args.out)}")
    return EXIT_OK


def _cmd_synth(args: argparse.Namespace) -> int:
    from wreslib.data.synth import write

    try:
        paths = write(args.out, seed=args.seed, n_orgs=args.orgs)
    except ValueError as exc:
        raise DataError(f"wres synth: {exc}") from None
    print(f"wrote {len(paths)} tables of synthetic data (seed {args.seed}, {args.orgs} fictional ICBs) to {args.out}")
    return EXIT_OK


def _cmd_indicators(args: argparse.Namespace) -> int:
    from wreslib.data.read import read_data
    from wreslib.export import csv_text, table_records, to_json
    from wreslib.measures.compute import compute_indicators
    from wreslib.measures.tidy import COLUMNS, indicator_table
    from wreslib.present.provenance import data_name
    from wreslib.version import software

    data = read_data(args.data)
    provenance = {"data_checksum": data.checksum, "software": software(),
                  "parameters": {"year": args.year, **({"org_code": args.org} if args.org else {})}}
    if args.org and args.format in (None, "text", "json") and (args.json or args.format == "json"):
        result = compute_indicators(data, args.org, args.year)
        params = {"data": data_name(args.data), "org_code": result.org_code, "year": result.year}
        print(to_json(result, params, software=software()))
        return EXIT_OK
    if args.org and args.format in (None, "text"):
        result = compute_indicators(data, args.org, args.year)
        print(format_summary(result, data.checksum))
        return EXIT_OK
    if args.json and not args.org:
        raise DataError("--json prints one organisation's object; name it with --org, or use --format json for "
                        "the table of every organisation")
    table = indicator_table(data, orgs=[args.org] if args.org else None, years=[args.year])
    if table.empty:
        raise DataError(f"no organisation has workforce rows for {args.year}; check --year")
    records = table_records(table, provenance)
    if args.format == "json":
        print(json.dumps(records, indent=1, allow_nan=False, ensure_ascii=False))
    else:
        # A byte-order mark first, so that Excel reads the redirected file as UTF-8.
        sys.stdout.write("\ufeff" + csv_text(records, [*COLUMNS, "data_checksum", "wreslib_version", "parameters"]))
    return EXIT_OK


def format_summary(result, checksum: str) -> str:
    """A readable plain-text table of one organisation-year's headline figures."""
    from wreslib.measures import families
    from wreslib.present import fmt

    lines = [f"WRES {result.year}: {result.org_name} ({result.org_code})", ""]
    header = f"{'#':>2}  {'measure':<52} {'value':>10} {'95% interval':>18}  {'adj. p':>7}  rating"
    lines += [header, "-" * len(header)]
    for n in families.NUMBERS:
        r = result.result(n)
        value, interval, p = "-", "", ""
        ind = families.indicator(n)
        name = ind.short_title
        if n == 1 and r.headline is not None:
            m = r.headline.likelihood
            name = f"{name} ({r.headline.staff_group})"
        elif ind.family == families.LIKELIHOOD:
            m = r.likelihood
        else:
            m = None
        if m is not None and m.status == "ok":
            value = "unbounded" if m.unbounded else fmt.ratio(m.value)
            interval = fmt.interval(m.ci_low, m.ci_high, 1.0)
            p = fmt.ratio(m.p_adjusted, 3) if m.p_adjusted is not None else ""
        elif ind.family == families.SURVEY and r.gap is not None:
            value = fmt.pp_short(r.gap.difference_pp)
            interval = fmt.interval(r.gap.ci_low_pp, r.gap.ci_high_pp, 0.0, dp=1) if r.gap.tested else "not tested"
            p = fmt.ratio(r.gap.p_adjusted, 3) if r.gap.p_adjusted is not None else ""
        elif ind.family == families.BOARD and r.voting.difference_pp is not None:
            value = fmt.pp_short(r.voting.difference_pp)
            p = fmt.ratio(r.voting.p_adjusted, 3) if r.voting.p_adjusted is not None else ""
        elif r.reason:
            value = r.status
        lines.append(f"{n:>2}  {name[:52]:<52} {value:>10} {interval:>18}  {p:>7}  {r.rating.rag}")
    if result.warnings:
        lines += ["", f"{len(result.warnings)} data-quality warning{'s' if len(result.warnings) != 1 else ''}:"]
        lines += [f"  - {w}" for w in result.warnings]
    lines += ["", f"data checksum {checksum}; wreslib {VERSION}"]
    return "\n".join(lines)


def _cmd_validate(args: argparse.Namespace) -> int:
    from wreslib.data.read import read_data
    from wreslib.present.provenance import data_name

    data = read_data(args.data)
    if args.json:
        print(json.dumps({
            "data": data_name(args.data), "clean": not data.faults, "data_checksum": data.checksum,
            "failed_orgs": data.failed_orgs,
            "faults": [f.as_dict() for f in data.faults], "warnings": [w.as_dict() for w in data.warnings],
        }, indent=2, ensure_ascii=False))
        return EXIT_BAD_INPUT if data.faults else EXIT_OK
    for w in data.warnings:
        print(f"warning: {w}")
    if not data.faults:
        n = len(data.org_codes)
        print(f"{args.data}: clean. {n} organisation{'s' if n != 1 else ''}, tables: {', '.join(data.files)}.")
        return EXIT_OK
    print(DataError(list(data.faults)).describe(), file=sys.stderr)
    failed = data.failed_orgs
    print(f"Organisations affected: {', '.join(failed) if failed else 'none'}.", file=sys.stderr)
    return EXIT_BAD_INPUT


def _cmd_audit(args: argparse.Namespace) -> int:
    if args.extract is not None:
        return _cmd_extract(args)
    missing = [flag for flag, value in (("--data", args.data), ("--org", args.org), ("--year", args.year))
               if value is None]
    if missing:
        raise DataError(f"wres audit needs {', '.join(missing)} (or --extract REPORT to draft published.csv)")
    from wreslib.audit.audit import audit, to_json
    from wreslib.audit.text import format_markdown, format_text

    result = audit(args.data, args.org, args.year, args.published)
    print(to_json(result) if args.json else format_markdown(result) if args.markdown else format_text(result))
    return EXIT_DISAGREE if result.exit_status else EXIT_OK


def _cmd_extract(args: argparse.Namespace) -> int:
    from wreslib.audit.extract import extract, read_report_text, write_draft

    org = args.org.strip().upper() if args.org else ""
    figures = extract(read_report_text(args.extract), args.year)
    out = args.out or Path("published-draft.csv")
    write_draft(figures, out, org)
    print(f"DRAFT: {len(figures)} figures proposed from {args.extract.name} into {out}. It is a best effort: "
          "check every row against the report, add what it missed, and remove 'draft:' from each source once "
          "confirmed" + ("" if org else "; fill in org_code (or give --org)") + ".", file=sys.stderr)
    print(f"{len(figures)} figures drafted: {out}")
    return EXIT_OK


COMMANDS = {"indicators": _cmd_indicators, "validate": _cmd_validate, "report": _cmd_report, "batch": _cmd_batch,
            "benchmark": _cmd_benchmark, "aggregate": _cmd_aggregate, "template": _cmd_template, "synth": _cmd_synth,
            "audit": _cmd_audit}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``wres`` command and return its exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors (2) and --help/--version (0) end here, not the interpreter
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        print(f"wres {args.command}: {exc.describe()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except WresError as exc:
        print(f"wres {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("wres: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: say so plainly, keep the traceback for whoever fixes it
        if os.environ.get("WRES_DEBUG"):
            traceback.print_exc()
        print(f"wres {args.command}: internal error ({type(exc).__name__}: {exc}). This is a bug in wres, not a "
              "problem with your data; rerun with WRES_DEBUG=1 and report the output.", file=sys.stderr)
        return EXIT_FAILURE


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
