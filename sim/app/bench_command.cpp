#include <fmt/core.h>

#include "app/commands.hpp"
#include "bench/phold.hpp"

namespace coordsim::app {

Action add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Kernel benchmarks (PHOLD)");
  bench->require_subcommand(1);
  bench->footer(
      "Example:\n  coordsim bench phold --lps 1024 --remote 0.1 --mean 1.0 --lookahead 0.1 --end "
      "1000\n"
      "Numbers and the reference loop to compare with: docs/performance.md");
  auto* phold = bench->add_subcommand(
      "phold",
      "PHOLD: N LPs each holding one event; each processed event schedules one more at "
      "t + lookahead + Exp(mean), with probability --remote to an LP drawn uniformly over all LPs "
      "(the "
      "sender included, as in ROSS), else to the same LP.");
  phold->footer(
      "Prints committed events, wall seconds, events per second and the event queues' bytes per\n"
      "pending event (their peak capacity over --lps, the number pending until the end time). The\n"
      "digest (a hash of every LP's event count and last event) does not depend on --threads or\n"
      "--kernel.\n\n"
      "Examples:\n"
      "  coordsim bench phold --lps 65536 --remote 0.1 --mean 1.0 --lookahead 0.1 --end 200\n"
      "  coordsim bench phold --lps 65536 --threads 2 --json | tail -n 1");
  auto config = std::make_shared<bench::PholdConfig>();
  auto json = std::make_shared<bool>(false);
  phold->add_option("--lps", config->lps, "Number of logical processes")
      ->capture_default_str()
      ->check(CLI::Range(1U, 1U << 26));
  phold
      ->add_option("--remote", config->remote,
                   "Probability an event goes to an LP drawn over all LPs (the sender included)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  phold->add_option("--mean", config->mean, "Mean exponential delay, simulated seconds")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  phold->add_option("--lookahead", config->lookahead, "Minimum delay, simulated seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  phold->add_option("--end", config->end, "Simulated end time, seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  phold->add_option("--seed", config->seed, "Random seed")->capture_default_str();
  auto threads = std::make_shared<int>(1);
  auto kernel_kind = std::make_shared<std::string>("auto");
  phold->add_option("--threads", *threads, "Worker threads (one shard each)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  phold
      ->add_option("--kernel", *kernel_kind,
                   "sequential: one plain event loop; windows: the parallel window runner (also "
                   "with one thread); auto: sequential for one thread, windows otherwise")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "sequential", "windows"}));
  phold->add_flag("--json", *json, "Print one JSON object on the last line");
  return [config, json, threads, kernel_kind]() -> int {
    const bool windows = *kernel_kind == "windows" || (*kernel_kind == "auto" && *threads > 1);
    if (!windows && *threads > 1) {
      fmt::print(stderr, "coordsim: --kernel sequential runs on one thread; drop --threads\n");
      return kBadInput;
    }
    config->threads = windows ? *threads : 0;
    const bench::PholdResult r = bench::run_phold(*config);
    if (r.checksum != r.events) {
      fmt::print(stderr, "coordsim: PHOLD checksum mismatch ({} != {})\n", r.checksum, r.events);
      return kFailure;
    }
    const double rate = r.wall_s > 0 ? static_cast<double>(r.events) / r.wall_s : 0.0;
    const double per_event = static_cast<double>(r.queue_bytes) / config->lps;
    fmt::print(
        "phold lps={} events={} wall_s={:.4f} events_per_s={:.0f} threads={} kernel={} "
        "windows={} queue_bytes_per_pending_event={:.1f} digest={:016x}\n",
        config->lps, r.events, r.wall_s, rate, *threads, windows ? "windows" : "sequential",
        r.windows, per_event, r.digest);
    if (*json) {
      fmt::print(
          "{{\"model\":\"phold\",\"lps\":{},\"events\":{},\"wall_s\":{:.6f},\"events_per_s\":{:.1f}"
          ",\"threads\":{},\"queue_bytes_per_pending_event\":{:.1f}}}\n",
          config->lps, r.events, r.wall_s, rate, *threads, per_event);
    }
    return kOk;
  };
}

}  // namespace coordsim::app
