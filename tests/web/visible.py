"""The text a person sees on a page: element text and the values of visible form controls, without tags,
attributes, scripts or styles (stdlib ``html.parser``)."""

from __future__ import annotations

from html.parser import HTMLParser

_HIDDEN = {"script", "style", "template", "head"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        values = dict(attrs)
        if tag == "input" and values.get("type") not in ("hidden", "password") and values.get("value"):
            self.parts.append(str(values["value"]))
        if tag in ("br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "dt", "dd", "option"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)
