"""The states every fault test compares with: the old page set loaded cleanly, and the new one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.support import (
    Fingerprint,
    copy_tree,
    page_fingerprints,
    start_run,
    table_fingerprint,
    write_pages,
)


@dataclass(frozen=True)
class Baseline:
    """A warehouse loaded from the old pages (to start from) and the fingerprints of clean loads."""

    old_root: Path  #: seeds/, warehouse/ (published and private) and frames/ after a clean old load
    old_tables: Fingerprint
    old_pages: dict[str, str]
    new_tables: Fingerprint
    new_pages: dict[str, str]

    def start_from_old(self, root: Path, version: str = "new") -> tuple[Path, Path]:
        """Copy the old warehouse to ``root`` and put the ``version`` pages in its seeds/."""
        copy_tree(self.old_root, root)
        write_pages(root / "seeds", version)
        return root / "seeds", root / "warehouse" / "warehouse.duckdb"


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    roots = {version: tmp_path_factory.mktemp(f"clean_{version}") for version in ("old", "new")}
    processes = {}
    for version, root in roots.items():  # both clean loads at once: they share nothing
        write_pages(root / "seeds", version)
        processes[version] = start_run(root / "seeds", root / "warehouse" / "warehouse.duckdb")
    for version, process in processes.items():
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, f"clean {version} load failed:\n{stderr}"
    old, new = (roots[v] / "warehouse" / "warehouse.duckdb" for v in ("old", "new"))
    return Baseline(roots["old"], table_fingerprint(old), page_fingerprints(old),
                    table_fingerprint(new), page_fingerprints(new))
