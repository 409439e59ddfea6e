"""Publishing switches all outputs at once; an unpublished run changes nothing visible."""

from __future__ import annotations

from pathlib import Path

from flows.publish import publish, published, staging


def _write_run(data: Path, run_id: str, text: str) -> None:
    folder = staging(data, run_id)
    (folder / "signals").mkdir()
    (folder / "signals" / "signals.csv").write_text(text)


def test_outputs_appear_under_the_public_paths_after_publish(tmp_path: Path) -> None:
    _write_run(tmp_path, "r1", "eerste")
    assert not (tmp_path / "signals").exists()
    publish(tmp_path, "r1")
    assert (tmp_path / "signals" / "signals.csv").read_text() == "eerste"
    assert (tmp_path / "entities").is_dir()


def test_a_run_that_stops_before_publish_leaves_previous_outputs_whole(tmp_path: Path) -> None:
    _write_run(tmp_path, "r1", "eerste")
    publish(tmp_path, "r1")
    _write_run(tmp_path, "r2", "half geschreven")  # crash: never published
    assert (tmp_path / "signals" / "signals.csv").read_text() == "eerste"
    _write_run(tmp_path, "r3", "derde")
    publish(tmp_path, "r3")
    assert (tmp_path / "signals" / "signals.csv").read_text() == "derde"
    assert published(tmp_path) == (tmp_path / ".published" / "r3").resolve()


def test_old_run_folders_are_pruned_but_current_is_kept(tmp_path: Path) -> None:
    for i in range(6):
        _write_run(tmp_path, f"r{i}", str(i))
        publish(tmp_path, f"r{i}", keep=2)
    remaining = sorted(p.name for p in (tmp_path / ".published").iterdir() if not p.is_symlink())
    assert "r5" in remaining and len(remaining) <= 2
