"""A server-rendered SVG bar chart of findings by clause across units (no JavaScript library).

One horizontal bar per clause, stacked by unit, longest first: the office sees which duties fail most.
Pure: takes plain data, returns SVG text (escaped).
"""

from __future__ import annotations

from html import escape

PALETTE = ("#1f5f99", "#c0392b", "#e69f00", "#2e8b57", "#7b4fa0", "#8c564b", "#5a5a5a")
ROW, BAR, LEFT, WIDTH = 28, 18, 260, 720


def findings_by_clause_svg(
    clauses: list[str], units: list[str], counts: dict[tuple[str, str], int], labels: dict[str, str]
) -> str:
    """``labels`` maps a clause id to its citation (第十八条第一款第（二）项)."""
    top = 10 + ROW * ((len(units) + 3) // 4)
    height = top + ROW * max(len(clauses), 1) + 30
    biggest = max((sum(counts.get((c, u), 0) for u in units) for c in clauses), default=1) or 1
    scale = (WIDTH - LEFT - 40) / biggest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{height}"'
        f' viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
        "<title>各条款发现问题数（按单位）</title>",
    ]
    for i, unit in enumerate(units):
        lx, ly = 10 + (i % 4) * 170, 10 + (i // 4) * ROW
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly + 11}">{escape(unit)}</text>')
    if not clauses:
        parts.append(f'<text x="10" y="{top + 14}">暂无发现问题</text>')
    for row, clause in enumerate(clauses):
        y = top + row * ROW
        label = labels.get(clause, clause)
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 13}" text-anchor="end" data-clause="{escape(clause)}">'
            f"{escape(label)}</text>"
        )
        x = float(LEFT)
        total = 0
        for i, unit in enumerate(units):
            n = counts.get((clause, unit), 0)
            if not n:
                continue
            w = n * scale
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR}"'
                f' fill="{PALETTE[i % len(PALETTE)]}">'
                f"<title>{escape(unit)} · {escape(label)}：{n}</title></rect>"
            )
            x += w
            total += n
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{total}</text>')
    parts.append("</svg>")
    return "".join(parts)
