"""Roster import under hostile input: time, peak RSS and error-report size.

    .venv/bin/python bench/roster_limits.py DIR duplicates|bigcell [--cell-mb N]

``duplicates``: 300,000 rows of the same person (inline strings, a 2.2 MB file); ``duplicates-shared``:
the same rows through the shared-strings table (a few hundred KB); ``bigcell``: one name cell of N MB
(default 100) in the shared-strings table, written as a raw .xlsx so building it costs little memory.
Runs the dry-run import on an in-memory SQLite database and prints one JSON line (seconds, peak RSS MB,
errors, error-report bytes). The reference figure is reading the same file's zip directory (``zip_s``).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import zipfile
from pathlib import Path

# ruff: noqa: E501 - the raw .xlsx parts are long XML literals

ROWS = 300_000


def _duplicates(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("人员")
    sheet.append(["人员编号", "姓名", "退休日期", "备注"])
    for _ in range(ROWS):
        sheet.append(["p001", "张三", None, None])
    book.save(path)


def _bigcell(path: Path, megabytes: int, rows: int = 0) -> None:
    """Raw .xlsx: one name cell of ``megabytes`` MB, or (``rows``) that many rows sharing two strings."""
    chunk = "甲" * (1024 * 1024 // 3)  # about 1 MB of UTF-8 per chunk
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"'
            '/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"'
            "/></Relationships>",
        )
        cells = "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCD"))
        z.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main"><sheetData><row r="1">{cells}</row><row r="2"><c r="A2" t="inlineStr"><is><t>p001</t>'
            '</is></c><c r="B2" t="s"><v>4</v></c></row>'
            + "".join(
                f'<row r="{n}"><c r="A{n}" t="s"><v>5</v></c><c r="B{n}" t="s"><v>6</v></c></row>'
                for n in range(3, rows + 3)
            )
            + "</sheetData></worksheet>",
        )
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><si><t>\xe4\xba\xba\xe5\x91\x98\xe7\xbc\x96\xe5\x8f\xb7</t></si>'
            )
            for header in ("姓名", "退休日期", "备注"):
                out.write(f"<si><t>{header}</t></si>".encode())
            out.write(b"<si><t>")
            for _ in range(megabytes):
                out.write(chunk.encode())
            out.write("</t></si><si><t>p001</t></si><si><t>张三</t></si></sst>".encode())


def main() -> int:
    directory, kind = Path(sys.argv[1]), sys.argv[2]
    megabytes = int(sys.argv[sys.argv.index("--cell-mb") + 1]) if "--cell-mb" in sys.argv else 100
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{kind}.xlsx"
    if not path.exists():
        if kind == "duplicates":
            _duplicates(path)
        elif kind == "duplicates-shared":  # the same rows as shared strings: a small sheet part
            _bigcell(path, 0, rows=ROWS)
        else:
            _bigcell(path, megabytes)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zeren.org.roster import RosterFileError, import_roster

    started = time.perf_counter()
    with zipfile.ZipFile(path) as z:
        z.infolist()
    zip_s = time.perf_counter() - started
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    try:
        result = import_roster(path, dry_run=True)
        report = json.dumps(result.as_dict(), ensure_ascii=False)
        outcome: dict[str, object] = {"errors": len(result.errors), "report_bytes": len(report.encode())}
        outcome |= {"error_count": result.as_dict().get("error_count")}
    except RosterFileError as exc:
        outcome = {"refused": str(exc)[:200]}
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "kind": kind,
                "file_kb": round(path.stat().st_size / 1024),
                "seconds": round(seconds, 2),
                "zip_s": round(zip_s, 4),
                "peak_rss_mb": round(peak),
                "rss_before_import_mb": round(base_rss),
                **outcome,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
