"""The tour report (.docx, GB/T 9704 layout via duties.exports helpers): findings by unit and by clause."""

from __future__ import annotations

import io
from collections import Counter, defaultdict

from django.utils import timezone

from zeren.duties.exports import (
    BODY_FONT,
    HEADING_FONT,
    NOTE_FONT,
    TITLE_FONT,
    chinese_date,
    official_document,
    paragraph,
)
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

    findings = list(
        Finding.objects.filter(target__plan=plan)
        .select_related("target__unit", "target__organisation", "owner")
        .order_by("target__unit__path", "pk")
    )
    doc = official_document(title=f"{plan.title}报告", author=plan.organiser.name)

    kind = plan.get_kind_display()
    paragraph(doc, f"{plan.title}报告", TITLE_FONT, 22, align="center", line=35)
    severities = Counter(f.get_severity_display() for f in findings)
    verified = sum(f.status == Finding.Status.VERIFIED for f in findings)
    targets = plan.targets.count()
    paragraph(
        doc,
        f"根据第{to_chinese(53 if plan.kind == Plan.Kind.SUPERVISION else 54)}条规定，{plan.organiser.name}于"
        f"{chinese_date(plan.start)}至{chinese_date(plan.end)}对{targets}个单位开展安全生产{kind}，共发现问题{len(findings)}个"
        + (f"（{'、'.join(f'{k}{v}个' for k, v in sorted(severities.items()))}）" if findings else "")
        + f"，已复查销号{verified}个。",
        BODY_FONT,
        16,
    )
    by_unit: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_unit[f.target.unit.name].append(f)
    paragraph(doc, "一、按单位", HEADING_FONT, 16)
    for n, (unit, rows) in enumerate(by_unit.items(), 1):
        paragraph(doc, f"（{to_chinese(n)}）{unit}：{len(rows)}个问题", BODY_FONT, 16, bold=True)
        for i, f in enumerate(rows, 1):
            paragraph(
                doc,
                f"{i}．【{f.get_severity_display()}】{f.description}（{clause_label(f.clause)}）"
                f"整改责任单位：{f.owner.name}，期限{chinese_date(f.deadline)}；"
                f"状态：{f.get_status_display()}{'，挂牌督办' if f.supervised else ''}。",
                BODY_FONT,
                16,
            )
    paragraph(doc, "二、按条款", HEADING_FONT, 16)
    by_clause = Counter(f.clause for f in findings)
    for i, (clause, n) in enumerate(sorted(by_clause.items(), key=lambda kv: (-kv[1], kv[0])), 1):
        units = sorted({f.target.unit.name for f in findings if f.clause == clause})
        paragraph(doc, f"{i}．{clause_label(clause)}：{n}个问题，涉及{'、'.join(units)}。", BODY_FONT, 16)
    if not findings:
        paragraph(doc, "本次未发现问题。", BODY_FONT, 16)
    paragraph(doc, plan.organiser.name, BODY_FONT, 16, align="right", before=28)
    paragraph(doc, chinese_date(timezone.localdate()), BODY_FONT, 16, align="right")
    paragraph(doc, f"依据：{clause_label(plan.clause)}", NOTE_FONT, 10.5, line=18, before=14)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
