"""Components the application is built from, with versions and licences, for «О программе» and the bundle."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT_DISTRIBUTION = "mentordesk"
# What the code imports directly (pyproject's dependencies): walked too, in case the installed metadata of
# mentordesk itself is stale (an old editable install).
DIRECT = ("PySide6-Essentials", "PySide6-Addons", "PySide6-Pdf", "SQLAlchemy", "sqlmodel", "alembic", "openpyxl",
          "reportlab", "platformdirs", "scipy", "numpy", "cryptography", "jsonschema")
COMPONENTS_FILE = "components.json"  # written by the build into <bundle>/licenses/

# Licences the metadata does not state in a short form (or at all), by distribution name (lower case).
KNOWN = {
    "pyside6-essentials": "LGPL-3.0 (Qt for Python, Qt 6)",
    "pyside6-addons": "LGPL-3.0 (Qt for Python, Qt 6)",
    "pyside6-pdf": "LGPL-3.0 (Qt for Python, Qt 6)",
    "shiboken6": "LGPL-3.0",
    "scipy": "BSD-3-Clause",
    "reportlab": "BSD-3-Clause",
    "openpyxl": "MIT",
}
EXTRA = (
    ("Liberation Serif (шрифт)", "2.1", "SIL Open Font License 1.1"),
    ("Python", f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}", "PSF-2.0"),
)


@dataclass(frozen=True)
class Component:
    """One bundled component: its name, version and licence."""

    name: str
    version: str
    licence: str


def _licence_of(dist: metadata.Distribution) -> str:
    name = re.sub(r"[-_.]+", "-", dist.metadata.get("Name") or "").lower()
    if name in KNOWN:
        return KNOWN[name]
    expression = dist.metadata.get("License-Expression")
    if expression:
        return expression
    text = (dist.metadata.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 40:
        return text
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in dist.metadata.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return classifiers[0] if classifiers else "см. файл лицензии"


def _requirement_names(dist: metadata.Distribution) -> list[str]:
    names = []
    for requirement in dist.requires or []:
        if "extra ==" in requirement.replace('"', "").replace("'", ""):
            continue
        if ";" in requirement and "sys_platform" in requirement:
            marker = requirement.split(";", 1)[1]
            if "win32" in marker and "!=" not in marker and sys.platform != "win32":
                continue
        match = re.match(r"[A-Za-z0-9._-]+", requirement.strip())
        if match:
            names.append(match.group(0))
    return names


def runtime_distributions(*, root: str = ROOT_DISTRIBUTION) -> list[metadata.Distribution]:
    """The installed distributions the application needs at run time: ``root`` and what it requires, recursively."""
    seen: dict[str, metadata.Distribution] = {}
    queue = [*DIRECT, root]
    while queue:
        name = queue.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        queue.extend(_requirement_names(dist))
    return sorted(seen.values(), key=lambda d: (d.metadata.get("Name") or "").lower())


def runtime_components() -> list[Component]:
    """Components read from the installed metadata (a source or pip install)."""
    found = [Component(name=d.metadata.get("Name") or "?", version=d.version, licence=_licence_of(d))
             for d in runtime_distributions() if (d.metadata.get("Name") or "").lower() != ROOT_DISTRIBUTION]
    return found + [Component(name=n, version=v, licence=lic) for n, v, lic in EXTRA]


def bundle_dir() -> Path | None:
    """The folder of a built (frozen) application, or None when running from source or a pip install."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if getattr(sys, "frozen", False) and base else None


def components() -> list[Component]:
    """Components of this build: the list written at build time in a bundle, else the installed metadata."""
    bundle = bundle_dir()
    if bundle is not None:
        path = bundle / "licenses" / COMPONENTS_FILE
        if path.is_file():
            rows = json.loads(path.read_text(encoding="utf-8"))
            return [Component(name=r["name"], version=r["version"], licence=r["licence"]) for r in rows]
    return runtime_components()


def licences_folder() -> Path | None:
    """Where the licence texts lie: <bundle>/licenses in a build, None otherwise."""
    bundle = bundle_dir()
    return bundle / "licenses" if bundle is not None and (bundle / "licenses").is_dir() else None
