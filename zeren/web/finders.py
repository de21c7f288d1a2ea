"""Front-end files from ``node_modules`` served as static files, one named file at a time.

``node_modules/echarts/dist`` holds 51 MB of builds, maps and extensions; the pages need one file.
Listing the whole directory in ``STATICFILES_DIRS`` would make every ``collectstatic`` copy and hash it
all, so this finder exposes only the files named in ``FILES`` (under their static prefix).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage

# static prefix -> (directory under node_modules, the files served from it)
FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "echarts": ("echarts/dist", ("echarts.min.js",)),
}


class NodeModulesFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        root = Path(settings.BASE_DIR) / "node_modules"
        self.storages: dict[str, tuple[FileSystemStorage, tuple[str, ...]]] = {}
        for prefix, (directory, names) in FILES.items():
            location = root / directory
            if location.is_dir():
                storage = FileSystemStorage(location=str(location))
                storage.prefix = prefix  # type: ignore[attr-defined]  # read by collectstatic
                self.storages[prefix] = (storage, names)

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:  # type: ignore[override]
        prefix, _, name = path.partition("/")
        entry = self.storages.get(prefix)
        if entry is None or name not in entry[1]:
            return []
        found = entry[0].path(name)
        return [found] if find_all or kwargs.get("all") else found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for storage, names in self.storages.values():
            for name in names:
                if storage.exists(name):
                    yield name, storage
