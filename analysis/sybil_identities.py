"""Research question 2, Sybils: a Sybil operator's reward against its number of identities k.

Runs sweeps/sybil-identities.yaml (fixed k = 1, 2, 4, 8 under usage, shapley, leave_one_out and
shapley_robust, 10 seeds each) and sweeps/sybil-adaptive.yaml (operators choosing k by logit, same
rules, half of the contributors Sybil and builders retraining hourly, 10 seeds) with
`coordsim sweep`, then writes the tables of means with 95% t-intervals into docs/behaviour.md
between `<!-- sybil-identities:begin -->` and `<!-- sybil-identities:end -->`.

    /usr/bin/python3 analysis/sybil_identities.py [--coordsim build/release/bin/coordsim]
        [--out out/sybil-identities] [--jobs 2] [--no-run]
"""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

RULES = ["usage", "shapley", "leave_one_out", "shapley_robust"]
RULE = "attribution.rule"
K = "adversaries.sybil.identities"


def cell(row, scale=1.0) -> str:
    return f"{row['mean'] / scale:.2f} [{row['ci_low'] / scale:.2f}, {row['ci_high'] / scale:.2f}]"


def by_rule(summary):
    return {str(summary.iloc[i][RULE]): summary.iloc[i] for i in range(len(summary))}


def fixed_table(runs) -> str:
    s = ca.summarise(runs, by=[RULE, K], metric="sybil_reward_per_operator")
    ks = sorted({int(v) for v in s[K]})
    head = "| rule | n | " + " | ".join(f"k = {k}" for k in ks) + " |\n"
    head += "|---|---|" + "---|" * len(ks) + "\n"
    lines = []
    for rule in RULES:
        sub = s[s[RULE] == rule]
        if sub.empty:
            continue
        cells = [cell(sub[sub[K] == k].iloc[0], UNIT) for k in ks]
        lines.append(f"| `{rule}` | {int(sub['n'].min())} | " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def adaptive_table(runs) -> str:
    k = by_rule(ca.summarise(runs, by=[RULE], metric="sybil_identities"))
    r = by_rule(ca.summarise(runs, by=[RULE], metric="sybil_reward_per_operator"))
    head = "| rule | n | identities per operator at the end | reward per operator (tokens) |\n"
    head += "|---|---|---|---|\n"
    lines = [f"| `{rule}` | {int(k[rule]['n'])} | {cell(k[rule])} | {cell(r[rule], UNIT)} |"
             for rule in RULES if rule in k]
    return head + "\n".join(lines) + "\n"


UNIT = 1e6  # base units per token (attribution-vs-sybils.yaml leaves token.decimals at 6)


def main() -> int:
    fixed = ca.sweep_for_doc(__doc__.splitlines()[0], "sybil-identities")
    out = pathlib.Path(str(ROOT / "out" / "sybil-adaptive"))
    if "--no-run" not in sys.argv:
        coordsim = str(ROOT / "build/release/bin/coordsim")
        for i, a in enumerate(sys.argv):
            if a == "--coordsim":
                coordsim = sys.argv[i + 1]
        jobs = sys.argv[sys.argv.index("--jobs") + 1] if "--jobs" in sys.argv else "2"
        subprocess.run([coordsim, "sweep", str(ROOT / "sweeps" / "sybil-adaptive.yaml"), "-o",
                        str(out), "--jobs", jobs, "--threads", "1", "--quiet"], check=True)
    adaptive = ca.load_sweep(str(out))
    text = ("Fixed k: final rewards per Sybil operator (tokens), mean [95% t-interval] over seeds.\n\n"
            + fixed_table(fixed)
            + "\nAdaptive operators (logit, every 2h, 2 days; half of the contributors Sybil, builders"
            " retraining hourly): what they run at the end.\n\n"
            + adaptive_table(adaptive))
    print(text)
    ca.write_section("behaviour.md", "sybil-identities", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
