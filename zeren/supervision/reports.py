"""The tour report (.docx, GB/T 9704 layout via duties.exports helpers): findings by unit and by clause."""

from __future__ import annotations

import io
from collections import Counter, defaultdict

from django.utils import timezone

from zeren.duties.exports import BODY_FONT, HEADING_FONT, MARGINS_MM, NOTE_FONT, TITLE_FONT, _date, _paragraph
from zeren.law import cite, to_chinese

from .models import Finding, Plan


def clause_label(eid: str) -> str:
    try:
        return cite(eid)
    except (ValueError, KeyError):
        return eid


def report_filename(plan: Plan) -> str:
    return f"{plan.title}报告.docx"


def render_report_docx(plan: Plan) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    findings = list(
        Finding.objects.filter(target__plan=plan)
        .select_related("target__unit", "target__organisation", "owner")
        .order_by("target__unit__path", "pk")
    )
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT[1]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT[0])
    doc.core_properties.title = f"{plan.title}报告"
    doc.core_properties.author = plan.organiser.name

    kind = plan.get_kind_display()
    _paragraph(doc, f"{plan.title}报告", TITLE_FONT, 22, align="center", line=35)
    severities = Counter(f.get_severity_display() for f in findings)
    verified = sum(f.status == Finding.Status.VERIFIED for f in findings)
    targets = plan.targets.count()
    _paragraph(
        doc,
        f"根据第{to_chinese(53 if plan.kind == Plan.Kind.SUPERVISION else 54)}条规定，{plan.organiser.name}于"
        f"{_date(plan.start)}至{_date(plan.end)}对{targets}个单位开展安全生产{kind}，共发现问题{len(findings)}个"
        + (f"（{'、'.join(f'{k}{v}个' for k, v in sorted(severities.items()))}）" if findings else "")
        + f"，已复查销号{verified}个。",
        BODY_FONT,
        16,
    )
    by_unit: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_unit[f.target.unit.name].append(f)
    _paragraph(doc, "一、按单位", HEADING_FONT, 16)
    for n, (unit, rows) in enumerate(by_unit.items(), 1):
        _paragraph(doc, f"（{to_chinese(n)}）{unit}：{len(rows)}个问题", BODY_FONT, 16, bold=True)
        for i, f in enumerate(rows, 1):
            _paragraph(
                doc,
                f"{i}．【{f.get_severity_display()}】{f.description}（{clause_label(f.clause)}）"
                f"整改责任单位：{f.owner.name}，期限{_date(f.deadline)}；"
                f"状态：{f.get_status_display()}{'，挂牌督办' if f.supervised else ''}。",
                BODY_FONT,
                16,
            )
    _paragraph(doc, "二、按条款", HEADING_FONT, 16)
    by_clause = Counter(f.clause for f in findings)
    for i, (clause, n) in enumerate(sorted(by_clause.items(), key=lambda kv: (-kv[1], kv[0])), 1):
        units = sorted({f.target.unit.name for f in findings if f.clause == clause})
        _paragraph(doc, f"{i}．{clause_label(clause)}：{n}个问题，涉及{'、'.join(units)}。", BODY_FONT, 16)
    if not findings:
        _paragraph(doc, "本次未发现问题。", BODY_FONT, 16)
    _paragraph(doc, plan.organiser.name, BODY_FONT, 16, align="right", before=28)
    _paragraph(doc, _date(timezone.localdate()), BODY_FONT, 16, align="right")
    _paragraph(doc, f"依据：{clause_label(plan.clause)}", NOTE_FONT, 10.5, line=18, before=14)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
