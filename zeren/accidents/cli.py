"""`zeren accident grade|chain`: grade an accident (pure, no database) and list who answers (Django).

``--json`` outputs are a contract read by scripts (fields are only ever added):
- ``grade``: ``{"grade", "criteria": [...], "citations": [...], "missing": [...], "at_least"}`` — ``grade``
  is ``待定`` while a figure is not given and the given ones do not reach the top band (unknown is not
  zero); ``missing`` names the figures not given (deaths | serious_injuries | loss_yuan), ``at_least``
  the grade the given ones reach (null when the grade is determined).
- ``chain``: ``{"unit", "sector", "sector_name", "at", "grade", "grade_source", "grade_criteria", "posts":
  [{"post", "title", "unit", "unit_name", "role", "holder", "holder_name", "acting", "reason", "tiers",
  "clauses": [...]}]}`` — ``holder`` is the code of the person who held the post at ``--at`` (null when
  vacant); ``grade_source`` is ``given`` (``--grade``) or ``figures`` (graded from the figures); every
  ``reason`` is Chinese (codes replaced by their labels).

Bad input (an unknown grade, unit or sector, a date before the measures were in force, figures that do not
settle the grade) gives one Chinese line on stderr and exit status 2, as argparse does for bad flags.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zeren.packs.model import Pack

FIGURES = (
    ("deaths", "--deaths", "死亡人数"),
    ("serious_injuries", "--serious-injuries", "重伤人数（含急性工业中毒）"),
    ("loss_yuan", "--loss-yuan", "直接经济损失（元）"),
)
_PAREN = re.compile(r"\(([a-z][a-z0-9_\-]*)\)")
_CODE = re.compile(r"(?<![A-Za-z0-9_\-])[a-z][a-z0-9_\-]*[a-z0-9](?![A-Za-z0-9_\-])")


class _HelpWithSectors(argparse.Action):
    """``-h/--help`` that lists the pack's sectors (read only when help is asked for)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(
            option_strings=option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, **kwargs
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        parser.epilog = _sector_list()
        parser.print_help()
        parser.exit()


def _default_pack() -> Any:
    from zeren.packs import KASHGAR_PACK_DIR, load_pack

    return load_pack(KASHGAR_PACK_DIR)


def _sector_list() -> str:
    from zeren.packs.policy_rules import sector_aliases

    try:
        pack = _default_pack()
    except Exception as exc:  # help must print even when the pack cannot be read
        return f"（无法读取政策包的行业目录：{exc}）"
    lines = ["行业领域（--sector 可用标识、名称、简称或别称）："]
    for sector in pack.sectors:
        others = sector_aliases(pack, sector.id)
        also = f"（又称：{'、'.join(others)}）" if others else ""
        lines.append(f"  {sector.id:<28} {sector.name}{also}")
    return "\n".join(lines)


def _figure_args(parser: argparse.ArgumentParser) -> None:
    for _, flag, label in FIGURES:
        parser.add_argument(flag, type=int, default=None, help=f"{label}；不提供即未知（不按零计）")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    grade = subparsers.add_parser("grade", help="按伤亡和直接经济损失确定事故等级（493号令第三条）")
    _figure_args(grade)
    grade.add_argument("--json", action="store_true", help="以 JSON 输出")
    grade.set_defaults(handler=run_grade)

    chain = subparsers.add_parser(
        "chain",
        help="列出对事故负有领导责任的岗位及事发时的在任人员",
        add_help=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    chain.add_argument("-h", "--help", action=_HelpWithSectors, help="显示帮助（含行业领域列表）并退出")
    chain.add_argument("--unit", required=True, help="事故发生地：单位标识或名称（如 shule 或 疏勒县）")
    chain.add_argument(
        "--sector",
        required=True,
        help="行业（领域）：政策包标识、名称、简称或别称"
        "（如 road_traffic、道路交通、消防、建筑施工；列表见 --help）",
    )
    chain.add_argument(
        "--at", required=True, help="事故发生时间（ISO 8601，如 2026-03-01T10:00；无时区按本地时间）"
    )
    chain.add_argument(
        "--grade",
        default=None,
        help="事故等级（一般、较大、重大、特别重大；决定追及范围）；不提供时须给出 --deaths、"
        "--serious-injuries、--loss-yuan，由系统定级",
    )
    _figure_args(chain)
    chain.add_argument(
        "--report-failure", action="store_true", help="存在迟报、谎报、瞒报（按报告失职的追及范围）"
    )
    chain.add_argument("--json", action="store_true", help="以 JSON 输出")
    _add_involved_arguments(chain)
    chain.set_defaults(handler=run_chain)


def _fail(command: str, message: str) -> int:
    print(f"zeren accident {command}: {message}", file=sys.stderr)
    return 2


def _add_involved_arguments(chain: argparse.ArgumentParser) -> None:
    """``--also-unit`` / ``--also-sector`` (repeatable): other involved units and sectors."""
    chain.add_argument(
        "--also-unit",
        action="append",
        default=[],
        metavar="CODE",
        help="其他涉事单位（可重复）：车辆登记地、企业许可地等的单位标识或名称",
    )
    chain.add_argument(
        "--also-sector",
        action="append",
        default=[],
        metavar="SECTOR",
        help="事故同时涉及的其他行业领域（可重复），如校车事故另加 school_transport",
    )


def _involved(args: argparse.Namespace, rules: object) -> tuple[list[str], list[object]] | str:
    """The extra sector ids and units of ``--also-sector`` / ``--also-unit``, or the error line."""
    from zeren.accidents.selectors import find_unit

    sectors: list[str] = []
    for value in args.also_sector:
        code = rules.sector_code(value)  # type: ignore[attr-defined]
        if code is None:
            return f"政策包中没有行业领域 {value}"
        sectors.append(code)
    units: list[object] = []
    for value in args.also_unit:
        unit = find_unit(value)
        if unit is None:
            return f"没有单位 {value}"
        units.append(unit)
    return sectors, units


def _figures(args: argparse.Namespace) -> dict[str, int | None]:
    return {name: getattr(args, name) for name, _, _ in FIGURES}


def _negative(figures: Mapping[str, int | None]) -> bool:
    return any(value is not None and value < 0 for value in figures.values())


def _missing_flags(missing: Sequence[str]) -> str:
    return "、".join(f"{label}（{flag}）" for name, flag, label in FIGURES if name in missing)


def run_grade(args: argparse.Namespace) -> int:
    from zeren.packs import policy_rules
    from zeren.policy.accidents import PENDING, citation, grade_with_unknowns

    figures = _figures(args)
    if _negative(figures):
        return _fail("grade", "人数和损失不能为负数")
    result = grade_with_unknowns(**figures, bands=policy_rules.grade_bands(_default_pack()))
    if args.json:
        payload = {
            "grade": result.grade,
            "criteria": list(result.criteria),
            "citations": list(result.citations),
            "missing": list(result.missing),
            "at_least": result.at_least,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    if result.grade == PENDING:
        print(f"等级待定：未提供{_missing_flags(result.missing)}（未知不按零计，不能据此定为一般事故）")
        lines = result.criteria[:-1]  # the last one restates what is missing
    else:
        print(f"{result.grade}事故")
        lines = result.criteria
    for line in lines:
        print(f"  {line}")
    print(f"依据：{'、'.join(citation(c) for c in result.citations)}")
    return 0


def _parse_at(raw: str) -> dt.datetime:
    from django.utils import timezone

    moment = dt.datetime.fromisoformat(raw)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _not_in_force(day: dt.date) -> str | None:
    """Why no pack applies on ``day``: the measures not yet in force (or no pack loaded at all)."""
    from django.conf import settings

    from zeren.catalog.models import PackVersion

    first = PackVersion.objects.filter(pack_id=settings.ZEREN_DEFAULT_PACK).order_by("effective_from").first()
    if first is None:
        return None
    if day < first.effective_from:
        return (
            f"{day:%Y年%m月%d日}时《{first.title}》尚未施行（自{first.effective_from:%Y年%m月%d日}起施行），"
            "不能按该办法确定责任"
        )
    return None


def _grade_for_chain(
    args: argparse.Namespace, grades: Sequence[str], bands: Any
) -> tuple[str, str, list[str]]:
    """(grade, source, criteria): ``--grade`` as given, else graded from the three figures.

    ``ValueError`` with a Chinese message when neither settles the grade."""
    from zeren.policy.accidents import PENDING, grade_with_unknowns

    figures = _figures(args)
    if args.grade is not None:
        grade = args.grade.strip().removesuffix("事故")
        if grade not in grades:
            raise ValueError(f"未知的事故等级“{args.grade}”；应为 {'、'.join(grades)} 之一")
        return grade, "given", []
    if _negative(figures):
        raise ValueError("人数和损失不能为负数")
    if all(value is None for value in figures.values()):
        raise ValueError(
            "未给出事故等级：请用 --grade 指定（一般、较大、重大、特别重大），或给出 --deaths、"
            "--serious-injuries、--loss-yuan 由系统定级（不再默认按特别重大追及）"
        )
    result = grade_with_unknowns(**figures, bands=bands)
    if result.grade == PENDING:
        raise ValueError(
            f"事故等级待定：未提供{_missing_flags(result.missing)}；请补齐数字或用 --grade 指定等级"
        )
    return result.grade, "figures", list(result.criteria)


def _labels(pack: Pack) -> dict[str, str]:
    """Chinese labels of the codes a reason may carry: sectors, department kinds, roles, organisations."""
    from zeren.org.models import Organisation, Unit

    labels: dict[str, str] = {s.id: s.name for s in pack.sectors}
    labels.update({k.id: k.name for k in pack.department_kinds})
    labels.update({r.id: r.name for r in pack.roles})
    labels.update(dict(Unit.objects.values_list("code", "name")))
    labels.update(dict(Organisation.objects.values_list("code", "name")))
    return labels


def humanize(text: str, labels: Mapping[str, str]) -> str:
    """``text`` with every known code replaced by its label; "(code)" becomes "（label）"."""
    text = _PAREN.sub(lambda m: f"（{labels[m.group(1)]}）" if m.group(1) in labels else m.group(0), text)
    return _CODE.sub(lambda m: labels.get(m.group(0), m.group(0)), text)


def run_chain(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from django.utils import timezone

    from zeren.accidents.rules import citation, rules_for
    from zeren.accidents.selectors import answerable, chain_payload, find_unit
    from zeren.common.errors import ZerenError
    from zeren.common.times import local_iso
    from zeren.policy.accidents import GRADES
    from zeren.policy.chain import sector_group

    try:
        at = _parse_at(args.at)
    except ValueError:
        return _fail("chain", f"无法识别的时间 {args.at}（应为 ISO 8601，如 2026-03-01T10:00）")
    unit = find_unit(args.unit)
    if unit is None:
        return _fail("chain", f"没有单位 {args.unit}")
    day = timezone.localtime(at).date()
    try:
        rules = rules_for(on=day)
    except ZerenError as exc:
        return _fail("chain", _not_in_force(day) or exc.message)
    sector = rules.sector_code(args.sector)
    if sector is None:
        return _fail(
            "chain", f"政策包中没有行业领域“{args.sector}”（可用的行业见 zeren accident chain --help）"
        )
    try:
        grade, source, criteria = _grade_for_chain(args, GRADES, rules.bands)
    except ValueError as exc:
        return _fail("chain", str(exc))
    involved = _involved(args, rules)
    if isinstance(involved, str):
        return _fail("chain", involved)
    also_sectors, also_units = involved
    rows = answerable(
        unit=unit,
        sector_code=[sector, *also_sectors],
        day=day,
        grade=grade,
        rules=rules,
        report_failure=args.report_failure,
        also_units=also_units,  # type: ignore[arg-type]
    )
    labels = _labels(rules.pack)
    posts = chain_payload(rows)
    for post in posts:
        post["reason"] = humanize(post["reason"], labels)
    sector_name = rules.sector_name(sector) or sector
    group = sector_group(rules.reach, [sector, *also_sectors], grade)
    if args.json:
        payload = {
            "unit": unit.code,
            "sector": sector,
            "sector_name": sector_name,
            "at": local_iso(at),  # the pack's zone, whatever offset --at was given with
            "grade": grade,
            "grade_source": source,
            "grade_criteria": criteria,
            "also_sectors": also_sectors,
            "also_units": [u.code for u in also_units],  # type: ignore[attr-defined]
            "reach_group": {"id": group.id, "name": group.name} if group else None,
            "posts": posts,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    how = "按伤亡和损失定级" if source == "figures" else "按 --grade 指定"
    local = timezone.localtime(at)
    print(f"{unit.name} · {sector_name} · {local:%Y-%m-%d %H:%M} · {grade}事故（{how}）")
    for line in criteria:
        print(f"  定级：{line}")
    if group:
        print(f"  追及范围：{group.name}，按政策包对该类事故的追及范围（本地选择）")
    likely = [p for p in posts if p["likely"]]
    possible = [p for p in posts if not p["likely"]]
    print(f"建议审查（较可能，{len(likely)}）：" if likely else "建议审查（较可能）：无")
    for post in likely:
        _print_post(post, citation)
    if possible:
        print(f"可能涉及，需调查核实（{len(possible)}）：")
        for post in possible:
            _print_post(post, citation)
    return 0


def _print_post(post: Mapping[str, Any], citation: Any) -> None:
    holder = post["holder_name"] or "（空缺）"
    clauses = "、".join(citation(c) for c in post["clauses"])
    print(
        f"  [{post['placement']}] {post['title']}（{post['unit_name']}）：{holder}"
        f" — {post['responsibility']}：{post['reason']} [{clauses}]"
    )
