"""Smoke test for the benchmark script: the corpus is varied and the loop runs (no timing asserted)."""

from __future__ import annotations

import hashlib
import sys

import pytest

from etl.bench import MAX_BYTES, MIN_BYTES, BenchResult, generate_corpus, main, output_digest, run_benchmark
from tests.conftest import SEED_NAME, SEED_PATH


def test_corpus_is_varied_and_seed_sized() -> None:
    pages = generate_corpus(20, seed=0)
    assert len(pages) == 20
    assert len({hashlib.sha256(raw).hexdigest() for _, raw in pages}) == 20
    assert len({path for path, _ in pages}) == 20
    assert all(MIN_BYTES <= len(raw) <= MAX_BYTES for _, raw in pages), [len(r) for _, r in pages]
    assert generate_corpus(3, seed=0) == pages[:3]  # deterministic for a seed


def test_benchmark_loop_runs() -> None:
    result = run_benchmark(generate_corpus(5, seed=1), warmup=1)
    assert isinstance(result, BenchResult)
    assert result.pages == 5
    assert result.rejected + result.rows.get("pages", 0) == 5


def test_the_digest_is_the_same_for_the_same_pages_and_names_the_tables_a_change_touches() -> None:
    seed = SEED_PATH.read_bytes()
    before = output_digest([(SEED_NAME, seed)])
    assert output_digest([(SEED_NAME, seed)]) == before
    edited = seed.replace("121.97亿元".encode(), "131.97亿元".encode(), 1)
    after = output_digest([(SEED_NAME, edited)])
    assert after["metrics"] != before["metrics"]
    assert after["complexes"] != before["complexes"]  # every id hangs off the page's new sha256


def test_the_digest_counts_refused_pages() -> None:
    assert output_digest([("empty.txt", b"")])["rejected"] != output_digest([])["rejected"]


def test_the_result_names_the_interpreter_it_was_measured_on() -> None:
    result = run_benchmark(generate_corpus(1, seed=2), warmup=0)
    assert sys.executable in result.python


def test_repeated_passes_report_the_median_pass_and_every_pass() -> None:
    result = run_benchmark(generate_corpus(4, seed=3), warmup=0, repeat=3)
    assert len(result.passes_pages_per_s) == 3
    assert result.pages_per_s == sorted(result.passes_pages_per_s)[1]
    assert result.rows["pages"] == 4  # rows are one pass's, not the sum over passes


def test_cpu_seconds_are_reported_beside_wall_seconds() -> None:
    result = run_benchmark(generate_corpus(2, seed=4), warmup=0)
    assert 0 < result.cpu_s
    assert result.pages_per_cpu_s == pytest.approx(2 / result.cpu_s, rel=0.02)  # cpu_s is rounded


def test_a_repeat_below_one_is_refused_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--pages", "1", "--repeat", "0"])
    assert exit_info.value.code == 2
    assert "--repeat must be at least 1" in capsys.readouterr().err
