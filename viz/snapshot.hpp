#pragma once
// What the screen sees of a run: a copy of the parts of the world the panels draw, taken by the
// simulation thread between two pieces of work and handed over through a triple buffer. The
// screen reads only snapshots, never the world, so it never holds a lock while it draws.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "run/live.hpp"

namespace coordsim::viz {

/// One action as the panels show it (times in simulated seconds).
struct ActionView {
  double time_s = 0;
  std::uint16_t kind = 0;    // model::actor::ActionKind
  std::uint16_t reason = 0;  // model::sessions::Reason (0: applied)
  std::uint32_t actor = 0;
  std::uint32_t target = 0;
  std::uint32_t session = 0;
  std::int64_t amount = 0;
};

/// One link of a principal's delegation tree.
struct SessionView {
  std::uint32_t id = 0;
  std::uint32_t parent = 0;  // == id for a root
  std::uint32_t delegate = 0;
  std::uint32_t depth = 0;
  std::int64_t headroom = 0;  // what can still be spent through it now
  std::int64_t spent = 0;
  std::uint64_t calls = 0;
  double expires_in_s = 0;  // negative: expired
  bool revoked = false;
  bool live = false;
};

/// The agents an inspector has pinned, each with its balances and last actions.
struct AgentDetail {
  std::uint32_t id = 0;
  std::uint8_t kind = 0;
  std::uint8_t role = 0;  // adversary role of a contributor
  std::int64_t liquid = 0;
  std::int64_t staked = 0;
  std::int64_t locked = 0;
  std::int64_t quote = 0;
  std::int64_t rewards_final = 0;
  bool compromised = false;
  std::vector<ActionView> history;  // newest last, among the run's recent actions
};

struct BookLevel {
  double price = 0;
  std::int64_t quantity = 0;
};

/// A change made by "branch from here".
struct InterventionView {
  double time_s = 0;
  std::string key;
  std::string old_value;
  std::string new_value;
};

/// What the panels ask the simulation thread to include (written by the screen, read by the
/// simulation under a short lock, never across a frame).
struct Request {
  std::vector<std::uint32_t> pinned;
  std::uint32_t principal = 0xFFFFFFFFU;  // whose delegation tree (none)
};

struct Snapshot {
  std::uint64_t serial = 0;  // increases with every publication
  bool replay = false;
  bool finished = false;
  bool playing = false;
  double now_s = 0;
  double end_s = 0;
  double stop_at_s = 0;
  double speed = 0;  // simulated seconds per wall second; 0: as fast as it goes
  std::uint64_t events = 0;
  double events_per_wall_s = 0;
  std::uint64_t seed = 0;
  std::string scenario;
  double tick_s = 1;
  double unit = 1;      // base units per token
  std::string message;  // the last branch's outcome
  std::vector<InterventionView> interventions;

  // Sampled metrics, one column per model::world::metric_defs() entry.
  std::vector<double> sample_time_s;
  std::vector<std::vector<double>> columns;
  // The recorded file's metrics in replay mode (the whole run), for the plots' background.
  std::vector<double> recorded_time_s;
  std::vector<std::vector<double>> recorded;
  /// Rows of the live samples equal to the recording's (replay: the re-simulation is checked).
  std::int64_t replay_mismatch = -1;  // -1: all equal so far, else the first row that differs

  // Agents, struct of arrays by agent id.
  std::vector<std::uint8_t> kind;
  std::vector<float> wealth;        // liquid + staked + locked, in tokens
  std::vector<std::uint8_t> flags;  // kCompromised | kAdversarial
  std::vector<ActionView> recent;   // oldest first
  static constexpr std::uint8_t kCompromised = 1;
  static constexpr std::uint8_t kAdversarial = 2;

  std::vector<AgentDetail> pinned;
  std::uint32_t principal = 0xFFFFFFFFU;
  std::vector<SessionView> sessions;

  // Market.
  bool has_amm = false;
  bool has_book = false;
  double pool_price = 0;
  double reference_price = 0;
  std::int64_t pool_token = 0;
  std::int64_t pool_quote = 0;
  std::vector<BookLevel> bids;  // best first
  std::vector<BookLevel> asks;

  // Attribution: final rewards by adversary role (honest, sybil, poisoner, free rider).
  std::array<std::int64_t, 4> rewards_by_role{};
  std::int64_t validator_stake = 0;

  // Settlement.
  std::uint64_t batches_pending = 0;
  std::uint64_t batches_final = 0;
  std::uint64_t batches_reverted = 0;
  std::int64_t amount_pending = 0;
};

/// Fills `out` from the live run. Metric rows already in `out` are kept (only new ones are
/// copied), so a snapshot reused from one publication to the next costs what changed.
void fill(Snapshot& out, const run::LiveRun& live, const Request& request);

/// Three snapshots: the simulation writes one, the screen reads another, the third is the
/// latest complete one. Neither side ever waits for the other: publishing and taking are one
/// atomic exchange each.
class TripleBuffer {
 public:
  /// The snapshot the writer may fill (only the simulation thread).
  [[nodiscard]] Snapshot& back() noexcept { return slots_[back_]; }
  /// Makes back() the latest; the writer gets the previously latest slot to fill next.
  void publish() noexcept;
  /// Takes the latest if one was published since; returns whether front() changed.
  bool take() noexcept;
  /// Whether the reader has taken the latest publication (the writer asks: publishing again
  /// before that would fill a snapshot nobody sees).
  [[nodiscard]] bool taken() const noexcept {
    return (middle_.load(std::memory_order_acquire) & kFresh) == 0;
  }
  /// The snapshot the reader holds (only the screen thread).
  [[nodiscard]] const Snapshot& front() const noexcept { return slots_[front_]; }
  /// The writer's slot and the reader's slot as the other side must not touch: for tests.
  [[nodiscard]] unsigned back_index() const noexcept { return back_; }
  [[nodiscard]] unsigned front_index() const noexcept { return front_; }

 private:
  static constexpr unsigned kFresh = 4;  // flag on the middle index: published, not yet taken
  std::array<Snapshot, 3> slots_;
  unsigned back_ = 0;
  unsigned front_ = 1;
  std::atomic<unsigned> middle_{2};
};

}  // namespace coordsim::viz
