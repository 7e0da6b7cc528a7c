"""`svcdef build`: outputs, manifest, atomicity, determinism, `--check`, `--only`, and the readme and i18n targets."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import HEADER, SpecFolder

import generators
from generators import TARGETS
from generators.i18n import bundle
from generators.templating import md_cell, md_code, md_fence, md_line, md_text
from svcdef import __version__, writer
from svcdef import model as m
from svcdef.check import Workspace, check_file, check_paths
from svcdef.cli import main
from svcdef.messages import MESSAGES
from svcdef.service import Service

ROOT = Path(__file__).resolve().parent.parent
LABEL = "label: {de: X, fr: X}"
GOOD = HEADER + f"fields:\n  name: {{type: text, required: true, {LABEL}}}\n"
BAD = HEADER + f"fields:\n  name: {{type: text, requird: true, {LABEL}}}\n"
ALL = ("README.md", "i18n/de.json", "i18n/fr.json", "manifest.json")


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcdef", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


WRITER_TARGETS = ("--only", "readme,i18n")
"""The writer's tests build two small targets; the code targets are tested in their own files."""


def build(specs: SpecFolder, *extra: str, out: str = "out") -> int:
    only = () if "--only" in extra else WRITER_TARGETS
    return main(["build", str(specs.root / "in"), "-o", str(specs.root / out), *only, *extra])


@pytest.fixture
def built(specs: SpecFolder) -> Path:
    """A spec folder `in/` with one clean spec, built into `out/`."""
    specs.write("in/spec.yaml", GOOD)
    assert build(specs) == 0
    return specs.root / "out" / "test-service"


def service_of(specs: SpecFolder, text: str, name: str = "spec.yaml") -> Service:
    path = specs.write(name, text)
    service, diagnostics = check_file(str(path), Workspace())
    assert service is not None, diagnostics
    return service


# -- the build and its manifest ----------------------------------------------------------


def test_build_writes_every_target_and_a_manifest(specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    specs.write("in/sub/spec.yaml", GOOD)
    assert build(specs) == 0
    assert (
        capsys.readouterr().err == f"built 1 service into {specs.root / 'out'} (readme, i18n): 1 updated, 0 unchanged\n"
    )
    files = tree(specs.root / "out" / "test-service")
    assert sorted(files) == sorted(ALL)
    manifest = json.loads(files["manifest.json"])
    assert manifest == {
        "compiler": {"name": "svcdef", "version": __version__},
        "service": {"id": "test-service", "version": "1.0.0"},
        "spec": {"file": "sub/spec.yaml", "sha256": hashlib.sha256(GOOD.encode()).hexdigest()},
        "imports": [],
        "targets": {
            "i18n": {p: hashlib.sha256(files[p]).hexdigest() for p in ("i18n/de.json", "i18n/fr.json")},
            "readme": {"README.md": hashlib.sha256(files["README.md"]).hexdigest()},
        },
    }
    text = files["manifest.json"].decode()
    assert text == json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    for data in files.values():
        assert str(specs.root).encode() not in data and b"\r" not in data


def test_spec_given_as_a_file_is_named_relative_to_its_folder(specs: SpecFolder) -> None:
    path = specs.write("in/deep/spec.yaml", GOOD)
    assert main(["build", str(path), "-o", str(specs.root / "out")]) == 0
    manifest = json.loads((specs.root / "out" / "test-service" / "manifest.json").read_text())
    assert manifest["spec"]["file"] == "spec.yaml"


def test_manifest_lists_imported_libraries(specs: SpecFolder) -> None:
    library = (ROOT / "specs" / "lib" / "address-ch.yaml").read_text(encoding="utf-8")
    specs.write("in/lib/address-ch.yaml", library)
    spec = HEADER + "imports: [lib/address-ch.yaml]\nfields:\n  home: {type: address_ch, " + LABEL + "}\n"
    specs.write("in/spec.yaml", spec)
    assert build(specs) == 0
    manifest = json.loads((specs.root / "out" / "test-service" / "manifest.json").read_text())
    assert manifest["imports"] == [
        {"file": "lib/address-ch.yaml", "sha256": hashlib.sha256(library.encode()).hexdigest()}
    ]


def test_two_builds_are_byte_identical_across_folders_and_hash_seeds(tmp_path: Path) -> None:
    first = run("build", "specs", "-o", str(tmp_path / "a"), env={"PYTHONHASHSEED": "1"})
    second = run("build", str(ROOT / "specs"), "-o", "b", cwd=tmp_path, env={"PYTHONHASHSEED": "2"})
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert a == b and len(a) >= 5 * 3
    assert all(str(tmp_path).encode() not in data and str(ROOT).encode() not in data for data in a.values())


def test_a_second_build_changes_nothing(built: Path, specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: os.stat(built / p).st_mtime_ns for p in ALL}
    capsys.readouterr()
    assert build(specs) == 0
    assert capsys.readouterr().err.endswith("(readme, i18n): 0 updated, 1 unchanged\n")
    assert {p: os.stat(built / p).st_mtime_ns for p in ALL} == before


# -- atomicity ----------------------------------------------------------------------------


def test_a_spec_error_leaves_the_outputs_untouched(
    built: Path, specs: SpecFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(specs.root / "out")
    specs.write("in/spec.yaml", GOOD.replace("X}", "Y}"))
    specs.write("in/other.yaml", BAD.replace("test-service", "other-service"))
    capsys.readouterr()
    assert build(specs) == 1
    err = capsys.readouterr().err
    assert "error[E0101]: unknown key 'requird'" in err
    assert err.endswith("svcdef: nothing was written: the specs have errors\n")
    assert tree(specs.root / "out") == before
    assert build(specs, "--check") == 1
    assert capsys.readouterr().err.endswith("svcdef: outputs were not compared: the specs have errors\n")


def test_a_failing_generator_leaves_the_outputs_untouched(
    built: Path, specs: SpecFolder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    specs.write("in/spec.yaml", GOOD.replace("X}", "Y}"))
    specs.write("in/zzz.yaml", GOOD.replace("test-service", "zzz-service"))
    before = tree(specs.root / "out")
    real = generators.generator

    def flaky(target: str) -> generators.Generator:
        def generate(service: Service) -> dict[str, str]:
            if service.id == "zzz-service":
                raise RuntimeError("boom")
            return real(target)(service)

        return generate

    monkeypatch.setattr(generators, "generator", flaky)
    capsys.readouterr()
    assert build(specs) == 2
    err = capsys.readouterr().err
    assert re.fullmatch(
        r"svcdef: error: internal error in target 'readme' on \S+zzz\.yaml: RuntimeError: boom \(please report this\)\n",
        err,
    )
    assert tree(specs.root / "out") == before
    assert [p.name for p in specs.root.iterdir() if p.name.startswith(".svcdef")] == []


def test_an_interrupted_swap_rolls_every_folder_back(specs: SpecFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    specs.write("in/a.yaml", GOOD.replace("test-service", "a-service"))
    specs.write("in/b.yaml", GOOD.replace("test-service", "b-service"))
    assert build(specs) == 0
    before = tree(specs.root / "out")
    specs.write("in/a.yaml", GOOD.replace("test-service", "a-service").replace("X}", "Y}"))
    specs.write("in/b.yaml", GOOD.replace("test-service", "b-service").replace("X}", "Y}"))
    services, _ = check_paths([str(specs.root / "in")])
    builds = writer.plan_all(
        services, ("readme", "i18n"), str(specs.root / "out"), [str(specs.root / "in")], Workspace()
    )
    real_rename = os.rename
    interrupted = []

    def rename(source: str, destination: str) -> None:
        if destination == str(specs.root / "out" / "b-service") and not interrupted:
            interrupted.append(source)  # Ctrl-C once, as the new b folder is moved in
            raise KeyboardInterrupt
        real_rename(source, destination)

    monkeypatch.setattr(writer.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        writer.write(builds, str(specs.root / "out"))
    monkeypatch.undo()
    assert interrupted and interrupted[0].endswith("b-service")
    assert tree(specs.root / "out") == before
    assert [p.name for p in specs.root.iterdir() if p.name.startswith(".svcdef")] == []


def test_previous_outputs_that_cannot_be_put_back_are_kept_and_named(
    specs: SpecFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs.write("in/a.yaml", GOOD.replace("test-service", "a-service"))
    specs.write("in/b.yaml", GOOD.replace("test-service", "b-service"))
    assert build(specs) == 0
    before, before_b = tree(specs.root / "out" / "a-service"), tree(specs.root / "out" / "b-service")
    specs.write("in/a.yaml", GOOD.replace("test-service", "a-service").replace("X}", "Y}"))
    specs.write("in/b.yaml", GOOD.replace("test-service", "b-service").replace("X}", "Y}"))
    services, _ = check_paths([str(specs.root / "in")])
    builds = writer.plan_all(
        services, ("readme", "i18n"), str(specs.root / "out"), [str(specs.root / "in")], Workspace()
    )
    real_rename = os.rename

    def rename(source: str, destination: str) -> None:
        if destination == str(specs.root / "out" / "b-service") and "new" in Path(source).parts:
            raise KeyboardInterrupt
        if destination == str(specs.root / "out" / "a-service") and "old" in Path(source).parts:
            raise PermissionError(13, "Permission denied", destination)
        real_rename(source, destination)

    monkeypatch.setattr(writer.os, "rename", rename)
    with pytest.raises(writer.BuildError) as exc:
        writer.write(builds, str(specs.root / "out"))
    monkeypatch.undo()
    message = str(exc.value)
    prefix = (
        "the build was interrupted and the previous outputs of a-service could not be put back "
        f"into {specs.root / 'out'}; they are in "
    )
    assert message.startswith(prefix)
    kept = Path(message.removeprefix(prefix)) / "a-service"
    assert tree(kept) == before
    assert tree(specs.root / "out" / "b-service") == before_b  # b was rolled back to its previous folder


def test_files_no_longer_generated_disappear(built: Path, specs: SpecFolder) -> None:
    (built / "notes.txt").write_text("hand-made\n")
    (built / "i18n" / "it.json").write_text("{}\n")
    specs.write(
        "in/spec.yaml",
        GOOD.replace("[de, fr]", "[de]").replace(", fr: X", "").replace(", fr: Test", "").replace(", fr: Office", ""),
    )
    assert build(specs) == 0
    assert sorted(tree(built)) == ["README.md", "i18n/de.json", "manifest.json"]


def test_services_not_in_the_build_are_left_alone(built: Path, specs: SpecFolder) -> None:
    other = specs.root / "out" / "other-service"
    other.mkdir()
    (other / "keep.txt").write_text("mine\n")
    specs.write("in/spec.yaml", GOOD.replace("X}", "Y}"))
    assert build(specs) == 0
    assert (other / "keep.txt").read_text() == "mine\n"


def test_a_folder_svcdef_did_not_write_is_not_replaced(specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    specs.write("in/spec.yaml", GOOD)
    foreign = specs.root / "out" / "test-service"
    foreign.mkdir(parents=True)
    (foreign / "thesis.tex").write_text("precious\n")
    assert main(["build", str(specs.root / "in"), "-o", str(specs.root / "out")]) == 2
    assert capsys.readouterr().err == (
        f"svcdef: error: {foreign} has no manifest.json, so svcdef did not write it; "
        "move it away or remove it, then build again\n"
    )
    assert tree(foreign) == {"thesis.tex": b"precious\n"}
    foreign.joinpath("thesis.tex").unlink()
    assert build(specs) == 0  # an empty folder is fine


def test_a_file_in_place_of_a_service_folder_is_not_replaced(
    specs: SpecFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    specs.write("in/spec.yaml", GOOD)
    (specs.root / "out").mkdir()
    (specs.root / "out" / "test-service").write_text("a file\n")
    assert build(specs) == 2
    assert capsys.readouterr().err == (
        f"svcdef: error: {specs.root / 'out' / 'test-service'} is not a folder svcdef wrote; "
        "move it away or remove it, then build again\n"
    )


# -- --check ------------------------------------------------------------------------------


def test_check_passes_on_fresh_outputs(built: Path, specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert build(specs, "--check") == 0
    assert capsys.readouterr().err == f"outputs up to date: 1 service in {specs.root / 'out'}\n"
    (built / ".DS_Store").write_bytes(b"")
    assert build(specs, "--check") == 1
    assert capsys.readouterr().err == (
        f"{built / '.DS_Store'}: extra (not generated by svcdef)\n"
        "svcdef: 1 output file out of date; run svcdef build without --check\n"
    )


def test_check_lists_every_stale_missing_and_extra_file(
    built: Path, specs: SpecFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(built)
    with open(built / "README.md", "a") as f:
        f.write("edited by hand\n")
    (built / "i18n" / "fr.json").unlink()
    (built / "i18n" / "it.json").write_text("{}\n")
    edited = tree(built)
    capsys.readouterr()
    assert build(specs, "--check") == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{built / 'README.md'}: stale (differs from what the specs generate)",
        f"{built / 'i18n' / 'fr.json'}: missing",
        f"{built / 'i18n' / 'it.json'}: extra (not generated by svcdef)",
        "svcdef: 3 output files out of date; run svcdef build without --check",
    ]
    assert tree(built) == edited  # --check writes nothing
    assert build(specs) == 0
    assert tree(built) == before


def test_bytecode_caches_are_not_outputs(built: Path, specs: SpecFolder) -> None:
    """Regression: importing a generated package from outputs/ wrote __pycache__, which --check called extra."""
    cache = built / "i18n" / "__pycache__"
    cache.mkdir()
    (cache / "x.cpython-311.pyc").write_bytes(b"\0")
    assert build(specs, "--check") == 0


def test_check_of_a_service_never_built(specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    specs.write("in/spec.yaml", GOOD)
    assert build(specs, "--check") == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "svcdef: 4 output files out of date; run svcdef build without --check"
    assert lines[:-1] == [f"{specs.root / 'out' / 'test-service' / p}: missing" for p in ALL]
    assert not (specs.root / "out").exists()


def test_check_sees_a_changed_spec(built: Path, specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    specs.write("in/spec.yaml", GOOD.replace("{de: X, fr: X}", "{de: Name, fr: Nom}"))
    capsys.readouterr()
    assert build(specs, "--check") == 1
    stale = [line.split(": ")[0] for line in capsys.readouterr().err.splitlines()[:-1]]
    assert stale == [str(built / p) for p in ALL]


def test_committed_outputs_are_fresh() -> None:
    result = run("build", "specs", "-o", "outputs", "--check")
    assert result.returncode == 0, result.stderr + "\nrun: svcdef build specs -o outputs"


# -- --only -------------------------------------------------------------------------------


def test_only_rebuilds_its_targets_and_keeps_the_others(built: Path, specs: SpecFolder) -> None:
    before = tree(built)
    specs.write("in/spec.yaml", GOOD.replace("{de: X, fr: X}", "{de: Name, fr: Nom}"))
    assert build(specs, "--only", "readme") == 0
    after = tree(built)
    assert after["README.md"] != before["README.md"] and "| Name |" in after["README.md"].decode()
    assert after["i18n/de.json"] == before["i18n/de.json"]  # kept, although its target is now stale
    manifest = json.loads(after["manifest.json"])
    assert manifest["targets"]["i18n"] == json.loads(before["manifest.json"])["targets"]["i18n"]
    assert manifest["targets"]["readme"] == {"README.md": hashlib.sha256(after["README.md"]).hexdigest()}
    assert build(specs, "--only", "readme", "--check") == 0
    assert build(specs, "--check") == 1
    assert build(specs, "--only", " i18n , readme,i18n") == 0
    assert build(specs, "--check") == 0


def test_only_into_an_empty_folder_builds_just_those_targets(specs: SpecFolder) -> None:
    specs.write("in/spec.yaml", GOOD)
    assert build(specs, "--only", "i18n") == 0
    files = tree(specs.root / "out" / "test-service")
    assert sorted(files) == ["i18n/de.json", "i18n/fr.json", "manifest.json"]
    assert list(json.loads(files["manifest.json"])["targets"]) == ["i18n"]


def test_only_drops_files_the_manifest_does_not_list(built: Path, specs: SpecFolder) -> None:
    (built / "notes.txt").write_text("hand-made\n")
    assert build(specs, "--only", "readme") == 0
    assert "notes.txt" not in tree(built)


def test_only_refuses_kept_files_that_were_changed_or_lost(
    built: Path, specs: SpecFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(built / "i18n" / "de.json", "a") as f:
        f.write(" ")
    (built / "i18n" / "fr.json").unlink()
    before = tree(built)
    capsys.readouterr()
    assert build(specs, "--only", "readme") == 2
    assert capsys.readouterr().err == (
        f"svcdef: error: {built / 'i18n' / 'de.json'} was changed since svcdef wrote it; "
        "build all targets (without --only) to regenerate it\n"
    )
    assert tree(built) == before
    assert build(specs, "--only", "readme", "--check") == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{built / 'i18n' / 'de.json'}: changed since svcdef wrote it (its target was not rebuilt: --only)",
        f"{built / 'i18n' / 'fr.json'}: missing, though manifest.json lists it (its target was not rebuilt: --only)",
        "svcdef: 2 output files out of date; run svcdef build without --check",
    ]
    (built / "i18n" / "de.json").write_bytes(b"")
    (built / "i18n" / "de.json").unlink()
    assert build(specs, "--only", "readme") == 2
    assert capsys.readouterr().err == (
        f"svcdef: error: {built / 'i18n' / 'de.json'} is missing, though manifest.json lists it; "
        "build all targets (without --only) to regenerate it\n"
    )


def test_only_needs_a_readable_manifest(built: Path, specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "manifest.json").write_text('{"targets": {"i18n": {"../../etc/passwd": "00"}}}\n')
    assert build(specs, "--only", "readme") == 2
    assert capsys.readouterr().err == (
        f"svcdef: error: {built / 'manifest.json'} cannot be read (ValueError: bad entry '../../etc/passwd'); "
        "build all targets (without --only) to rewrite it\n"
    )
    (built / "manifest.json").unlink()
    assert build(specs, "--only", "readme") == 2
    assert capsys.readouterr().err == (
        f"svcdef: error: {built} has no manifest.json, so --only cannot tell which files to keep; build all targets\n"
    )
    assert build(specs) == 2  # and a full build will not replace a folder without a manifest either


def test_only_with_unknown_or_no_targets_is_a_usage_error(
    specs: SpecFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    specs.write("in/spec.yaml", GOOD)
    ALL = ", ".join(TARGETS)
    assert build(specs, "--only", "readme,pdf,xls") == 2
    assert capsys.readouterr().err == (f"svcdef: error: unknown targets 'pdf', 'xls' in --only; valid targets: {ALL}\n")
    assert build(specs, "--only", "pdf") == 2
    assert capsys.readouterr().err == f"svcdef: error: unknown target 'pdf' in --only; valid targets: {ALL}\n"
    assert build(specs, "--only", " , ") == 2
    assert capsys.readouterr().err == f"svcdef: error: --only needs at least one target; valid targets: {ALL}\n"
    assert not (specs.root / "out").exists()


# -- command line -------------------------------------------------------------------------


def test_an_output_folder_that_is_a_file(specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    specs.write("in/spec.yaml", GOOD)
    blocker = specs.root / "out"
    blocker.write_text("not a folder\n")
    assert build(specs) == 2
    assert capsys.readouterr().err == f"svcdef: error: cannot write outputs to {blocker}: it is a file, not a folder\n"
    assert main(["build", str(specs.root / "in"), "-o", str(blocker / "inner")]) == 2
    assert capsys.readouterr().err == (
        f"svcdef: error: cannot write outputs to {blocker / 'inner'}: {blocker} is a file, not a folder\n"
    )
    assert blocker.read_text() == "not a folder\n"


def test_an_output_folder_below_a_file_gives_one_line_and_exit_2(specs: SpecFolder) -> None:
    specs.write("in/spec.yaml", GOOD)
    (specs.root / "file").write_text("")
    result = run("build", "in", "-o", "file/deeper/out", cwd=specs.root)
    assert result.returncode == 2
    assert result.stderr == "svcdef: error: cannot write outputs to file/deeper/out: file is a file, not a folder\n"


def test_an_unwritable_output_folder_gives_one_line_and_exit_2(
    specs: SpecFolder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    specs.write("in/spec.yaml", GOOD)

    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(specs.root))

    monkeypatch.setattr(writer.tempfile, "mkdtemp", refuse)  # chmod does not stop root, who runs CI containers
    assert build(specs) == 2
    assert capsys.readouterr().err == (
        f"svcdef: error: cannot write outputs to {specs.root / 'out'}: Permission denied ({specs.root})\n"
    )
    assert not (specs.root / "out").exists()


def test_build_usage_errors(specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(specs.root / "missing"), "-o", str(specs.root / "out")]) == 2
    assert capsys.readouterr().err == f"svcdef: error: no such file or folder: {specs.root / 'missing'}\n"
    assert main(["build", str(specs.root), "-o", str(specs.root / "out")]) == 2
    assert capsys.readouterr().err == "svcdef: error: no .yaml spec files found in the given paths\n"
    with pytest.raises(SystemExit) as exc:
        main(["build", str(specs.root)])
    assert exc.value.code == 2
    assert "the following arguments are required: -o/--output" in capsys.readouterr().err


def test_duplicate_service_ids_are_refused(specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    a = specs.write("in/a.yaml", GOOD)
    b = specs.write("in/b.yaml", GOOD)
    assert build(specs) == 1
    assert capsys.readouterr().err == (
        f"svcdef: error: service id 'test-service' is used by {a} and {b}; ids name output folders and must be unique\n"
    )
    assert not (specs.root / "out").exists()


def test_warnings_are_shown_and_the_build_goes_on(specs: SpecFolder, capsys: pytest.CaptureFixture[str]) -> None:
    specs.write("in/spec.yaml", GOOD.replace("fr: X}", "fr: X, it: X}"))
    assert build(specs) == 0
    err = capsys.readouterr().err
    assert "warning[W0201]" in err and err.endswith("(readme, i18n): 1 updated, 0 unchanged\n")


def test_build_json_format_prints_the_diagnostics_document(
    specs: SpecFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    specs.write("in/spec.yaml", GOOD)
    assert build(specs, "--format", "json") == 0
    out = capsys.readouterr().out
    assert json.loads(out)["summary"] == {"files": 1, "errors": 0, "warnings": 0}


def test_build_through_the_console_entry_point(specs: SpecFolder) -> None:
    specs.write("in/spec.yaml", GOOD)
    result = run("build", "in", "-o", "out", *WRITER_TARGETS, cwd=specs.root)
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr == "built 1 service into out (readme, i18n): 1 updated, 0 unchanged\n"


# -- what generators may return ----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/etc/passwd", "absolute"),
        ("../up.txt", "has a '..' segment"),
        ("a/./b", "has a '.' segment"),
        ("a//b", "has an empty segment"),
        ("a/", "has an empty segment"),
        ("", "not a non-empty string"),
        ("a\\b", "backslash"),
        ("c:/x", "contains ':'"),
        ("a\nb", "contains '\\n'"),
        ("aux.json", "'aux.json' is not a portable file name"),
        ("dot.", "'dot.' is not a portable file name"),
    ],
)
def test_bad_output_paths(path: str, problem: str) -> None:
    assert writer.path_problem(path) == problem


def test_good_output_paths() -> None:
    assert [writer.path_problem(p) for p in ("README.md", "i18n/de.json", "a/b/c.d.ts", ".well-known/x")] == [None] * 4


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        (
            {"readme": {"../escape.md": "x"}},
            "target 'readme' on {spec}: output path '../escape.md' is has a '..' segment",
        ),
        ({"readme": {"/abs.md": "x"}}, "target 'readme' on {spec}: output path '/abs.md' is absolute"),
        (
            {"readme": {"a.md": "x\r\n"}},
            "target 'readme' on {spec}: a.md has a carriage return; outputs use \\n line ends",
        ),
        ({"readme": {"a.md": b"x"}}, "target 'readme' on {spec}: the content of a.md is not text"),
        (
            {"readme": {"a.md": "\udc80"}},
            "target 'readme' on {spec}: a.md is not valid Unicode (surrogates not allowed)",
        ),
        ({"readme": ["a.md"]}, "target 'readme' on {spec}: it returned list, not a dict"),
        ({"readme": {"manifest.json": "{}"}}, "target 'readme' and the build itself (manifest.json) both write"),
        ({"readme": {"a.md": "x"}, "i18n": {"a.md": "y"}}, "target 'i18n' and 'readme' both write a.md"),
        ({"readme": {"a.md": "x"}, "i18n": {"A.MD": "y"}}, "target 'i18n' and 'readme' both write A.MD"),
        ({"readme": {"a": "x"}, "i18n": {"a/b": "y"}}, "target 'i18n' and 'readme' both write a/b"),
        ({"readme": {"a/b": "x"}, "i18n": {"a": "y"}}, "target 'i18n' and 'readme' both write a for"),
    ],
)
def test_a_bad_generator_result_is_an_internal_error_not_a_write(
    specs: SpecFolder, monkeypatch: pytest.MonkeyPatch, outputs: dict[str, object], message: str
) -> None:
    specs.write("in/spec.yaml", GOOD)
    monkeypatch.setattr(generators, "generator", lambda target: lambda service: outputs.get(target, {}))
    services, _ = check_paths([str(specs.root / "in")])
    with pytest.raises(writer.BuildError) as exc:
        writer.plan_all(services, ("readme", "i18n"), str(specs.root / "out"), [str(specs.root / "in")], Workspace())
    assert str(exc.value).startswith("internal error")
    assert message.format(spec=services[0].path) in str(exc.value)
    assert not (specs.root / "out").exists()


# -- Markdown escaping --------------------------------------------------------------------


def test_markdown_filters_keep_designer_text_plain() -> None:
    assert md_cell("a | b\nc") == "a \\| b<br>c"
    assert md_cell("<script>alert(1)</script> **x** [l](u) `c` &amp; #1 ~s~") == (
        "\\<script\\>alert(1)\\</script\\> \\*\\*x\\*\\* \\[l\\](u) \\`c\\` \\&amp; \\#1 \\~s\\~"
    )
    assert md_line("Title\n===") == "Title ==="
    assert md_text("1. not a list\n- nor this\n\n\n+ nor this\n= nor this\n> nor a quote") == (
        "1\\. not a list\n\\- nor this\n\n\\+ nor this\n\\= nor this\n\\> nor a quote"
    )
    assert md_code("a | b") == "`a | b`" and md_code("a | b", cell=True) == "`a \\| b`"
    assert md_code("x `y` z") == "``x `y` z``" and md_code("`y`") == "`` `y` ``"
    assert md_code("two\nlines") == "`two lines`"
    assert md_fence('{"a": "```"}', "json") == '````json\n{"a": "```"}\n````'


# -- the readme target --------------------------------------------------------------------


def example_services() -> list[Service]:
    services, diagnostics = check_paths([str(ROOT / "specs")])
    assert services and not [d for d in diagnostics if d.code.startswith("E")]
    return services


def field_paths(fields: tuple[m.Field, ...], prefix: str = "") -> Iterator[str]:
    """Every field path of a resolved field tree, walked independently of the generators."""
    for f in fields:
        path = f"{prefix}/{f.name}"
        yield path
        if isinstance(f, m.GroupField):
            yield from field_paths(f.fields, path)
        elif isinstance(f, m.ListField):
            if f.fields is not None:
                yield from field_paths(f.fields, f"{path}/*")
            elif f.item is not None:
                yield f"{path}/*"
                if isinstance(f.item, m.GroupField):
                    yield from field_paths(f.item.fields, f"{path}/*")


def table_rows(readme: str, heading: str) -> list[list[str]]:
    """The body rows of the first table under `## heading`, split on unescaped pipes."""
    section = readme.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]


def readme_of(service: Service) -> str:
    return generators.generator("readme")(service)["README.md"]


def test_readme_lists_every_field_of_every_example() -> None:
    for service in example_services():
        rows = table_rows(readme_of(service), "Fields")
        paths = [row[0].strip("`") for row in rows]
        assert paths == list(field_paths(service.fields)), service.id
        assert all(len(row) == 6 for row in rows), service.id


def test_readme_shows_validations_fees_mapping_and_an_example() -> None:
    [kita] = [s for s in example_services() if s.id == "kita-fees"]
    readme = readme_of(kita)
    assert readme.startswith("# Antrag auf einkommensabhängige Kita-Tarife\n\n*Generated by svcdef ")
    [row] = [r for r in table_rows(readme, "Validations") if r[0] == "`child_min_age`"]
    assert row == [
        "`child_min_age`",
        "`days_between(item.birth_date, item.start_date) >= 91`",
        "",
        "`children`",
        "`item.start_date`",
        "Kinder können ab einem Alter von drei Monaten betreut werden.",
    ]
    fields = {r[0]: r for r in table_rows(readme, "Fields")}
    assert fields["`/children/*/birth_date`"][1:5] == ["date", "Geburtsdatum", "yes", ""]
    assert fields["`/parent2`"][3:5] == ["`has_second_parent`", "`has_second_parent`"]
    assert fields["`/parent1/expected_income`"][5] == "currency CHF; min 0; max 10000000"
    assert fields["`/children`"][5] == "min items 1; max items 6"
    assert fields["`/refund_iban`"][5] == "countries CH, LI"
    assert fields["`/address/house_number`"][5] == "max length 12; pattern `[0-9]{1,5}[a-zA-Z]?`"
    assert fields["`/children/*/facility`"][5].startswith("options (`facilities`): `kita_altstadt` Kita Altstadt, ")
    fees = table_rows(readme, "Fees")
    assert fees[0][:3] == ["`care_fee`", "Monatlicher Elternbeitrag Betreuung", fees[0][2]]
    assert fees[0][4] == "`children`"
    assert "Rounding: to steps of 0.05, half up, applied to each item and the total." in readme
    mapping = {r[0]: r[1] for r in table_rows(readme, "Target system")}
    assert mapping["`kinder[]`"] == "one entry per item of `children`"
    assert mapping["`kinder[].position`"] == "`index + 1`"
    example = readme.split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(example)["parent1"]["first_name"] == "Laura"
    assert "From the test “two parents, two children, income declared” (as of 2026-05-01)" in readme


def test_readme_keeps_hostile_designer_text_inside_its_cell(specs: SpecFolder) -> None:
    service = service_of(
        specs,
        HEADER
        + 'fields:\n  name:\n    type: text\n    pattern: "a|b"\n'
        + '    label: {de: "Name | Vorname\\n<b>fett</b>", fr: X}\n'
        + '  other: {type: text, required: "name == \'|\'", label: {de: "`code`", fr: X}}\n',
    )
    rows = table_rows(readme_of(service), "Fields")
    assert rows == [
        ["`/name`", "text", "Name \\| Vorname<br>\\<b\\>fett\\</b\\>", "no", "", "pattern `a\\|b`"],
        ["`/other`", "text", "\\`code\\`", "`name == '\\|'`", "", ""],
    ]


def test_readme_without_a_valid_test_says_so(specs: SpecFolder) -> None:
    readme = readme_of(service_of(specs, GOOD))
    assert (
        "The spec has no test of a valid submission. Add one under `tests:` with `expect: {valid: true}` "
        "to show an example here." in readme
    )
    assert "The service has no validations beyond the field constraints." in readme
    assert "The service has no computed values." in readme
    assert "The service charges no fees." in readme
    assert "The spec names no target system." in readme


def test_readme_example_keeps_numbers_exact(specs: SpecFolder) -> None:
    service = service_of(
        specs,
        GOOD
        + "tests:\n  - name: invalid first\n    input: {}\n    expect: {valid: false}\n"
        + "  - name: ok\n    input: {name: 'Ä ``` x', n: 0.10, big: 12345678901234567890}\n    expect: {valid: true}\n",
    )
    readme = readme_of(service)
    assert "From the test “ok”, a valid submission:" in readme
    assert '````json\n{\n  "name": "Ä ``` x",\n  "n": 0.10,\n  "big": 12345678901234567890\n}\n````' in readme


# -- the i18n target ----------------------------------------------------------------------


def all_texts(service: Service) -> Iterator[tuple[str, m.Text]]:
    """Every text a portal shows, walked over the model independently of the generator."""
    info = service.spec.service
    yield "title", info.title
    yield "authority", info.authority
    if info.description:
        yield "description", info.description

    def walk(fields: tuple[m.Field, ...]) -> Iterator[tuple[str, m.Text]]:
        for f in fields:
            for name in ("label", "help", "placeholder", "item_label", "pattern_message"):
                value = getattr(f, name, None)
                if value is not None:
                    yield f"{f.name}.{name}", value
            if isinstance(f, m.ChoiceField | m.MultiChoiceField) and isinstance(f.options, tuple):
                yield from ((f"{f.name}.{o.name}", o.label) for o in f.options)
            if isinstance(f, m.GroupField):
                yield from walk(f.fields)
            elif isinstance(f, m.ListField):
                yield from walk(f.fields or ((f.item,) if f.item is not None else ()))

    yield from walk(service.fields)
    yield from ((v.id, v.message) for v in service.spec.validations)
    yield from ((c.name, c.label) for c in service.spec.computed if c.label)
    if service.spec.fees:
        yield from ((i.id, i.label) for i in service.spec.fees.items)


def test_every_text_of_every_language_is_in_its_bundle() -> None:
    for service in example_services():
        files = generators.generator("i18n")(service)
        assert sorted(files) == sorted(f"i18n/{lang}.json" for lang in service.languages)
        for lang in service.languages:
            text = files[f"i18n/{lang}.json"]
            data = json.loads(text)
            assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            values = set(data.values())
            for where, t in all_texts(service):
                assert t.get(lang) in values, (service.id, lang, where)
            assert {k for k in data if k.startswith("messages.")} == {f"messages.{k}" for k in MESSAGES}


def test_bundle_keys() -> None:
    [kita] = [s for s in example_services() if s.id == "kita-fees"]
    de, en = bundle(kita, "de"), bundle(kita, "en")
    assert de["service.title"] == "Antrag auf einkommensabhängige Kita-Tarife"
    assert en["fields.parent1.first_name.label"] == "First name"
    assert en["fields.children.first_name.label"] == "First name"
    assert en["fields.children.item_label"] == "Child"
    assert en["fields.phone.placeholder"] == "+41 79 123 45 67"
    assert en["options.children.facility.kita_bahnhof"] == "Kita Bahnhof Nord"
    assert en["options.parent2.employment.job_seeking"] == "Job seeking (registered with the RAV)"
    assert en["validations.consent_given"] == "We cannot process the application without your confirmation."
    assert en["computed.daily_rate"] == "Daily rate"
    assert en["fees.meals"] == "Monthly meal allowance (CHF 10 per day)"
    assert en["messages.max_length"] == "Please enter at most {max_length} characters."
    assert de["messages.required"] == "Bitte füllen Sie dieses Feld aus."
    [event] = [s for s in example_services() if s.id == "event-permit"]
    assert bundle(event, "en")["fields.food_stands.item.label"] == "Stand"
    [dog] = [s for s in example_services() if s.id == "dog-registration"]
    assert bundle(dog, "fr")["fields.dogs.chip_number.pattern_message"] == "Le numéro de puce comporte 15 chiffres."


def test_bundle_falls_back_to_the_default_language(specs: SpecFolder) -> None:
    service = service_of(
        specs,
        GOOD.replace("[de, fr]", "[rm, de]").replace("fr:", "rm:").replace("{de: X, rm: X}", "{de: Num, rm: Nom}"),
    )
    assert bundle(service, "rm")["fields.name.label"] == "Nom"
    assert bundle(service, "rm")["messages.required"] == MESSAGES["required"]["de"]  # no Romansh messages: German
    assert bundle(service, "it")["fields.name.label"] == "Nom"  # not a service language: the default one
    assert bundle(service, "it")["messages.required"] == MESSAGES["required"]["it"]
