"""Check every row of a parsed workbook against itself and the database, and plan the upsert.

Rows are keyed by code (tenures by person + post + start, portfolios by post + organisation +
sector + start, reorganisations by predecessor + successor). A row equal to the database is
unchanged; a new key is created; of an existing row only the open end may be filled in (a tenure,
a portfolio, a retirement — and an organisation's or post's end when a reorganisation in the same
workbook ends it). Any other difference is an error: import never moves, renames or deletes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from zeren.org.models import Organisation, Person, Portfolio, Post, Succession, Tenure, Unit

from .plan import (
    Plan,
    check_exists,
    check_pack,
    check_range,
    count,
    immutable_diffs,
    index_rows,
    shown,
    usable,
)
from .reader import Row, Sheets
from .schema import (
    ORGANISATION_FIELDS,
    ORGANISATIONS,
    PEOPLE,
    PORTFOLIOS,
    POSTS,
    ROW_KEYS,
    SUCCESSIONS,
    TENURES,
    UNITS,
)
from .writer import PackCodes

ONE_DAY = dt.timedelta(days=1)


class _Planner:
    def __init__(self, sheets: Sheets, pack: PackCodes | None) -> None:
        self.rows = sheets.rows
        self.unit_codes: set[str] = set()
        self.plan = Plan(errors=list(sheets.errors))
        self.pack = (
            {name: {code for code, _ in entries} for name, entries in pack.lists.items()} if pack else {}
        )
        self.org_dates: dict[str, tuple[dt.date | None, dt.date | None]] = {}
        self.post_info: dict[str, tuple[dt.date | None, dt.date | None, str]] = {}
        self.post_changed: set[str] = set()
        self.retired: dict[str, dt.date | None] = {}
        self.retiring: set[str] = set()
        self.reorganised: dict[str, dt.date] = {}  # predecessor code -> its last day
        self.pending_org_end: list[Row] = []
        self.pending_post_end: list[Row] = []

    def error(self, row: Row, key: str, reason: str) -> None:
        self.plan.errors.append(row.error(key, reason))

    def pack_codes(self, name: str) -> set[str] | None:
        return self.pack.get(name) if self.pack else None

    # -- units ---------------------------------------------------------------------------------
    def units(self) -> None:
        db: dict[Any, dict[str, Any]] = {
            code: {"name": n, "level": lv, "parent": p or "", "zone_kind": z, "position": pos, "urban": u}
            for code, n, lv, p, z, pos, u in Unit.objects.values_list(
                "code", "name", "level", "parent__code", "zone_kind", "position", "urban"
            )
        }
        rows = {
            key[0]: row for key, row in index_rows(self.plan, self.rows["units"], ROW_KEYS["units"]).items()
        }
        self.unit_codes = set(db) | set(rows)
        new: dict[str, Row] = {}
        for code, row in rows.items():
            current = db.get(code)
            if current is not None:
                if row.values["parent"] != current["parent"] and usable(row, "parent"):
                    self.error(
                        row,
                        "parent",
                        f"不支持通过导入移动单位（数据库中上级单位为“{current['parent'] or '无'}”）",
                    )
                    row.bad.add("parent")
                same = immutable_diffs(
                    self.plan, row, current, ("name", "level", "parent", "zone_kind", "position")
                )
                if self._urban_changed(row, current["level"], current["urban"]):
                    self.plan.urban.append(row)
                    same = False
                count(self.plan, UNITS, "unchanged" if same else "updated")
                continue
            self._urban_changed(row, row.values["level"], False)
            new[code] = row
            level, parent = row.values["level"], row.values["parent"]
            if usable(row, "level", "parent"):
                if level == Unit.Level.PREFECTURE and parent:
                    self.error(row, "parent", "地区级单位不填上级单位")
                elif level != Unit.Level.PREFECTURE and level and not parent:
                    self.error(row, "parent", "不能为空（县（市）、乡镇（街道）、功能区须填上级单位）")
                elif parent:
                    check_exists(self.plan, row, "parent", self.unit_codes, "上级单位")
            count(self.plan, UNITS, "created")
        self.plan.create["units"] = self._parents_first(new)

    def _urban_changed(self, row: Row, level: str | None, current: bool) -> bool:
        """Whether the row's 城区 (``Unit.urban``) is given and differs from ``current``; 是 on a unit that is
        not county-level is an error (a blank cell leaves the database as it is)."""
        urban = row.values.get("urban")
        if urban is None or not usable(row, "urban"):
            return False
        if urban and level and level != Unit.Level.COUNTY:
            label = Unit.Level(level).label if level in Unit.Level.values else level
            self.error(row, "urban", f"只有县（市）级单位可以标为城区（该单位层级为“{label}”）")
            return False
        return bool(urban) != current

    def _parents_first(self, new: dict[str, Row]) -> list[Row]:
        depth: dict[str, int] = {}
        for code in new:
            chain: list[str] = []
            current: str = code
            while current in new and current not in depth:
                if current in chain:
                    self.error(new[code], "parent", "上级单位形成循环：" + " → ".join([*chain, current]))
                    break
                chain.append(current)
                current = new[current].values["parent"] or ""
            base = depth.get(current, 0)
            for offset, member in enumerate(reversed(chain), start=1):
                depth[member] = base + offset
        return sorted(new.values(), key=lambda row: (depth.get(row.values["code"], 0), row.number))

    # -- organisations and posts ---------------------------------------------------------------
    def organisations(self) -> None:
        db: dict[Any, dict[str, Any]] = {
            code: {
                "unit": u, "name": n, "type": t, "kind_code": k, "start": s, "end": e,
                "safety_body": body, "safety_staff": staff,
            }
            for code, u, n, t, k, s, e, body, staff in Organisation.objects.values_list(*ORGANISATION_FIELDS)
        }  # fmt: skip
        rows = {
            k[0]: r
            for k, r in index_rows(self.plan, self.rows["organisations"], ROW_KEYS["organisations"]).items()
        }
        self.org_dates = {code: (c["start"], c["end"]) for code, c in db.items()}
        for code, row in rows.items():
            v = row.values
            self.org_dates[code] = (v["start"], v["end"])
            current = db.get(code)
            check_range(self.plan, row, "start", "end", "撤销日期")
            if current is not None:
                same = immutable_diffs(
                    self.plan, row, current, ("unit", "name", "type", "kind_code", "start")
                )
                if usable(row, "end") and v["end"] != current["end"]:
                    if current["end"] is None:
                        self.pending_org_end.append(row)
                        same = False
                    else:
                        self.error(
                            row, "end", f"不支持通过导入修改或清除撤销日期（数据库中为 {current['end']}）"
                        )
                if self._staffing_changed(row, current):
                    self.plan.safety_staffing.append(row)
                    if same:
                        count(self.plan, ORGANISATIONS, "updated")
                    same = False
                if same:
                    count(self.plan, ORGANISATIONS, "unchanged")
                continue
            check_exists(self.plan, row, "unit", self.unit_codes, "单位")
            check_pack(self.plan, row, "kind_code", self.pack_codes("department_kinds"), "部门类型")
            self.plan.create["organisations"].append(row)
            count(self.plan, ORGANISATIONS, "created")

    def posts(self) -> None:
        db: dict[Any, dict[str, Any]] = {
            code: {"organisation": o, "title": t, "role_code": r, "start": s, "end": e}
            for code, o, t, r, s, e in Post.objects.values_list(
                "code", "organisation__code", "title", "role_code", "start", "end"
            )
        }
        rows = {k[0]: r for k, r in index_rows(self.plan, self.rows["posts"], ROW_KEYS["posts"]).items()}
        self.post_info = {code: (c["start"], c["end"], c["organisation"]) for code, c in db.items()}
        for code, row in rows.items():
            v = row.values
            self.post_info[code] = (v["start"], v["end"], v["organisation"] or "")
            current = db.get(code)
            check_range(self.plan, row, "start", "end", "撤销日期")
            if current is not None:
                same = immutable_diffs(
                    self.plan, row, current, ("organisation", "title", "role_code", "start")
                )
                if usable(row, "end") and v["end"] != current["end"]:
                    if current["end"] is None:
                        self.pending_post_end.append(row)
                        same = False
                    else:
                        self.error(
                            row, "end", f"不支持通过导入修改或清除撤销日期（数据库中为 {current['end']}）"
                        )
                if same:
                    count(self.plan, POSTS, "unchanged")
                continue
            self.post_changed.add(code)
            check_exists(self.plan, row, "organisation", self.org_dates, "机构")
            check_pack(self.plan, row, "role_code", self.pack_codes("roles"), "岗位角色")
            self.plan.create["posts"].append(row)
            count(self.plan, POSTS, "created")

    # -- people --------------------------------------------------------------------------------
    @staticmethod
    def _staffing_changed(row: Row, current: dict[str, Any]) -> bool:
        """A safety body or staff count (art. 17 para 1 point 5) the workbook gives and the database lacks or
        holds otherwise; a blank cell leaves the database as it is (import never clears)."""
        body, staff = row.values.get("safety_body") or "", row.values.get("safety_staff")
        if not usable(row, "safety_body", "safety_staff"):
            return False
        return bool(body and body != current["safety_body"]) or (
            staff is not None and staff != current["safety_staff"]
        )

    def people(self) -> None:
        db: dict[Any, dict[str, Any]] = {
            code: {"name": n, "retired_on": r, "note": note}
            for code, n, r, note in Person.objects.values_list("code", "name", "retired_on", "note")
        }
        rows = {k[0]: r for k, r in index_rows(self.plan, self.rows["people"], ROW_KEYS["people"]).items()}
        self.retired = {code: c["retired_on"] for code, c in db.items()}
        for code, row in rows.items():
            retired_on = row.values["retired_on"]
            self.retired[code] = retired_on
            current = db.get(code)
            if current is None:
                self.plan.create["people"].append(row)
                count(self.plan, PEOPLE, "created")
                if retired_on is not None:
                    self.plan.retire.append(row)
                    self.retiring.add(code)
                continue
            same = immutable_diffs(self.plan, row, current, ("name", "note"))
            if usable(row, "retired_on") and retired_on != current["retired_on"]:
                if current["retired_on"] is None:
                    self.plan.retire.append(row)
                    self.retiring.add(code)
                    count(self.plan, PEOPLE, "updated")
                    continue
                self.error(
                    row,
                    "retired_on",
                    f"不支持通过导入修改或清除退休日期（数据库中为 {current['retired_on']}）",
                )
            if same:
                count(self.plan, PEOPLE, "unchanged")

    # -- reorganisations (art. 72) -------------------------------------------------------------
    def successions(self) -> None:
        db: dict[Any, dict[str, Any]] = {
            (p, s): {"on": on, "kind": k, "note": note}
            for p, s, on, k, note in Succession.objects.values_list(
                "predecessor__code", "successor__code", "on", "kind", "note"
            )
        }
        for key, row in index_rows(self.plan, self.rows["successions"], ROW_KEYS["successions"]).items():
            predecessor, successor = key
            current = db.get(key)
            if current is not None:
                if immutable_diffs(self.plan, row, current, ("on", "kind", "note")):
                    count(self.plan, SUCCESSIONS, "unchanged")
                continue
            known = check_exists(self.plan, row, "predecessor", self.org_dates, "机构")
            known = check_exists(self.plan, row, "successor", self.org_dates, "机构") and known
            on = row.values["on"]
            if predecessor == successor:
                self.error(row, "successor", "新机构不能与原机构相同")
            elif known and on is not None:
                successor_start = self.org_dates[successor][0]
                if successor_start is not None and successor_start > on:
                    self.error(row, "on", f"新机构“{successor}”设立于 {successor_start}，晚于生效日期")
                last_day = on - ONE_DAY
                predecessor_end = self.org_dates[predecessor][1]
                if predecessor_end != last_day:
                    self.error(
                        row,
                        "on",
                        f"原机构“{predecessor}”的撤销日期应为 {last_day}（生效日期前一天），"
                        f"机构表中为{predecessor_end or '空'}",
                    )
                else:
                    self.reorganised[predecessor] = last_day
            self.plan.create["successions"].append(row)
            count(self.plan, SUCCESSIONS, "created")

    def ends_by_reorganisation(self) -> None:
        """An existing organisation or post may only gain an end through a reorganisation in the workbook."""
        for row in self.pending_org_end:
            if self.reorganised.get(row.values["code"]) == row.values["end"]:
                count(self.plan, ORGANISATIONS, "updated")
            else:
                self.error(
                    row,
                    "end",
                    "暂不支持通过导入撤销已有机构；因机构改革撤销的，请在“机构改革”表登记（撤销日期为生效日期前一天）",
                )
        for row in self.pending_post_end:
            last_day = self.reorganised.get(row.values["organisation"])
            if last_day is not None and last_day == row.values["end"]:
                self.post_changed.add(row.values["code"])
                count(self.plan, POSTS, "updated")
            else:
                self.error(
                    row,
                    "end",
                    "暂不支持通过导入撤销已有岗位（机构改革时随原机构撤销，撤销日期为生效日期前一天）",
                )
        for row in self.rows["posts"]:
            last_day = self.reorganised.get(row.values.get("organisation") or "")
            if last_day is not None and usable(row, "end") and row.values["end"] is None:
                self.error(row, "end", f"所属机构因机构改革于 {last_day} 撤销，请填写撤销日期 {last_day}")

    # -- tenures -------------------------------------------------------------------------------
    def tenures(self) -> None:
        db: dict[Any, dict[str, Any]] = {
            (pe, po, s): {"pk": pk, "end": e, "acting": a, "end_reason": why}
            for pk, pe, po, s, e, a, why in Tenure.objects.values_list(
                "pk", "person__code", "post__code", "start", "end", "acting", "end_reason"
            )
        }
        touched: set[tuple[Any, ...]] = set()
        rows = index_rows(self.plan, self.rows["tenures"], ROW_KEYS["tenures"])
        for key, row in rows.items():
            person, post, start = key
            v = row.values
            check_range(self.plan, row, "start", "end", "离任日期")
            if v["end_reason"] and v["end"] is None and usable(row, "end"):
                self.error(row, "end_reason", "未填离任日期时不应填写离任原因")
            known = check_exists(self.plan, row, "person", self.retired, "人员")
            known = check_exists(self.plan, row, "post", self.post_info, "岗位") and known
            current = db.get(key)
            if current is None:
                touched.add(key)
                self.plan.create["tenures"].append(row)
                count(self.plan, TENURES, "created")
            else:
                same = immutable_diffs(self.plan, row, current, ("acting",))
                if usable(row, "end") and v["end"] != current["end"]:
                    same = False
                    if current["end"] is None:
                        touched.add(key)
                        self.plan.end_tenures.append((row, current["pk"]))
                        count(self.plan, TENURES, "updated")
                    else:
                        reason = f"不支持通过导入修改或清除离任日期（数据库中为 {current['end']}）"
                        self.error(row, "end", reason)
                elif usable(row, "end_reason") and v["end_reason"] != current["end_reason"]:
                    if current["end_reason"]:
                        same = immutable_diffs(self.plan, row, current, ("end_reason",)) and same
                    else:
                        self.plan.warnings.append(
                            row.error("end_reason", "已结束任职的离任原因无法通过导入补录，已忽略")
                        )
                if same:
                    count(self.plan, TENURES, "unchanged")
            if known and (key in touched or post in self.post_changed or person in self.retiring):
                self._tenure_fits(row, person, post, start, new=current is None)
        self._overlaps(db, rows, touched)

    def _tenure_fits(self, row: Row, person: str, post: str, start: dt.date, *, new: bool) -> None:
        """The checks ``appoint`` makes, plus retirement closing every tenure."""
        end = row.values["end"]
        post_start, post_end, _ = self.post_info[post]
        if new and post_start is not None and start < post_start:
            self.error(row, "start", f"岗位“{post}”设立于 {post_start}，任职日期不能更早")
        if post_end is not None and usable(row, "end") and (end is None or end > post_end):
            self.error(row, "end", f"岗位“{post}”于 {post_end} 撤销，离任日期应填写且不晚于该日")
        retired_on = self.retired.get(person)
        if retired_on is not None:
            if new and start > retired_on:
                self.error(row, "start", f"人员“{person}”已于 {retired_on} 退休，任职日期不能晚于退休日期")
            elif person in self.retiring and usable(row, "end") and (end is None or end > retired_on):
                self.error(row, "end", f"人员“{person}”于 {retired_on} 退休，离任日期应填写且不晚于退休日期")

    def _overlaps(
        self,
        db: dict[tuple[Any, ...], dict[str, Any]],
        rows: dict[tuple[Any, ...], Row],
        touched: set[tuple[Any, ...]],
    ) -> None:
        """At any day a post has at most one full holder and one acting holder (as ``appoint`` enforces)."""
        groups: dict[tuple[str, bool], dict[tuple[Any, ...], tuple[dt.date, dt.date | None, Row | None]]] = (
            defaultdict(dict)
        )
        for key, current in db.items():
            groups[(key[1], current["acting"])][key] = (key[2], current["end"], None)
        for key, row in rows.items():
            if usable(row, "end", "acting"):
                for acting in (False, True):
                    groups[(key[1], acting)].pop(key, None)
                groups[(key[1], row.values["acting"])][key] = (key[2], row.values["end"], row)
        for (_, acting), members in groups.items():
            if not touched.intersection(members):
                continue
            ordered = sorted(members.items(), key=lambda item: item[1][0])
            latest_key, (latest_start, latest_end, latest_row) = ordered[0]
            for key, (start, end, member) in ordered[1:]:
                overlapping = latest_end is None or start <= latest_end
                if overlapping and (key in touched or latest_key in touched):
                    if member is not None and (key in touched or latest_row is None):
                        self._overlap(member, latest_key, latest_start, acting)
                    elif latest_row is not None:
                        self._overlap(latest_row, key, start, acting)
                if latest_end is not None and (end is None or end > latest_end):
                    latest_key, latest_start, latest_end, latest_row = key, start, end, member

    def _overlap(self, row: Row, other: tuple[Any, ...], other_start: dt.date, acting: bool) -> None:
        kind = "代理" if acting else "正职"
        self.error(
            row,
            "start",
            f"与人员“{other[0]}”自 {other_start} 起的任职重叠（同一岗位同一时间只能有一名{kind}）",
        )

    # -- portfolios ----------------------------------------------------------------------------
    def portfolios(self) -> None:
        db: dict[Any, dict[str, Any]] = {
            (po, o or "", sc, s): {"pk": pk, "end": e}
            for pk, po, o, sc, s, e in Portfolio.objects.values_list(
                "pk", "post__code", "organisation__code", "sector_code", "start", "end"
            )
        }
        for key, row in index_rows(self.plan, self.rows["portfolios"], ROW_KEYS["portfolios"]).items():
            v = row.values
            check_range(self.plan, row, "start", "end", "结束日期")
            check_exists(self.plan, row, "post", self.post_info, "岗位")
            if v["organisation"]:
                check_exists(self.plan, row, "organisation", self.org_dates, "机构")
            elif not v["sector_code"] and usable(row, "sector_code"):
                self.error(row, "organisation", "机构标识与行业领域标识至少填一项")
            last_day = self.reorganised.get(v["organisation"])
            if last_day is not None and v["end"] is None and usable(row, "end"):
                self.error(
                    row, "end", f"所分管机构因机构改革于 {last_day} 撤销，请填写结束日期（不晚于该日）"
                )
            current = db.get(key)
            if current is None:
                check_pack(self.plan, row, "sector_code", self.pack_codes("sectors"), "行业领域")
                self.plan.create["portfolios"].append(row)
                count(self.plan, PORTFOLIOS, "created")
            elif not usable(row, "end") or v["end"] == current["end"]:
                count(self.plan, PORTFOLIOS, "unchanged")
            elif current["end"] is None:
                self.plan.end_portfolios.append((row, current["pk"]))
                count(self.plan, PORTFOLIOS, "updated")
            else:
                self.error(row, "end", f"不支持通过导入修改或清除结束日期（数据库中为 {current['end']}）")


def build_plan(sheets: Sheets, pack: PackCodes | None) -> Plan:
    planner = _Planner(sheets, pack)
    planner.units()
    planner.organisations()
    planner.posts()
    planner.people()
    planner.successions()
    planner.ends_by_reorganisation()
    planner.tenures()
    planner.portfolios()
    planner.plan.create["tenures"].sort(key=lambda row: (row.values["post"], row.values["start"]))
    return planner.plan


__all__ = ["build_plan", "shown"]
