"""Read, compare and plot coordsim run files (HDF5, docs/output-format.md), and analyse sweeps.

Needs only Debian's python3-h5py, python3-numpy, python3-pandas, python3-matplotlib and
python3-scipy::

    import coordsim_analysis as ca
    run = ca.load("out/quickstart.h5")
    run.metrics["value_taken"].plot()
    ca.compare(run, ca.load("out/seed2.h5"))
    ca.plot_overview(run, "out/overview.png")
    runs = ca.load_sweep("out/fee-split")            # the sweep's index, one row per run
    ca.summarise(runs, by=["sessions.default_ttl"], metric="value_taken")

The command line is ``python3 -m coordsim_analysis {summary,plot,compare,report} ...``.
"""

import os
import sys

try:
    import h5py  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import scipy  # noqa: F401
except ImportError as _missing:
    # `python3 -m coordsim_analysis` with a python3 first on PATH that lacks the dependencies
    # (pyenv, a venv): run the same command under Debian's interpreter, which install-deps.sh
    # equips. While -m is locating the module, sys.argv[0] is "-m".
    _DEBIAN = "/usr/bin/python3"
    _ours = os.path.realpath(sys.executable) == os.path.realpath(_DEBIAN)
    if sys.argv[:1] == ["-m"] and not _ours and os.access(_DEBIAN, os.X_OK):
        os.execv(_DEBIAN, [_DEBIAN, "-m", "coordsim_analysis", *sys.argv[1:]])
    raise ImportError(f"coordsim_analysis needs h5py, numpy, pandas and scipy ({_missing}); use "
                      f"{_DEBIAN} after scripts/install-deps.sh") from _missing

from .compare import compare  # noqa: E402
from .plot import plot_overview  # noqa: E402
from .run import NEVER, FormatError, Run, load  # noqa: E402
from .sensitivity import (design_sweep, ishigami, ishigami_indices, morris_design,  # noqa: E402
                          morris_effects, morris_from_sweep, saltelli_design, sobol_from_sweep,
                          sobol_indices)
from . import report  # noqa: E402
from .docfigure import sweep_for_doc, sweeps_for_doc, write_section  # noqa: E402
from .sweep import effects, load_sweep, summarise, t_interval  # noqa: E402

__all__ = ["NEVER", "FormatError", "Run", "compare", "design_sweep", "effects", "ishigami",
           "ishigami_indices", "load", "load_sweep", "morris_design", "morris_effects",
           "morris_from_sweep", "plot_overview", "saltelli_design", "sobol_from_sweep",
           "sobol_indices", "summarise", "sweep_for_doc", "sweeps_for_doc", "t_interval",
           "write_section"]
