"""The packaging files agree with the code: one version, every bundled data path exists, licences collected."""

from __future__ import annotations

import configparser
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_scripts_read_the_one_version():
    shell = (PACKAGING / "build_linux.sh").read_text(encoding="utf-8")
    command = re.search(r"VERSION=\$\(\"\$PY\" -c '([^']+)'\)", shell).group(1)
    printed = subprocess.run([sys.executable, "-c", command], cwd=ROOT, capture_output=True, text=True, check=True)
    assert printed.stdout.strip() == __version__
    ps1 = (PACKAGING / "windows" / "build_windows.ps1").read_text(encoding="utf-8")
    pattern = re.search(r"-Pattern '([^']+)'", ps1).group(1)
    assert re.search(pattern, (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")).group(1) == __version__
    assert "/DAppVersion=$Version" in ps1


def test_windows_installer_is_per_user_and_keeps_data():
    iss = (PACKAGING / "windows" / "mentordesk.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert "{#AppVersion}" in iss and "#error" in iss  # no version, no installer
    assert "Russian.isl" in iss
    assert 'Tasks: desktopicon' in iss and "Flags: unchecked" in iss
    assert "LOCALAPPDATA%\\MentorDesk" in iss  # documented: the data folder is not touched
    assert "{localappdata}\\MentorDesk" not in iss.lower().replace("{localappdata}\\programs", "")
    for source in re.findall(r'Source: "\{#RepoRoot\}\\([^"*]+)', iss) + re.findall(r'File=\{#RepoRoot\}\\(\S+)', iss):
        assert source.startswith("dist") or (ROOT / source.replace("\\", "/")).exists(), source


def test_windows_version_resource_numbers():
    version_info = load(PACKAGING / "windows" / "version_info.py")
    assert version_info.numeric("0.1.0") == (0, 1, 0, 0)
    assert version_info.numeric("1.2.3rc1") == (1, 2, 3, 0)
    assert version_info.numeric("2.10.4.7.9") == (2, 10, 4, 7)


def test_spec_bundles_existing_files():
    spec = (PACKAGING / "mentordesk.spec").read_text(encoding="utf-8")
    for relative in re.findall(r'ROOT / "([^"]+)" / "([^"]+)"(?: / "([^"]+)")?(?: / "([^"]+)")?', spec):
        path = ROOT.joinpath(*[p for p in relative if p])
        if "*" not in path.name and relative[0] != "build":  # build/ is made by the build itself
            assert path.exists(), path
    assert "db/migrations/versions" in spec and "docs/user-guide" in spec and "licenses" in spec
    assert (ROOT / "resources" / "icons" / "mentordesk.ico").stat().st_size > 1000


def test_desktop_entry_is_complete():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "linux" / "mentordesk.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"].startswith("mentordesk")
    assert section["Icon"] == "mentordesk" and "Education" in section["Categories"]
    assert section["GenericName[ru]"] == "АРМ куратора наставничества"


def test_licences_are_collected_for_every_runtime_distribution(tmp_path):
    collect = load(PACKAGING / "licences_collect.py")
    target = collect.collect_licences(tmp_path / "licenses")
    rows = json.loads((target / "components.json").read_text(encoding="utf-8"))
    names = {row["name"]: row for row in rows}
    for needed in ("PySide6_Essentials", "SQLAlchemy", "reportlab", "openpyxl", "cryptography", "scipy"):
        assert needed in names, needed
    assert names["PySide6_Essentials"]["licence"].startswith("LGPL-3.0")
    pyside = next(target.glob("PySide6_Essentials-*"))
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (pyside / "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert (target / "Liberation-fonts" / "LICENSE.txt").read_text(encoding="utf-8").count("SIL") > 0
    assert any(p.name.upper().startswith("LICEN") for p in next(target.glob("SQLAlchemy-*")).iterdir())
    assert "mentordesk" not in {n.lower() for n in names}
