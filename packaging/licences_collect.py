"""Build step: copy the licence texts of every bundled distribution and write licenses/components.json."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MARKERS = ("LICEN", "COPYING", "NOTICE", "AUTHORS")


def collect_licences(target: Path) -> Path:
    """Fill ``target`` with one folder of licence files per runtime distribution, plus components.json."""
    sys.path.insert(0, str(ROOT))
    from app.licences import runtime_components, runtime_distributions

    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for dist in runtime_distributions():
        name = dist.metadata.get("Name") or "unknown"
        folder = target / f"{name}-{dist.version}"
        for file in dist.files or []:
            source = Path(dist.locate_file(file))
            if "dist-info" in str(file) and any(m in file.name.upper() for m in MARKERS) and source.is_file():
                folder.mkdir(exist_ok=True)
                # nested licence folders may repeat a name (numpy: licenses/…/LICENSE.txt): keep them apart
                target_name = file.name if not (folder / file.name).exists() else "_".join(file.parts[1:])
                shutil.copyfile(source, folder / target_name)
        if name.lower().startswith(("pyside6", "shiboken6")):  # their wheels carry no licence file
            folder.mkdir(exist_ok=True)
            for text in ("LGPL-3.0.txt", "GPL-3.0.txt"):
                shutil.copyfile(HERE / "licenses" / text, folder / text)
    fonts = target / "Liberation-fonts"
    fonts.mkdir()
    shutil.copyfile(ROOT / "resources" / "fonts" / "LICENSE-LiberationFonts.txt", fonts / "LICENSE.txt")
    python_licence = Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "LICENSE.txt"
    if not python_licence.is_file():
        python_licence = Path(sys.base_prefix) / "LICENSE.txt"  # Windows layout
    if python_licence.is_file():
        (target / "Python").mkdir()
        shutil.copyfile(python_licence, target / "Python" / "LICENSE.txt")
    rows = [asdict(c) for c in runtime_components()]
    (target / "components.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(collect_licences(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "licenses"))
