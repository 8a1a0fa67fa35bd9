"""Entry point of ``python -m etl`` (see ``etl.cli``)."""

import sys
import warnings

import dagster as dg

# backfill_policy is "beta" in Dagster 1.13; the command line should print the summary, not that.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

from etl.cli import main  # noqa: E402 - after the filters, so importing the definitions is quiet

sys.exit(main())
