"""Read, compare and plot coordsim run files (HDF5, docs/output-format.md).

Needs only Debian's python3-h5py, python3-numpy, python3-pandas and python3-matplotlib::

    import coordsim_analysis as ca
    run = ca.load("out/quickstart.h5")
    run.metrics["value_taken"].plot()
    ca.compare(run, ca.load("out/seed2.h5"))
    ca.plot_overview(run, "out/overview.png")

The command line is ``python3 -m coordsim_analysis {summary,plot,compare} ...``.
"""

from .compare import compare
from .plot import plot_overview
from .run import NEVER, FormatError, Run, load

__all__ = ["NEVER", "FormatError", "Run", "compare", "load", "plot_overview"]
