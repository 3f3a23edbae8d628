"""Sweeps, statistics, sensitivity analysis and reports: the estimators against known answers,
the sweep index and the report against a real `coordsim sweep` (ctest: analysis.python).

By hand, from the repository root after building the release preset:

    PYTHONPATH=analysis /usr/bin/python3 -m unittest tests.analysis.test_sweep -v
"""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
import unittest
from pathlib import Path

import numpy as np
from matplotlib.image import imread

import coordsim_analysis as ca

ROOT = Path(__file__).resolve().parents[2]


def coordsim_bin() -> str:
    path = os.environ.get("COORDSIM_BIN") or str(ROOT / "build/release/bin/coordsim")
    if not os.access(path, os.X_OK):
        raise unittest.SkipTest(f"no coordsim binary at {path}; build it or set COORDSIM_BIN")
    return path


class TInterval(unittest.TestCase):
    def test_known_values(self):
        mean, low, high = ca.t_interval([1, 2, 3, 4, 5])
        self.assertEqual(mean, 3.0)
        # t(0.975, 4) = 2.7764451; sd = sqrt(2.5)
        self.assertAlmostEqual(high - mean, 2.7764451 * np.sqrt(2.5) / np.sqrt(5), places=6)
        self.assertAlmostEqual(mean - low, high - mean, places=12)
        self.assertTrue(np.isnan(ca.t_interval([4.0])[1]))

    def test_covers_the_mean_95_percent_of_the_time(self):
        rng = np.random.default_rng(12345)  # seed printed by its presence: fixed, not the clock
        hits = 0
        trials = 4000
        for _ in range(trials):
            _, low, high = ca.t_interval(rng.normal(10.0, 3.0, size=5))
            hits += low <= 10.0 <= high
        # Binomial(4000, 0.95) has sd 0.0034: 0.94..0.96 is three sd either side.
        self.assertGreater(hits / trials, 0.94)
        self.assertLess(hits / trials, 0.96)


class Sensitivity(unittest.TestCase):
    def test_sobol_indices_of_ishigami_match_the_analytic_ones(self):
        d = 3
        unit = ca.saltelli_design(8192, d, seed=7)
        y = ca.ishigami(-np.pi + 2 * np.pi * unit)
        est = ca.sobol_indices(y, d, bootstrap=100, seed=1)
        s1, st = ca.ishigami_indices()
        np.testing.assert_allclose(est["S1"], s1, atol=0.03)
        np.testing.assert_allclose(est["ST"], st, atol=0.03)
        for i in range(d):  # the bootstrap intervals hold the truth
            self.assertLessEqual(est["ST_low"][i] - 0.01, st[i])
            self.assertGreaterEqual(est["ST_high"][i] + 0.01, st[i])

    def test_morris_effects_of_a_linear_function_are_its_slopes(self):
        c = np.array([3.0, -2.0, 0.0, 0.5])
        unit = ca.morris_design(10, 4, levels=4, seed=3)
        effects = ca.morris_effects(unit, unit @ c, 4)
        np.testing.assert_allclose(effects["mu"], c, atol=1e-12)
        np.testing.assert_allclose(effects["mu_star"], np.abs(c), atol=1e-12)
        np.testing.assert_allclose(effects["sigma"], 0.0, atol=1e-12)

    def test_morris_sees_ishigami_x3_only_through_interactions(self):
        unit = ca.morris_design(200, 3, levels=4, seed=5)
        effects = ca.morris_effects(unit, ca.ishigami(-np.pi + 2 * np.pi * unit), 3)
        # x3 acts only with x1 (b x3^4 sin x1): its effects change sign with x1.
        self.assertGreater(effects["sigma"][2], effects["mu_star"][2] * 0.5)
        self.assertGreater(effects["mu_star"][0], 1.0)

    def test_design_sweep_writes_points_in_design_order(self):
        unit = ca.saltelli_design(4, 2, seed=1)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "s.yaml")
            ca.design_sweep(path, "base.yaml", {"a.b": (10, 20), "c.d": (0, 1)}, unit,
                            unit_suffix={"c.d": "%"})
            text = Path(path).read_text()
        self.assertIn("base: base.yaml", text)
        first = text.split("a.b: [")[1].split(",")[0]
        self.assertAlmostEqual(float(first), 10 + 10 * unit[0, 0], places=3)
        self.assertEqual(text.split("c.d: [")[1].count("%"), len(unit))


class SensitivityOfASweep(unittest.TestCase):
    """A Saltelli and a Morris design written as sweeps, run by coordsim, read back."""

    def run_design(self, unit: np.ndarray, tmp: str, name: str):
        ranges = {"sessions.default_ttl": (10, 60), "sessions.caps.total": (60, 200)}
        path = os.path.join(tmp, f"{name}.yaml")
        ca.design_sweep(path, str(ROOT / "scenarios/quickstart.yaml"), ranges, unit,
                        set_={"duration": "30m"}, unit_suffix={"sessions.default_ttl": "m"})
        out = os.path.join(tmp, name)
        done = subprocess.run([coordsim_bin(), "sweep", path, "-o", out, "-q"], capture_output=True,
                              text=True, timeout=600)
        self.assertEqual(done.returncode, 0, done.stderr)
        index = ca.load_sweep(out)
        self.assertEqual(index.attrs["parameters"], list(ranges))
        # The points are the design's rows, in order.
        ttl = index.sort_values("point").groupby("point")["sessions.default_ttl [s]"].first().to_numpy()
        np.testing.assert_allclose(ttl, (10 + 50 * unit[:, 0]) * 60, rtol=1e-5)
        return index

    def test_sobol_and_morris_from_sweeps(self):
        with tempfile.TemporaryDirectory() as tmp:
            unit = ca.saltelli_design(4, 2, seed=2)
            index = self.run_design(unit, tmp, "saltelli")
            self.assertEqual(len(index), 16)
            indices = ca.sobol_from_sweep(index, "actions_applied", bootstrap=20)
            self.assertEqual(list(indices.index), ["sessions.default_ttl", "sessions.caps.total"])
            self.assertTrue(np.isfinite(indices[["S1", "ST"]].to_numpy()).all())
            unit = ca.morris_design(3, 2, seed=2)
            index = self.run_design(unit, tmp, "morris")
            effects = ca.morris_from_sweep(index, "actions_applied", unit)
            self.assertEqual(len(effects), 2)
            self.assertTrue((effects["mu_star"] >= effects["mu"].abs() - 1e-9).all())


class SweepAndReport(unittest.TestCase):
    """One real sweep (2 x 2 grid, 3 replications of a one-hour quickstart) for all the checks."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = Path(cls.tmp.name)
        sweep = tmp / "grid.yaml"
        sweep.write_text(f"base: {ROOT / 'scenarios/quickstart.yaml'}\nreplications: 3\n"
                         "set: {duration: 1h}\nproduct:\n  sessions.default_ttl: [15m, 1h]\n"
                         "  sessions.caps.total: [50, 100]\n")
        cls.out = tmp / "out"
        done = subprocess.run([coordsim_bin(), "sweep", str(sweep), "-o", str(cls.out), "-q"],
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise AssertionError(f"coordsim sweep exited {done.returncode}: {done.stderr}")
        cls.index = ca.load_sweep(str(cls.out))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_index_lists_every_run_with_parameters_and_metrics(self):
        ix = self.index
        self.assertEqual(len(ix), 12)
        self.assertEqual(list(ix["run"]), list(range(12)))
        self.assertTrue((ix["status"] == "complete").all())
        self.assertEqual(ix.attrs["parameters"], ["sessions.default_ttl", "sessions.caps.total"])
        self.assertEqual(sorted(ix["sessions.default_ttl [s]"].unique()), [900.0, 3600.0])
        self.assertIn("value_taken", ix.attrs["metrics"])
        self.assertEqual(ix.attrs["units"]["value_taken"], "base_units")
        self.assertEqual(len(set(ix["seed"])), 12)
        first = ca.load(str(self.out / ix["file"][0]), events=False)
        self.assertEqual(int(ix["actions_applied"][0]), int(first.final()["actions_applied"]))
        self.assertEqual(first.seed, int(ix["seed"][0]))

    def test_index_reads_in_one_line_with_h5py_and_pandas(self):
        import h5py
        import pandas as pd

        df = pd.DataFrame({k: v[()] for k, v in h5py.File(self.out / "index.h5")["runs"].items()})
        self.assertEqual(len(df), 12)
        self.assertEqual(list(df["status"].unique()), [b"complete"])

    def test_summarise_groups_replications(self):
        s = ca.summarise(self.index, by=["sessions.default_ttl"], metric="actions_applied")
        self.assertEqual(list(s["n"]), [6, 6])
        self.assertEqual(list(s["sessions.default_ttl"]), [900.0, 3600.0])
        rows = self.index[self.index["sessions.default_ttl"] == "15m"]["actions_applied"].astype(float)
        self.assertAlmostEqual(s["mean"][0], rows.mean())
        self.assertLess(s["ci_low"][0], s["mean"][0])
        self.assertGreater(s["ci_high"][0], s["mean"][0])
        both = ca.summarise(self.index, by=["sessions.default_ttl", "sessions.caps.total"], metric="fees")
        self.assertEqual(list(both["n"]), [3, 3, 3, 3])

    def assert_figures(self, page: Path, figures: list[str], expected: int):
        self.assertTrue(page.exists())
        self.assertEqual(len(figures), expected)
        text = page.read_text()
        for f in figures:
            self.assertIn(os.path.basename(f), text)
            image = imread(f)
            self.assertGreater(image.shape[0], 100)
            rgb = image[..., :3]
            self.assertGreater(float(rgb.std()), 0.02, f"{f} is blank")
            self.assertLess(float(rgb.mean()), 0.99, f"{f} is blank")

    def test_report_of_the_sweep_from_the_coordsim_binary(self):
        # A PATH whose first python3 cannot run the package: the command must not use it.
        fake = Path(self.tmp.name) / "bin"
        fake.mkdir(exist_ok=True)
        (fake / "python3").write_text("#!/bin/sh\necho 'No module named pandas' >&2\nexit 1\n")
        (fake / "python3").chmod(stat.S_IRWXU)
        env = dict(os.environ, PATH=f"{fake}:{os.environ.get('PATH', '')}")
        env.pop("COORDSIM_PYTHON", None)
        report = Path(self.tmp.name) / "report"
        done = subprocess.run([coordsim_bin(), "report", str(self.out), "-o", str(report), "-m", "actions_applied",
                               "-m", "fees"], capture_output=True, text=True, timeout=600, env=env)
        self.assertEqual(done.returncode, 0, done.stderr)
        figures = sorted(str(p) for p in report.glob("*.png"))
        # Per metric: effects against each parameter and the two-parameter heat map.
        self.assert_figures(report / "index.html", figures, 4)
        html = (report / "index.html").read_text()
        self.assertIn("95% CI (Welch)", html)
        self.assertIn("sessions.default_ttl", html)

    def test_report_of_runs_overlays_them(self):
        files = [str(self.out / f) for f in self.index["file"][:2]]
        page, figures = ca.report.report(files, str(Path(self.tmp.name) / "runs"))
        metrics = len(ca.load(files[0]).metrics.columns)
        self.assert_figures(Path(page), figures, -(-metrics // 12))  # 12 metrics per figure

    def test_missing_sweep_is_an_error(self):
        with self.assertRaises(FileNotFoundError):
            ca.load_sweep(os.path.join(self.tmp.name, "nowhere"))


if __name__ == "__main__":
    unittest.main()
