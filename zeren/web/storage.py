"""Static files: hashed names for long caching, served by WhiteNoise.

WhiteNoise's compressing storage spent ~40 s recompressing the bundled API-docs JavaScript on every
`collectstatic` (run by `zeren demo` and `zeren serve`); plain hashed files start in seconds, and
missing manifest entries fall back to the unhashed name instead of failing a page.
"""

from __future__ import annotations

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class StaticStorage(ManifestStaticFilesStorage):
    manifest_strict = False
