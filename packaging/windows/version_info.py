"""Windows version resource (Properties → Details of mentordesk.exe) from the one version in app/__init__.py."""

from __future__ import annotations

from pathlib import Path


def numeric(version: str) -> tuple[int, int, int, int]:
    """«0.1.0» or «1.2.3rc1» → (0, 1, 0, 0): Windows wants four numbers."""
    import re

    parts = []
    for piece in version.split(".")[:4]:
        match = re.match(r"\d+", piece)  # «3rc1» → 3
        parts.append(int(match.group(0)) if match else 0)
    return tuple((parts + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def write_version_file(path: Path, *, version: str, exe: str = "mentordesk.exe") -> str:
    """Write a PyInstaller version file for ``version`` and the executable ``exe``; return its path."""
    from PyInstaller.utils.win32.versioninfo import (FixedFileInfo, StringFileInfo, StringStruct, StringTable,
                                                     VarFileInfo, VarStruct, VSVersionInfo)

    nums = numeric(version)
    info = VSVersionInfo(
        ffi=FixedFileInfo(filevers=nums, prodvers=nums, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1,
                          subtype=0x0, date=(0, 0)),
        kids=[
            StringFileInfo([StringTable("041904B0", [  # Russian, Unicode
                StringStruct("CompanyName", "MentorDesk"),
                StringStruct("FileDescription", "MentorDesk — АРМ куратора наставничества"),
                StringStruct("FileVersion", version),
                StringStruct("InternalName", exe.removesuffix(".exe")),
                StringStruct("LegalCopyright", "MentorDesk team"),
                StringStruct("OriginalFilename", exe),
                StringStruct("ProductName", "MentorDesk"),
                StringStruct("ProductVersion", version),
            ])]),
            VarFileInfo([VarStruct("Translation", [0x0419, 1200])]),
        ],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(info), encoding="utf-8")
    return str(path)
