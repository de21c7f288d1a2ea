"""Exports of a run: the office workbook (.xlsx) and the public notice of art. 59 (.xlsx and .docx).

- ``render_workbook(run)``: the committee office's working file. Sheets: 概况 (the run), one per group
  (rank, unit, score, each indicator's points, deductions, veto and its reasons, result, reward, fine,
  the principals' shares, reasons and the citations in people's form), 考核事实 (the stored facts per
  unit) and 依据 (every clause cited, with its text from the pack's regulation).
- ``render_notice_xlsx(run)`` / ``render_notice_docx(run)``: the public notice (公告) of a published run:
  title, basis clause, date, issuer and per group only rank, unit, score, veto yes/no, result, reward
  and fine — the public keys, never principals' names or shares. The .docx follows the GB/T 9704 layout
  through ``zeren.duties.exports``' helpers.

Everything is read from ``run.result`` and ``run.facts``: the exports show exactly what was run.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zeren.accidents.rules import citation
from zeren.catalog.packs import pure_pack
from zeren.common.spreadsheets import save_workbook
from zeren.duties.exports import (
    BODY_FONT,
    HEADING_FONT,
    NOTE_FONT,
    TITLE_FONT,
    chinese_date,
    official_document,
    paragraph,
    set_font,
)
from zeren.law import to_chinese
from zeren.packs.model import Pack

from . import selectors
from .models import AssessmentRun
from .rules import group_money, section

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOTICE_COLUMNS = ("名次", "单位", "得分", "一票否决", "考核结果", "奖励（元）", "罚款（元）")
VETO_LABELS = {"vetoed": "是", "undetermined": "待定", "clear": "否"}
SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def workbook_filename(run: AssessmentRun) -> str:
    return f"{run.year}年度安全生产目标考核工作簿（运行{run.pk}）.xlsx"


def notice_filename(run: AssessmentRun, extension: str) -> str:
    return f"{run.year}年度安全生产目标考核结果公告.{extension}"


def _citations(clauses: Iterable[str]) -> str:
    return "；".join(citation(c) for c in clauses)


def _score(text: str) -> Decimal:
    return Decimal(text)


# -- workbook ----------------------------------------------------------------------------------


def _sheet(wb: Any, title: str, headers: Sequence[str], widths: Sequence[int] = ()) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    taken = {ws.title for ws in wb.worksheets}
    name = title.translate(SHEET_FORBIDDEN)[:31] or "Sheet"
    while name in taken:
        name = name[:28] + "_" + str(len(taken))
    ws = wb.create_sheet(name)
    ws.append(list(headers))
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A2"
    for i, _ in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths[i - 1] if i <= len(widths) else 12
    return ws


def _shares(unit: dict[str, Any]) -> str:
    return "；".join(
        f"{p.get('name') or p['person']}（{p.get('days', '')}天）{p['share_yuan']}元"
        for p in unit["principals"]
    )


def _indicator_columns(units: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    columns: dict[str, str] = {}
    for u in units:
        for i in u.get("indicators", []):
            columns.setdefault(i["id"], f"{i['name']}（权重{i['weight']}）")
    return list(columns.items())


def _group_sheet(wb: Any, group: dict[str, Any]) -> None:
    indicators = _indicator_columns(group["units"])
    headers = [
        "名次",
        "单位",
        "单位标识",
        "得分",
        *(label for _, label in indicators),
        "扣分",
        "一票否决",
        "否决理由",
        "考核结果",
        "奖励（元）",
        "罚款（元）",
        "主要负责人分摊",
        "说明",
        "依据",
    ]
    widths = [6, 28, 24, 8, *(14 for _ in indicators), 24, 8, 36, 10, 10, 10, 36, 40, 80]
    ws = _sheet(wb, group["name"], headers, widths)
    for u in group["units"]:
        points = {i["id"]: i for i in u.get("indicators", [])}
        ws.append(
            [
                u["rank"],
                u["name"],
                u["unit"],
                _score(u["score"]),
                *(
                    _score(points[k]["points"]) if k in points and points[k]["applicable"] else "不适用"
                    for k, _ in indicators
                ),
                "；".join(f"{d['name']} −{d['points']}" for d in u.get("deductions", [])),
                VETO_LABELS.get(u["veto"], u["veto"]),
                "；".join(u["veto_reasons"]),
                u.get("result_label", u["result"]),
                u["reward_yuan"],
                u["fine_yuan"],
                _shares(u),
                "；".join([*u.get("reasons", []), *u.get("notes", [])]),
                _citations(u["citations"]),
            ]
        )
        for cell in ws[ws.max_row][3 : 4 + len(indicators)]:
            cell.number_format = "0.00"


def _counts(value: dict[str, int] | None) -> str:
    if value is None:
        return "无数据"
    return "、".join(f"{k}{n}" for k, n in value.items() if n) or "0"


def _facts_sheet(wb: Any, run: AssessmentRun, names: dict[str, str]) -> None:
    headers = ["组别", "单位标识", "单位", "应完成履职事项", "按时完成", "逾期完成", "免除", "逾期未完成",
               "巡查发现问题", "按期整改验收", "已验收", "事故（按等级）", "死亡人数", "报告问题",
               "应公布责任清单", "已公布", "控制指标（起/人）", "目标管理责任书", "主要负责人（在任天数）",
               "说明"]  # fmt: skip
    ws = _sheet(wb, "考核事实", headers, [10, 24, 28, *([10] * 8), 18, 8, 14, 10, 8, 14, 30, 40, 60])
    order = {u["unit"]: i for i, u in enumerate(run.result.get("units", []))}
    for f in sorted(run.facts, key=lambda f: (order.get(f["unit"], len(order)), f["unit"])):
        ceilings = f.get("ceilings")
        ws.append(
            [
                names.get(f["group"], f["group"]),
                f["unit"],
                f["name"],
                f.get("obligations_due"),
                f.get("obligations_done"),
                f.get("obligations_done_late"),
                f.get("obligations_waived"),
                f.get("obligations_overdue"),
                f.get("findings"),
                f.get("findings_on_time"),
                f.get("findings_verified"),
                _counts(f.get("accidents")),
                f.get("deaths"),
                _counts(f.get("report_failures")),
                f.get("lists_due"),
                f.get("lists_published"),
                f"{ceilings[0]}/{ceilings[1]}" if ceilings else "按组别默认",
                f.get("letter") or "",
                "；".join(
                    f"{p.get('name') or p['person']}（{p['days']}天）" for p in f.get("principals", [])
                ),
                "；".join(f.get("notes", [])),
            ]
        )


def _clauses_sheet(wb: Any, run: AssessmentRun, pack: Pack) -> None:
    a = section(pack)
    cited: Counter[str] = Counter()
    for u in run.result.get("units", []):
        cited.update(u["citations"])
    clauses = list(dict.fromkeys([*a.clauses, *cited, a.publication_clause]))
    ws = _sheet(wb, "依据", ["条款标识", "引用", "条文", "引用单位数"], [28, 36, 100, 12])
    for eid in sorted(clauses, key=_clause_order):
        text = pack.regulation.texts.get(eid, "").strip()
        ws.append([eid, citation(eid), text, cited.get(eid, 0)])


def _clause_order(eid: str) -> tuple[object, ...]:
    source, _, local = eid.rpartition(":")
    parts = tuple(int(p) if p.isdigit() else p for chunk in local.split("__") for p in chunk.split("_"))
    return (source, *((0, p) if isinstance(p, int) else (1, p) for p in parts))


def _summary_sheet(wb: Any, run: AssessmentRun) -> None:
    ws = wb.active
    ws.title = "概况"
    rows = [
        ("考核", f"{run.year}年度安全生产目标考核"),
        ("运行编号", run.pk),
        ("状态", run.get_status_display()),
        ("政策包", str(run.pack)),
        ("数据截至", run.result.get("cutoff", "")),
        ("运行时间", timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M")),
        (
            "公布时间",
            timezone.localtime(run.published_at).strftime("%Y-%m-%d %H:%M") if run.published_at else "未公布",
        ),
        ("更正运行", f"#{run.amends_id}" if run.amends_id else ""),
        ("输入 SHA-256", run.inputs_hash),
        ("说明", "本工作簿供安委办内部使用，含主要负责人分摊等个人信息，不得对外公布；公告以公开版为准。"),
    ]
    for row in rows:
        ws.append(list(row))
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 90


def render_workbook(run: AssessmentRun) -> bytes:
    """The office workbook of ``run`` (internal: it names principals and their shares)."""
    from openpyxl import Workbook

    pack = pure_pack(run.pack.pack_id)
    wb = Workbook()
    _summary_sheet(wb, run)
    groups = selectors.groups_of(run)
    for group in groups:
        _group_sheet(wb, group)
    _facts_sheet(wb, run, {g.id: g.name for g in section(pack).groups})
    _clauses_sheet(wb, run, pack)
    out = io.BytesIO()
    save_workbook(wb, out)  # formula-like text written as text
    return out.getvalue()


# -- public notice (art. 59) -------------------------------------------------------------------


def notice_date(run: AssessmentRun) -> dt.date:
    return timezone.localtime(run.published_at).date() if run.published_at else timezone.localdate()


def _public_row(u: dict[str, Any]) -> tuple[object, ...]:
    """One notice row: rank, unit, score, veto yes/no, result, reward, fine (the public keys only)."""
    veto = VETO_LABELS.get(u["veto"], "否")
    return (
        u["rank"],
        u["name"],
        _score(u["score"]),
        veto,
        u["result_label"],
        u["reward_yuan"],
        u["fine_yuan"],
    )


def notice_context(run: AssessmentRun) -> dict[str, Any]:
    """Title, basis, intro, closing and per group the public rows (no personal data) of the notice."""
    pack = pure_pack(run.pack.pack_id)
    a = section(pack)
    issuer = a.letter.issuer if a.letter else str(pack.regulation.metadata.get("issuer") or "安全生产委员会")
    regulation = str(pack.regulation.metadata.get("title") or pack.title)
    basis = citation(a.publication_clause).removeprefix("《办法》")
    groups = selectors.groups_of(run, public=True)
    money = group_money(pack).values()
    rewards = dict.fromkeys(m.reward_clause for m in money)
    fines = dict.fromkeys(m.fine_clause for m in money)
    summary = []
    for g in groups:
        results = Counter(u["result_label"] for u in g["units"])
        parts = "、".join(f"{label}{n}个" for label, n in results.items())
        rewarded = sum(1 for u in g["units"] if u["reward_yuan"])
        summary.append(
            f"{g['name']}{len(g['units'])}个，其中{parts}" + (f"，评为先进{rewarded}个" if rewarded else "")
        )
    rows = [{"name": g["name"], "rows": [_public_row(u) for u in g["units"]]} for g in groups]
    intro = (
        f"根据《{regulation.replace('《', '〈').replace('》', '〉')}》{basis}规定，"
        f"现将{run.year}年度安全生产目标考核结果公告如下："
        + "；".join(summary)
        + "。"
        + ("本公告更正此前公布的考核结果。" if run.amends_id else "")
    )
    return {
        "title": f"{issuer}关于{run.year}年度安全生产目标考核结果的公告",
        "issuer": issuer,
        "date": chinese_date(notice_date(run)),
        "basis": f"《办法》{basis}",
        "basis_clause": a.publication_clause,
        "intro": intro,
        "groups": rows,
        "closing": f"考核依据：{_citations(a.clauses)}。奖励依据：{_citations(rewards)}；"
        f"罚款依据：{_citations(fines)}。",
    }


def print_setup(ws: Any, *, header_row: int | None, landscape: bool = False) -> None:
    """Print on A4, one page wide, the column header repeated on every page, with margins and page numbers
    ("第 1 页 共 3 页"), so the notice prints as it is posted."""
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.7, right=0.7, top=0.9, bottom=0.9, header=0.4, footer=0.4)
    ws.print_options.horizontalCentered = True
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def render_notice_xlsx(run: AssessmentRun) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    ctx = notice_context(run)
    wb = Workbook()
    ws = wb.active
    ws.title = "考核结果公告"
    width = len(NOTICE_COLUMNS)
    ws.append([ctx["title"]])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([ctx["intro"]])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 60
    for group in ctx["groups"]:
        ws.append([])
        ws.append([group["name"]])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append(list(NOTICE_COLUMNS))
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in group["rows"]:
            ws.append(list(row))
            ws.cell(ws.max_row, 3).number_format = "0.00"
    ws.append([])
    for line in (ctx["closing"], f"依据：{ctx['basis']}", ctx["issuer"], ctx["date"]):
        ws.append([line])
    for letter, w in zip("ABCDEFG", (6, 36, 8, 10, 10, 12, 12), strict=True):
        ws.column_dimensions[letter].width = w
    header = next((c.row for c in ws["A"] if c.value == NOTICE_COLUMNS[0]), None)
    print_setup(ws, header_row=header)
    out = io.BytesIO()
    save_workbook(wb, out)  # formula-like text written as text
    return out.getvalue()


def render_notice_docx(run: AssessmentRun) -> bytes:

    ctx = notice_context(run)
    doc = official_document(title=ctx["title"], author=ctx["issuer"])

    paragraph(doc, ctx["title"], TITLE_FONT, 22, align="center", line=35, after=14)
    paragraph(doc, ctx["intro"], BODY_FONT, 16)
    for n, group in enumerate(ctx["groups"], 1):
        paragraph(doc, f"{to_chinese(n)}、{group['name']}", HEADING_FONT, 16, before=7)
        table = doc.add_table(rows=1, cols=len(NOTICE_COLUMNS))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, NOTICE_COLUMNS, strict=True):
            _cell(cell, text, bold=True)
        for row in group["rows"]:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                _cell(cell, str(value))
    paragraph(doc, ctx["closing"], NOTE_FONT, 14, line=24, before=14)
    paragraph(doc, ctx["issuer"], BODY_FONT, 16, align="right", before=28)
    paragraph(doc, ctx["date"], BODY_FONT, 16, align="right")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = cell.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run(text), BODY_FONT, 12, bold=bold)
