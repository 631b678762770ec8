"""Benchmark of the import limits (issue 16, item 5): the worst caseload files of the test set,
at full size, and how long and how much memory refusing each takes.

    .venv/bin/python bench/import_limits.py [--keep DIR] [--user USERNAME]

Each file is written to a temporary directory, then read by a fresh Python process (so peak
memory is that of the refusal alone) exactly as the import reads it: `read_table` with the limits
of the settings. It prints the file size, the seconds, the peak of Python's allocations
(tracemalloc) and the peak resident size of the process (ru_maxrss, Django and the file itself
included) and the message. Target (docs/performance.md): every file refused in under 2 s with a
peak under 200 MB. With `--user` the last file (200,000 rows that are all wrong, not refused but
checked) also goes through the whole check against the database as that user.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
COLUMNS = [
    "bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "gemeentecode",
    "ingangsdatum", "einddatum", "reden_einde", "consulent",
]  # fmt: skip
HEADER = "".join(
    f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
    for i, name in enumerate(COLUMNS)
)
MB = 1024 * 1024


def workbook(path: Path, sheet_chunks, *, dimension: str = "", shared_chunks=None) -> None:
    """An .xlsx whose sheet (and shared strings) are written from iterables of text, so that
    parts of hundreds of MB never sit in memory here."""
    relations = (
        f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    )
    if shared_chunks is not None:
        relations += (
            f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets><sheet name="Caseload" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELS}">{relations}</Relationships>',
        )
        if shared_chunks is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(f'<sst xmlns="{MAIN}">'.encode())
                for chunk in shared_chunks:
                    part.write(chunk.encode())
                part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet xmlns="{MAIN}">'.encode())
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            for chunk in sheet_chunks:
                part.write(chunk.encode())
            part.write(b"</sheetData></worksheet>")


def repeat(text: str, total_bytes: int, block: int = MB):
    piece = text * max(1, block // len(text))
    for _ in range(max(1, total_bytes // len(piece))):
        yield piece


def build(directory: Path) -> list[tuple[str, Path]]:
    files = []

    def add(name: str) -> Path:
        path = directory / name
        files.append((name, path))
        return path

    header = f'<row r="1">{HEADER}</row>'
    workbook(add("cell-KZZZZZ1.xlsx"), [f'<row r="1">{HEADER}<c r="KZZZZZ1"><v>1</v></c></row>'])
    workbook(
        add("60-rows-at-ZZZZZ.xlsx"),
        [header, *(f'<row r="{n}"><c r="ZZZZZ{n}"><v>1</v></c></row>' for n in range(2, 62))],
    )
    workbook(
        add("dimension-XFD1048576-150MB-strings.xlsx"),
        [header],
        dimension="A1:XFD1048576",
        shared_chunks=repeat("<si><t>abcdefgh</t></si>", 150 * MB),
    )
    workbook(add("zip-bomb-1GB.xlsx"), [header, *repeat("<!-- padding -->", 1024 * MB)])
    workbook(add("one-cell-of-100MB.xlsx"), [
        header, '<row r="2"><c r="B2" t="inlineStr"><is><t>', *repeat("A", 100 * MB),
        "</t></is></c></row>",
    ])  # fmt: skip
    workbook(add("100MB-of-elements-in-a-row.xlsx"), [
        header, '<row r="2">', *repeat("<x/>", 100 * MB), "</row>",
    ])  # fmt: skip
    workbook(
        add("300000-empty-rows.xlsx"),
        [header, *(f'<row r="{n}"/>' for n in range(2, 300_002))],
    )
    workbook(
        add("3.3M-shared-strings.xlsx"),
        [header],
        shared_chunks=(f"<si><t>{n}</t></si>" for n in range(3_300_000)),
    )
    bad = "123;x;;x;gisteren;9999;x;;;onbekend\r\n"
    with add("50MB-csv-of-bad-rows.csv").open("w", newline="") as out:
        out.write(";".join(COLUMNS) + "\r\n")
        for chunk in repeat(bad, 50 * MB):
            out.write(chunk)
    with add("50MB-csv-one-line-of-separators.csv").open("w", newline="") as out:
        out.write(";".join(COLUMNS) + "\r\n")
        for chunk in repeat(";", 50 * MB):
            out.write(chunk)
    long_bad = "123;" + "x" * 60 + ";;" + "y" * 60 + ";gisteren;9999;1-1-1;;;" + "z" * 60 + "\r\n"
    with add("200000-bad-rows-checked.csv").open("w", newline="") as out:
        out.write(";".join(COLUMNS) + "\r\n")
        out.write(long_bad * 200_000)
    return files


MEASURE = r"""
import json, os, resource, sys, time, tracemalloc
import django
django.setup()
from clients.importer.limits import FileRefused, Limits
from clients.importer.reading import read_table
path, user = sys.argv[1], sys.argv[2]
tracemalloc.start()
started = time.perf_counter()
data = open(path, "rb").read()
if user:
    from clients.importer import import_caseload
    from organisations.models import User
    report = import_caseload(data=data, user=User.objects.get(username=user), commit=False)
    outcome = report.file_errors[0] if report.file_errors else (
        f"checked: {report.rows} rows, {report.error_count} errors, {len(report.errors)} kept")
else:
    try:
        rows, width_errors = read_table(data, limits=Limits.from_settings())
        outcome = f"read: {len(rows)} rows, {len(width_errors)} of the wrong width"
    except FileRefused as refused:
        outcome = refused.messages[0]
seconds = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"seconds": seconds, "python_peak_mb": peak / 2**20,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "outcome": outcome}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--user", default="", help="also check the last file as this user")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        files = build(directory)
        failed = False
        print(f"{'file':42} {'size':>9} {'s':>6} {'py MB':>7} {'rss MB':>7}  outcome")
        for index, (name, path) in enumerate(files):
            user = args.user if index == len(files) - 1 else ""
            result = subprocess.run(  # noqa: S603 (our own interpreter and script)
                [sys.executable, "-c", MEASURE, str(path), user],
                capture_output=True, text=True, env=env, cwd=ROOT, check=True,
            )  # fmt: skip
            measured = json.loads(result.stdout.strip().splitlines()[-1])
            refused = not measured["outcome"].startswith(("read:", "checked:"))
            late = refused and (measured["seconds"] >= 2 or measured["maxrss_mb"] >= 200)
            failed |= late
            size = path.stat().st_size
            shown = f"{size / MB:.1f} MB" if size > MB else f"{size / 1024:.1f} KB"
            print(
                f"{name:42} {shown:>9} {measured['seconds']:6.2f} "
                f"{measured['python_peak_mb']:7.1f} {measured['maxrss_mb']:7.1f}  "
                f"{'MISSED ' if late else ''}{measured['outcome'][:90]}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
