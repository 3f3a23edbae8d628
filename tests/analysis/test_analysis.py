"""coordsim_analysis against real run files written by the coordsim binary.

ctest sets COORDSIM_BIN and PYTHONPATH (tests/analysis/CMakeLists.txt). By hand, from the
repository root after building the release preset:

    PYTHONPATH=analysis /usr/bin/python3 -m unittest discover -s tests/analysis -v
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import h5py
import numpy as np

import coordsim_analysis as ca

ROOT = Path(__file__).resolve().parents[2]
DURATION_S = 6 * 3600  # the --set duration=6h below
SNAPSHOTS_S = (3600, 3 * 3600)  # the --set output.snapshots=[1h,3h] of the second run

# Agent actions authorised through a session chain: World::spend counts each one in
# actions_applied or rejected_<reason> and logs it with the same reason (sim/model/world/agents.cpp).
SPEND_KINDS = ("transfer", "swap", "infer", "drain")


def coordsim_bin() -> str:
    """The binary under test: $COORDSIM_BIN (ctest), else the release build of this checkout."""
    path = os.environ.get("COORDSIM_BIN") or str(ROOT / "build/release/bin/coordsim")
    if not os.access(path, os.X_OK):
        raise unittest.SkipTest(f"no coordsim binary at {path}; build it or set COORDSIM_BIN")
    return path


def run_coordsim(out: Path, *extra: str) -> None:
    cmd = [coordsim_bin(), "run", str(ROOT / "scenarios/quickstart.yaml"), "--set", "duration=6h",
           "--set", "output.events.enabled=true", "-o", str(out), "-q", *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr}")


def population_counts(scenario: str) -> dict[str, int]:
    """Group name -> count from the `population:` block of a resolved scenario (always has both keys)."""
    block = re.search(r"^population:\n((?:[ \t-].*\n|\n)*)", scenario, re.MULTILINE)
    assert block, "no population block in the stored scenario"
    names = re.findall(r"^\s*- name:\s*(\S+)", block.group(1), re.MULTILINE)
    counts = re.findall(r"^\s+count:\s*(\d+)", block.group(1), re.MULTILINE)
    assert names and len(names) == len(counts), (names, counts)
    return dict(zip(names, map(int, counts)))


def documented_event_kinds() -> list[str]:
    """The event kinds docs/scenarios.md lists for output.events.kinds."""
    line = next(l for l in (ROOT / "docs/scenarios.md").read_text().splitlines()
                if l.startswith("| `output.events.kinds`"))
    return re.findall(r"`(\w+)`", line.split("|")[2])


def declared_metrics() -> list[str]:
    """Metric names in declared order: the list docs/world.md embeds, generated from the metric
    table of sim/model/world/metrics.cpp (tests/model/world/metrics_table_test.cpp keeps them
    equal)."""
    doc = (ROOT / "docs/world.md").read_text()
    table = doc.split("<!-- BEGIN GENERATED METRICS")[1].split("<!-- END GENERATED METRICS")[0]
    return re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE)


class AnalysisTest(unittest.TestCase):
    tmp: tempfile.TemporaryDirectory
    path1: Path
    path2: Path
    run1: ca.Run
    run2: ca.Run

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory(prefix="coordsim-analysis-")
        cls.path1 = Path(cls.tmp.name) / "q.h5"
        cls.path2 = Path(cls.tmp.name) / "q2.h5"
        run_coordsim(cls.path1)
        run_coordsim(cls.path2, "--seed", "2", "--set", "output.snapshots=[1h,3h]")
        cls.run1 = ca.load(cls.path1)
        cls.run2 = ca.load(cls.path2)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PYTHONPATH=str(Path(ca.__file__).resolve().parents[1]))
        return subprocess.run([sys.executable, "-m", "coordsim_analysis", *args], capture_output=True,
                              text=True, env=env, timeout=120)

    # --- load -------------------------------------------------------------------------------

    def test_root_attributes(self) -> None:
        r = self.run1
        self.assertTrue(r.complete)
        self.assertEqual(r.seed, 1)
        self.assertEqual(self.run2.seed, 2)
        self.assertEqual(r.name, "quickstart")
        self.assertIsInstance(r.attrs["host"], str)
        self.assertEqual(r.attrs["coordsim_format_version"], 1)
        self.assertTrue(r.scenario.startswith("name: quickstart"))
        self.assertIn("duration: 6h", r.scenario)
        self.assertEqual(r.token_decimals, int(re.search(r"decimals: (\d+)", r.scenario).group(1)))

    def test_metrics_time_axis(self) -> None:
        idx = self.run1.metrics.index
        self.assertEqual(idx.name, "time_s")
        self.assertGreater(len(idx), 2)
        self.assertEqual(idx[0], 0.0)
        self.assertTrue(np.all(np.diff(idx.to_numpy()) > 0), "time must increase")
        self.assertEqual(idx[-1], DURATION_S)
        self.assertEqual(self.run1.attrs["end_time_ticks"] * self.run1.tick_seconds, DURATION_S)

    def test_metrics_are_the_declared_ones_with_units(self) -> None:
        m = self.run1.metrics
        self.assertEqual(list(m.columns), declared_metrics())
        for name in m.columns:
            self.assertIsInstance(self.run1.units[name], str)
            self.assertTrue(self.run1.units[name], f"{name} has no unit")
            self.assertTrue(self.run1.descriptions[name], f"{name} has no description")
        with h5py.File(self.path1, "r") as f:  # values unchanged by loading
            for name in ("actions_applied", "pool_price", "value_moved"):
                np.testing.assert_array_equal(m[name].to_numpy(), f["metrics"][name][()])
                self.assertEqual(m[name].dtype, f["metrics"][name].dtype)

    def test_final_values_keep_type(self) -> None:
        final = self.run1.final()
        self.assertIsInstance(final["actions_applied"], int)
        self.assertIsInstance(final["pool_price"], float)
        self.assertEqual(final["actions_applied"], self.run1.metrics["actions_applied"].iloc[-1])

    def test_agents_are_the_scenario_population(self) -> None:
        counts = population_counts(self.run1.scenario)
        agents = self.run1.agents
        self.assertEqual(len(agents), sum(counts.values()))
        self.assertEqual(agents["group"].value_counts().to_dict(), counts)
        self.assertEqual(agents["id"].tolist(), list(range(len(agents))))
        self.assertTrue(all(isinstance(k, str) for k in agents["kind"]))
        self.assertIn("ai_agent", set(agents["kind"]))

    def test_sessions_within_caps_and_link_the_right_kinds(self) -> None:
        s, kind = self.run1.sessions, self.run1.agents.set_index("id")["kind"]
        self.assertGreater(len(s), 0)
        self.assertTrue((s["spent"] >= 0).all())
        self.assertTrue((s["spent"] <= s["cap_total"]).all(), s[s["spent"] > s["cap_total"]])
        self.assertEqual(set(kind[s["principal"]]), {"principal"})
        self.assertEqual(set(kind[s["delegate"]]), {"ai_agent"})
        roots = s[s["parent"] == ca.NEVER]
        self.assertTrue((roots["depth"] == 0).all())

    def test_invariants_held(self) -> None:
        inv = self.run1.invariants
        self.assertGreater(len(inv), 0)
        self.assertTrue(all(isinstance(n, str) for n in inv["name"]))
        self.assertEqual(set(inv["result"]), {"held"})
        self.assertTrue((inv["checks"] >= len(self.run1.metrics)).all())

    def test_graph_edges(self) -> None:
        g, n = self.run1.graph, len(self.run1.agents)
        self.assertGreater(len(g), 0)
        self.assertTrue((g["u"] < g["v"]).all())
        self.assertTrue((g["v"] < n).all())

    def test_events_decoded(self) -> None:
        ev = self.run1.events
        self.assertIsNotNone(ev)
        kinds = documented_event_kinds()
        self.assertEqual(list(ev["kind"].cat.categories), kinds)
        self.assertTrue(set(ev["kind"].astype(str)) <= set(kinds))
        self.assertIn("APPLIED", set(ev["reason"].astype(str)))
        self.assertTrue((np.diff(ev["time"].to_numpy().astype(np.int64)) >= 0).all())
        self.assertLessEqual(ev["time_s"].max(), DURATION_S)
        self.assertIsNone(ca.load(self.path1, events=False).events)

    def test_events_agree_with_metrics(self) -> None:
        ev, final = self.run1.events, self.run1.final()
        spends = ev[ev["kind"].isin(SPEND_KINDS)]
        by_reason = spends["reason"].astype(str).value_counts()
        self.assertEqual(by_reason.get("APPLIED", 0), final["actions_applied"])
        self.assertGreater(final["actions_applied"], 0)
        for name in final.index:
            if name.startswith("rejected_"):
                self.assertEqual(by_reason.get(name[len("rejected_"):].upper(), 0), final[name], name)

    def test_snapshots(self) -> None:
        self.assertEqual(self.run1.snapshots, {})
        snaps = self.run2.snapshots
        self.assertEqual(list(snaps), [int(t / self.run2.tick_seconds) for t in SNAPSHOTS_S])
        for table in snaps.values():
            self.assertEqual(table["id"].tolist(), self.run2.agents["id"].tolist())
            self.assertEqual(table["group"].tolist(), self.run2.agents["group"].tolist())

    def test_foreign_files_refused(self) -> None:
        plain = Path(self.tmp.name) / "plain.h5"
        with h5py.File(plain, "w") as f:
            f["metrics/x"] = np.arange(3)
        with self.assertRaisesRegex(ca.FormatError, "not a coordsim run file"):
            ca.load(plain)
        text = Path(self.tmp.name) / "text.h5"
        text.write_text("not hdf5")
        with self.assertRaises(ca.FormatError):
            ca.load(text)
        with self.assertRaises(FileNotFoundError):
            ca.load(Path(self.tmp.name) / "missing.h5")

    # --- compare ----------------------------------------------------------------------------

    def test_compare_with_itself_is_zero(self) -> None:
        c = ca.compare(self.run1, self.run1)
        self.assertEqual(list(c.index), list(self.run1.metrics.columns))
        self.assertTrue((c["diff"] == 0).all())
        self.assertTrue((c["rel_diff"] == 0).all())
        self.assertEqual(c["units"].to_dict(), self.run1.units)

    def test_compare_two_seeds(self) -> None:
        c = ca.compare(self.run1, self.run2)
        fa, fb = self.run1.final(), self.run2.final()
        for name, row in c.iterrows():
            self.assertEqual(row["a"], fa[name])
            self.assertEqual(row["b"], fb[name])
            self.assertEqual(row["diff"], fb[name] - fa[name])
            if isinstance(fa[name], int):
                self.assertIsInstance(row["diff"], int, name)  # exact, not rounded through float
        self.assertTrue((c["diff"] != 0).any(), "seeds 1 and 2 gave identical final metrics")
        self.assertEqual(c.attrs["end_s_a"], c.attrs["end_s_b"])
        some = ca.compare(self.run1, self.run2, metrics=["value_moved", "actions_applied"])
        self.assertEqual(list(some.index), ["value_moved", "actions_applied"])
        with self.assertRaises(KeyError):
            ca.compare(self.run1, self.run2, metrics=["no_such_metric"])

    # --- plot -------------------------------------------------------------------------------

    def test_plot_overview_writes_png(self) -> None:
        out = Path(self.tmp.name) / "overview.png"
        ca.plot_overview(self.run1, out)
        data = out.read_bytes()
        self.assertTrue(data.startswith(b"\x89PNG\r\n\x1a\n"))
        import matplotlib.image
        pixels = matplotlib.image.imread(str(out))
        self.assertGreater(pixels.std(), 0.0, "blank image")

    # --- command line -----------------------------------------------------------------------

    def test_cli_summary(self) -> None:
        done = self.cli("summary", str(self.path1))
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = {l.split()[0]: l.split()[1:] for l in done.stdout.splitlines()[1:]}
        final = self.run1.final()
        self.assertEqual(list(lines), list(final.index))
        self.assertEqual(lines["actions_applied"], [str(final["actions_applied"]), "count"])
        self.assertIn("complete", done.stdout.splitlines()[0])

    def test_cli_plot_and_compare(self) -> None:
        out = Path(self.tmp.name) / "cli.png"
        done = self.cli("plot", str(self.path1), str(out))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertGreater(out.stat().st_size, 0)
        done = self.cli("compare", str(self.path1), str(self.path2), "--changed")
        self.assertEqual(done.returncode, 0, done.stderr)
        changed = ca.compare(self.run1, self.run2)
        changed = set(changed.index[changed["diff"] != 0])
        listed = {l.split()[0] for l in done.stdout.splitlines()[3:]}
        self.assertEqual(listed, changed)

    def test_cli_errors(self) -> None:
        done = self.cli("summary", str(Path(self.tmp.name) / "missing.h5"))
        self.assertEqual(done.returncode, 1)
        self.assertIn("error", done.stderr)
        done = self.cli("compare", str(self.path1))
        self.assertEqual(done.returncode, 2)


if __name__ == "__main__":
    unittest.main()
