"""The text a person sees on a page: element text and the values of visible form controls, without tags,
attributes, scripts or styles (stdlib ``html.parser``). An element marked ``data-technical`` (a folded list
of test names on the coverage page, kept for auditors) is left out, with everything inside it."""

from __future__ import annotations

from html.parser import HTMLParser

_HIDDEN = {"script", "style", "template", "head"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BREAKS = {"br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "dt", "dd", "option", "summary"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []  # open elements whose content is not shown

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag not in _VOID and (self.hidden or tag in _HIDDEN or "data-technical" in values):
            self.hidden.append(tag)
            return
        if self.hidden:
            return
        if tag == "input" and values.get("type") not in ("hidden", "password") and values.get("value"):
            self.parts.append(str(values["value"]))
        if tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.hidden:  # close it and anything left open inside it
            while self.hidden.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)
