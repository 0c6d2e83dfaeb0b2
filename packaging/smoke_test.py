"""Smoke test of a built bundle: first start in a clean home, demo data, PDF order, package, GUI start offscreen.

Usage: python packaging/smoke_test.py dist/mentordesk [--no-network-check] [--chroot ROOT]
Runs the bundled executable only (no Python of the host is used by it): a clean environment, a fresh HOME, and,
where `unshare` allows it (Linux, root), no network at all. With --chroot, the bundle path is inside ROOT (a
minimal system without Python, e.g. made by debootstrap, with the .deb installed) and every command runs there.
Prints timings; exits 1 on the first failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def executable(bundle: Path, *, cli: bool) -> Path:
    if sys.platform == "win32":
        return bundle / ("mentordesk-cli.exe" if cli else "mentordesk.exe")
    return bundle / "mentordesk"


def clean_env(home: Path) -> dict[str, str]:
    """As on a curator's machine: no MENTORDESK_* overrides, no Python variables, a fresh home."""
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "ru_RU.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    if sys.platform == "win32":
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORDESK", "PYTHON", "QT_"))}
        local, roaming = str(home / "AppData" / "Local"), str(home / "AppData" / "Roaming")
        env.update({"USERPROFILE": str(home), "LOCALAPPDATA": local, "APPDATA": roaming,
                    "QT_QPA_PLATFORM": "offscreen",
                    # platformdirs asks the shell (SHGetKnownFolderPath), which ignores LOCALAPPDATA in the
                    # environment; these are its own overrides (platformdirs >= 4.9, see windows_platformdirs_ok)
                    "WIN_PD_OVERRIDE_LOCAL_APPDATA": local, "WIN_PD_OVERRIDE_APPDATA": roaming})
    return env


def windows_platformdirs_ok(bundle: Path) -> str:
    """Windows: an error text unless the bundled platformdirs honours WIN_PD_OVERRIDE_* (else `demo` without
    --db would write into the real %LOCALAPPDATA%\\MentorDesk of whoever runs the build)."""
    found = sorted(bundle.glob("**/platformdirs-*.dist-info"))
    if not found:
        return "no platformdirs metadata in the bundle: cannot tell whether the data directory can be redirected"
    version = found[0].name[len("platformdirs-"):-len(".dist-info")]
    numbers = tuple(int(p) if p.isdigit() else 0 for p in version.split(".")[:2])
    if numbers < (4, 9):
        return f"platformdirs {version} in the bundle ignores WIN_PD_OVERRIDE_LOCAL_APPDATA; build with >= 4.9"
    return ""


def isolate() -> list[str]:
    """A prefix that cuts the network off (Linux, when permitted); empty where that is not possible."""
    if sys.platform.startswith("linux") and shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            return [shutil.which("unshare") or "unshare", "-n"]
    return []


def run(prefix: list[str], args: list[str], env: dict[str, str], cwd: Path, *, expect: str = "") -> float:
    start = time.perf_counter()
    done = subprocess.run(prefix + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    took = time.perf_counter() - start
    shown = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(args))
    if done.returncode != 0 or (expect and expect not in done.stdout + done.stderr):
        print(f"FAILED ({done.returncode}): {shown}\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n"
              f"{done.stderr[-3000:]}", file=sys.stderr)
        raise SystemExit(1)
    print(f"ok {took:6.2f} s  {shown}")
    return took


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    chroot = Path(argv[argv.index("--chroot") + 1]).resolve() if "--chroot" in argv else None
    bundle = Path("/") / argv[0] if chroot else Path(argv[0]).resolve()  # inside the chroot: from its root
    prefix = [] if "--no-network-check" in argv else isolate()
    if chroot is not None:
        prefix += [shutil.which("chroot") or "/usr/sbin/chroot", str(chroot)]
    isolated = any(part.endswith("unshare") for part in prefix)
    print(f"bundle: {bundle}; network: {'cut off (unshare -n)' if isolated else 'not isolated'}"
          f"{f'; inside {chroot}' if chroot else ''}")
    base = chroot / "tmp" if chroot else None
    with tempfile.TemporaryDirectory(prefix="mentordesk-smoke-", dir=base) as tmp:
        outside = Path(tmp)
        inside = Path("/") / outside.relative_to(chroot) if chroot else outside
        home, work = inside / "home", inside / "work"
        (outside / "home").mkdir()
        (outside / "work").mkdir()
        env = clean_env(home)
        host = (lambda p: chroot / Path(p).relative_to("/")) if chroot else (lambda p: Path(p))
        wd = host(work)
        cli, gui = str(executable(bundle, cli=True)), str(executable(bundle, cli=False))
        run(prefix, [cli, "--version"], env, wd)
        guides = list(host(bundle).glob("**/docs/user-guide/index.html"))
        if not guides:
            print("FAILED: the user guide (docs/user-guide/index.html) is not in the bundle", file=sys.stderr)
            return 1
        print(f"ok          user guide: {guides[0].relative_to(host(bundle))}")
        # the first start without --db: the database goes to the user data directory, as with pip install
        if sys.platform == "win32" and (problem := windows_platformdirs_ok(host(bundle))):
            print(f"FAILED: {problem}", file=sys.stderr)
            return 1
        run(prefix, [cli, "demo"], env, wd, expect="Демонстрационные данные")
        data = (home / "AppData" / "Local" / "MentorDesk") if sys.platform == "win32" else (
            home / ".local" / "share" / "MentorDesk")
        db = data / "mentordesk.sqlite3"
        if not host(db).is_file():
            print(f"FAILED: the database is not in the user data directory ({db})", file=sys.stderr)
            return 1
        print(f"ok          database in the user data directory: {db.relative_to(home)}")
        run(prefix, [cli, "order", "--out", str(work / "order.pdf")], env, wd, expect="Приказ")
        if shutil.which("pdffonts"):
            fonts = subprocess.run(["pdffonts", str(host(work / "order.pdf"))], capture_output=True,
                                   text=True).stdout
            if "LiberationSerif" not in fonts:
                print(f"FAILED: the order's font is not embedded:\n{fonts}", file=sys.stderr)
                return 1
            print("ok          the order embeds Liberation Serif")
        host(work / "pkg").mkdir()
        run(prefix, [cli, "package", "export", "--quarter", quarter_today(), "--out", str(work / "pkg")], env,
            wd, expect="Пакет записан и проверен")
        package = work / "pkg" / next(host(work / "pkg").glob("*.mdpkg")).name
        run(prefix, [cli, "package", "verify", str(package)], env, wd, expect="Пакет в порядке")
        run(prefix, [cli, "export", "roadmap", str(work / "roadmap.xlsx")], env, wd)
        muni = work / "muni.sqlite3"
        run(prefix, [cli, "--db", str(muni), "municipality", "init", "--name", "Управление образования"], env, wd)
        run(prefix, [cli, "--db", str(muni), "municipality", "report", "--quarter", quarter_today(), "--out",
                     str(work / "svod.xlsx")], env, wd)
        # Windows: mentordesk.exe is windowed (console=False), its sys.stdout is None and prints go nowhere, so the
        # markers are read from the console twin (the same program; no command = the window)
        window = cli if sys.platform == "win32" else gui
        took = run(prefix, [window], dict(env, MENTORDESK_BENCH_EXIT_ON_SHOW="ready"), wd, expect="MENTORDESK_READY")
        print(f"GUI start to the loaded main window: {took:.2f} s (offscreen)")
        # every tab of the window (their modules are imported by name, which a build could miss)
        run(prefix, [window], dict(env, MENTORDESK_BENCH_EXIT_ON_SHOW="tabs"), wd, expect="MENTORDESK_TABS_OK")
        if sys.platform == "win32":  # the windowed exe itself: it must start and exit 0 (no output to read)
            run(prefix, [gui], dict(env, MENTORDESK_BENCH_EXIT_ON_SHOW="ready"), wd)
    print("smoke test passed")
    return 0


def quarter_today() -> str:
    today = time.localtime()
    return f"{today.tm_year}-Q{(today.tm_mon - 1) // 3 + 1}"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
