"""tools/bundle_libraries.py: which ICU data items the Linux bundle keeps, a real trimmed ICU data library
that still sorts Swedish and English names, and OpenCV relinked to the reference LAPACK (when the
machine has the tools: icu-devtools, a C compiler, patchelf, liblapack3 and libblas3)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bundle_libraries", REPO / "tools" / "bundle_libraries.py")
libs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(libs)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries")


@pytest.mark.parametrize("item, kept", [
    ("coll/sv.res", True), ("coll/sv_FI.res", True), ("en_GB.res", True), ("lang/en.res", True),
    ("coll/root.res", True), ("brkitr/char.brk", True), ("nfc.nrm", True), ("uprops.icu", True),
    ("coll/de.res", False), ("de__PHONEBOOK.res", False), ("zh_Hant_TW.res", False), ("fil.res", False),
    ("ibm-1252_P100-2000.cnv", False), ("brkitr/thaidict.dict", False), ("unames.icu", False),
    ("translit/en.res", False), ("curr/supplementalData.res", True), ("res_index.res", True),
])
def test_the_game_languages_locales_and_the_shared_tables_stay(item, kept):
    assert libs.kept_icu_item(item) is kept


def test_other_languages_can_be_kept():
    assert libs.kept_icu_item("coll/de.res", ("en", "sv", "de"))


def qt_icu_data() -> Path:
    PySide6 = pytest.importorskip("PySide6")
    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.[0-9]*"))
    if not found:
        pytest.skip("this PySide6 ships no ICU")
    return found[0]


# What Qt takes from ICU's data: collation (QCollator). Case mapping and normalisation are code in
# libicuuc or Qt's own tables, day and number names Qt's own CLDR data: the same with any ICU data.
SORT_NAMES = """
from PySide6.QtCore import QCollator, QLocale, Qt
names = ["Örjan", "ärla", "Åsa", "Zara", "anna", "Émile", "Øyvind", "Ängel", "Aaron", "ß", "Ss"]
for locale in ("sv_SE", "sv_FI", "en_GB", "en_US", "de_DE", "C"):
    collator = QCollator(QLocale(locale))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    print(locale, sorted(names, key=collator.sortKey))
"""


@linux_only
@pytest.mark.slow
def test_trimmed_icu_data_sorts_as_the_whole_data_does(tmp_path):
    if not all(shutil.which(tool) for tool in ("icupkg", "genccode", "cc", "objcopy")):
        pytest.skip("needs icu-devtools, a C compiler and binutils")
    source = qt_icu_data()
    trimmed = tmp_path / source.name
    shutil.copy2(source, trimmed)
    said = libs.trim_icu_data(trimmed)
    assert said.startswith("ICU data trimmed to en, sv")
    assert trimmed.stat().st_size < source.stat().st_size / 4
    soname = subprocess.run(["readelf", "-d", str(trimmed)], capture_output=True, text=True).stdout
    assert f"Library soname: [{source.name}]" in soname

    def sorted_names(library_dir: str) -> str:  # the loader takes the trimmed library before PySide6's own
        env = dict(os.environ, LD_LIBRARY_PATH=library_dir, QT_QPA_PLATFORM="offscreen")
        return subprocess.run([sys.executable, "-c", SORT_NAMES], env=env, capture_output=True, text=True,
                              check=True, timeout=60).stdout

    whole, cut = sorted_names(str(source.parent)), sorted_names(str(tmp_path))
    assert cut == whole
    assert "sv_SE ['Aaron', 'anna', 'Émile', 'Ss', 'ß', 'Zara', 'Åsa', 'Ängel', 'ärla', 'Örjan', 'Øyvind']" in cut


@linux_only
@pytest.mark.slow
def test_dropping_an_item_others_need_is_refused_and_leaves_the_library(tmp_path, monkeypatch):
    if not all(shutil.which(tool) for tool in ("icupkg", "genccode", "cc", "objcopy")):
        pytest.skip("needs icu-devtools, a C compiler and binutils")
    source = qt_icu_data()
    library = tmp_path / source.name
    shutil.copy2(source, library)
    kept = libs.kept_icu_item
    monkeypatch.setattr(libs, "kept_icu_item", lambda item, languages: item != "pool.res" and kept(item, languages))
    with pytest.raises(ValueError, match="pool.res"):  # every locale's strings live in the pool
        libs.trim_icu_data(library)
    assert library.read_bytes() == source.read_bytes()
    assert [path.name for path in tmp_path.iterdir()] == [source.name]


def test_a_library_that_is_not_icu_data_is_refused(tmp_path):
    if not all(shutil.which(tool) for tool in ("icupkg", "genccode", "cc", "objcopy")):
        pytest.skip("needs icu-devtools, a C compiler and binutils")
    with pytest.raises(ValueError, match="not ICU's data library"):
        libs.trim_icu_data(tmp_path / "libfoo.so.1")


def test_missing_tools_leave_the_data_whole_and_say_so(tmp_path, monkeypatch):
    monkeypatch.setattr(libs.shutil, "which", lambda tool, **_: None)
    library = tmp_path / "libicudata.so.73"
    library.write_bytes(b"not touched")
    assert libs.trim_icu_data(library).startswith("ICU data kept whole: no icupkg")
    assert library.read_bytes() == b"not touched"


def opencv_module() -> Path:
    cv2 = pytest.importorskip("cv2")
    found = sorted(Path(cv2.__file__).parent.glob("cv2*.so"))
    if not found:
        pytest.skip("this OpenCV is no single extension module")
    return found[0]


@linux_only
@pytest.mark.slow
def test_relinked_opencv_needs_the_reference_lapack_and_drops_its_openblas(tmp_path):
    module = opencv_module()
    wheel_libs = module.parent.parent / "opencv_python.libs"
    if not any(name.startswith("libopenblas") for name in libs.needed(module)):
        pytest.skip("this OpenCV links no OpenBLAS")
    if not libs._patchelf() or not all(libs._system_library(name) for name in libs.REFERENCE_LAPACK):
        pytest.skip("needs patchelf, liblapack3 and libblas3")
    package = tmp_path / "cv2"
    package.mkdir()
    copy = package / module.name
    shutil.copy2(module, copy)
    shutil.copytree(wheel_libs, tmp_path / "opencv_python_headless.libs")  # the layout of the headless wheel
    said = libs.use_reference_lapack(copy)
    assert "libopenblas" in said and "libgfortran" in said
    linked = libs.needed(copy)
    assert {"liblapack.so.3", "libblas.so.3"} <= set(linked)
    assert not any(name.startswith("libopenblas") for name in linked)
    left = {path.name for path in (tmp_path / "opencv_python_headless.libs").iterdir()}
    assert not any(name.startswith(("libopenblas", "libgfortran", "libquadmath")) for name in left)
    assert any(name.startswith("libavcodec") for name in left)  # what the module still needs stays
    assert libs.use_reference_lapack(copy) == "OpenCV already uses the reference LAPACK and BLAS; removed nothing"
    assert [path.name for path in package.iterdir()] == [copy.name]  # no half-patched copy left


@linux_only
def test_an_openblas_left_by_an_interrupted_build_goes_on_the_next(tmp_path, monkeypatch):
    package, wheel_libs = tmp_path / "cv2", tmp_path / "opencv_python_headless.libs"
    package.mkdir()
    wheel_libs.mkdir()
    for name in ("cv2.abi3.so", "libopenblasp-r0-1.so", "libgfortran-2.so.5", "libavcodec-3.so"):
        (package if name.startswith("cv2") else wheel_libs).joinpath(name).write_bytes(b"")
    links = {"cv2.abi3.so": ["liblapack.so.3", "libblas.so.3", "libavcodec-3.so"],
             "libopenblasp-r0-1.so": ["libgfortran-2.so.5"]}
    monkeypatch.setattr(libs, "needed", lambda path: links.get(Path(path).name, []))
    said = libs.use_reference_lapack(package / "cv2.abi3.so")
    assert said == "OpenCV already uses the reference LAPACK and BLAS; removed libopenblasp-r0-1.so, libgfortran-2.so.5"
    assert [path.name for path in wheel_libs.iterdir()] == ["libavcodec-3.so"]


@pytest.mark.parametrize("folder, kind", [("lapack", None), ("openblas-pthread", "openblas"), ("atlas", "atlas"),
                                          ("blis-openmp", "blis")])
def test_an_optimised_lapack_behind_the_name_is_no_reference_one(tmp_path, folder, kind):
    real = tmp_path / folder / "liblapack.so.3"
    real.parent.mkdir()
    real.write_bytes(b"")
    (tmp_path / "liblapack.so.3").symlink_to(real)
    assert libs._not_reference(tmp_path / "liblapack.so.3") == kind
