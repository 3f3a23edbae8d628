"""Log-log plot of wall time and peak memory against the number of agents (scripts/scale.sh)."""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def main(csv_path: str, png_path: str) -> None:
    df = pd.read_csv(csv_path)
    fig, ax = plt.subplots(1, 2, figsize=(9, 3.6))
    ax[0].loglog(df["agents"], df["wall_s"], "o-", label="measured")
    ideal = df["wall_s"].iloc[0] * df["agents"] / df["agents"].iloc[0]
    ax[0].loglog(df["agents"], ideal, "--", color="grey", label="linear")
    ax[0].set_xlabel("agents")
    ax[0].set_ylabel("wall time for one simulated day (s)")
    ax[0].legend()
    ax[1].loglog(df["agents"], df["peak_rss_mib"], "o-", color="tab:red", label="measured")
    ax[1].axhline(2048, color="grey", linestyle=":", label="2 GiB target")
    ax[1].set_xlabel("agents")
    ax[1].set_ylabel("peak resident memory (MiB)")
    ax[1].legend()
    fig.suptitle("coordsim: scenarios/million.yaml scaled")
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
