"""Resources: the folder of pages, the DuckDB warehouse (private and published), the frames between steps."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from etl.config import Settings
from etl.extract.decoding import MAX_PAGE_BYTES
from etl.page_files import PageFile, read_page_bytes, scan_page_files, settling
from etl.warehouse.compact import Compaction, compact_when_fragmented
from etl.warehouse.lock import run_lock
from etl.warehouse.publish import adopt_published, private_path, publish


class PageFilesResource(dg.ConfigurableResource):
    """The page files under SEEDS_DIR."""

    seeds_dir: str
    #: Seconds a file must go unmodified before a trigger runs it (PAGE_SETTLE_SECONDS, etl.page_files).
    settle_seconds: float = 0.0

    def scan(self, known: dict[str, PageFile] | None = None) -> list[PageFile]:
        root = Path(self.seeds_dir)
        if not root.is_dir():
            raise FileNotFoundError(f"SEEDS_DIR {root} is not a directory: set SEEDS_DIR to the folder "
                                    "holding the page files")
        return scan_page_files(root, known)

    def settling(self, files: list[PageFile]) -> list[PageFile]:
        """The files modified too recently to run: probably still being written."""
        return settling(files, self.settle_seconds)

    def read(self, page_file: PageFile) -> bytes:
        """The file's bytes; ``PageTooLarge``, without reading them, when it is bigger than a page can be."""
        return read_page_bytes(Path(self.seeds_dir) / page_file.source_path, MAX_PAGE_BYTES)


class PageFramesIOManager(dg.ConfigurableIOManager):
    """Stores an asset's output as one parquet file per partition (page version).

    Outputs and inputs are ``{partition_key: DataFrame}``, so a run over many pages writes and reads
    each page's frame separately and any later run can pick up any subset of pages.
    """

    base_dir: str

    def _path(self, context: dg.OutputContext | dg.InputContext, partition_key: str) -> Path:
        return Path(self.base_dir, *context.asset_key.path, f"{partition_key}.parquet")

    def handle_output(self, context: dg.OutputContext, obj: dict[str, pl.DataFrame]) -> None:
        for partition_key, frame in obj.items():
            path = self._path(context, partition_key)
            path.parent.mkdir(parents=True, exist_ok=True)
            # Two runs of the same page version write the same file: rename, so neither reads a torn one.
            staging = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
            frame.write_parquet(staging)
            os.replace(staging, path)

    def load_input(self, context: dg.InputContext) -> dict[str, pl.DataFrame]:
        return {key: pl.read_parquet(self._path(context, key))
                for key in sorted(context.asset_partition_keys)}


class PublishedWarehouseResource(dg.ConfigurableResource):
    """WAREHOUSE_PATH, the file analysts open: the pipeline never writes it, it only replaces it whole."""

    path: str
    private_path: str
    #: Seconds to wait for another run's writer lock (WAREHOUSE_LOCK_TIMEOUT).
    lock_timeout: float = 900.0

    @contextmanager
    def writing(self, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the writer lock (``etl.warehouse.lock``) around a run's adopt, load and publish."""
        with run_lock(Path(self.private_path), self.lock_timeout, on_wait):
            yield

    def adopt(self) -> None:
        adopt_published(Path(self.private_path), Path(self.path))

    def compact(self) -> Compaction | None:
        """Compact the private file when most of it is free blocks (``etl.warehouse.compact``); call it
        under ``writing`` with every connection to the file closed."""
        return compact_when_fragmented(Path(self.private_path))

    def publish(self, digest: str | None = None, *, force: bool = False) -> bool:
        """Copy the private file to WAREHOUSE_PATH unless ``digest`` says it is already there (and not
        ``force``: after a compaction, the same content in a smaller file)."""
        return publish(Path(self.private_path), Path(self.path), digest, force=force)


def build_resources(config: Settings) -> dict[str, object]:
    private = private_path(config.warehouse_path)
    return {
        "page_files": PageFilesResource(seeds_dir=str(config.seeds_dir), settle_seconds=config.settle_seconds),
        # The load writes the private file; published_warehouse copies it to WAREHOUSE_PATH after a run.
        "warehouse": DuckDBResource(database=str(private)),
        "published_warehouse": PublishedWarehouseResource(path=str(config.warehouse_path),
                                                          private_path=str(private),
                                                          lock_timeout=config.lock_timeout),
        "frames": PageFramesIOManager(base_dir=str(config.frames_dir)),
    }
