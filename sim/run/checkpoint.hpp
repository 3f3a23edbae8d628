#pragma once
// What a checkpoint holds and how it is encoded: the kernel's pending events and counters, the
// world, the invariant checker and the run loop's position, in one kernel::Archive blob that the
// recorder stores at /checkpoints/<n> (docs/output-format.md, "Checkpoints").
//
// The blob is a pure function of the simulation state: pending events are stored sorted by their
// (total) key, never in heap or shard order, so a run on 1 thread and a run on 8 write the same
// bytes, and a resumed run writes the same later checkpoints as the uninterrupted one.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kernel/event.hpp"
#include "kernel/scheduler.hpp"
#include "kernel/time.hpp"
#include "model/world/invariants.hpp"
#include "model/world/world.hpp"

namespace coordsim::kernel {
class ParallelRunner;  // kernel/parallel_runner.hpp: only the .cpp needs it (and oneTBB)
}  // namespace coordsim::kernel

namespace coordsim::run {

/// The kernel's state at a window barrier, independent of how the actors were sharded.
struct KernelState {
  kernel::SimTime now;
  std::uint64_t committed = 0;
  std::vector<std::uint32_t> seq;      ///< next sequence number per source actor
  std::vector<kernel::Event> pending;  ///< sorted by kernel::before
};

[[nodiscard]] KernelState capture(const kernel::Scheduler& scheduler);
[[nodiscard]] KernelState capture(const kernel::ParallelRunner& runner);
void restore(kernel::Scheduler& scheduler, const KernelState& state);
void restore(kernel::ParallelRunner& runner, const KernelState& state);

/// Where the run loop stood: the sample just written, how many samples, which snapshots done.
struct LoopPosition {
  kernel::SimTime time;
  std::uint64_t samples = 0;
  std::vector<std::uint8_t> snapshot_done;  ///< one flag per output.snapshots entry
};

[[nodiscard]] std::vector<std::byte> encode_checkpoint(
    std::uint64_t scenario_hash, const model::world::World& world,
    const model::world::InvariantChecker& checker, const KernelState& state,
    const LoopPosition& loop);

/// Restores `world` and `checker` (built from the scenario the checkpoint was taken under) and
/// fills `kernel` and `loop`. Checks that every pending event names existing actors, a known
/// event kind, a time not before the clock and a sequence number already issued.
/// @throws kernel::ArchiveError (or ArchiveMismatchError) for a damaged or foreign blob.
void decode_checkpoint(std::span<const std::byte> blob, std::uint64_t scenario_hash,
                       model::world::World& world, model::world::InvariantChecker& checker,
                       KernelState& state, LoopPosition& loop);

}  // namespace coordsim::run
