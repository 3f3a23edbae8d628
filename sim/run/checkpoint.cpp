#include "run/checkpoint.hpp"

#include <algorithm>

#include "kernel/archive.hpp"
#include "kernel/parallel_runner.hpp"
#include "model/world/extension.hpp"

namespace coordsim::run {

namespace {

constexpr std::uint32_t kKernelTag = 0x4B524E4C;  // "KRNL"
constexpr std::uint32_t kLoopTag = 0x4C4F4F50;    // "LOOP"
constexpr std::uint32_t kEndTag = 0x454E4421;     // "END!"

static_assert(kernel::ArchivePod<kernel::Event>,
              "events are stored as their bytes: keep them padding-free");

}  // namespace

KernelState capture(const kernel::Scheduler& scheduler) {
  KernelState k;
  k.now = scheduler.now();
  k.committed = scheduler.committed();
  const auto seq = scheduler.sequence_numbers();
  k.seq.assign(seq.begin(), seq.end());
  const auto raw = scheduler.queue().raw();
  k.pending.assign(raw.begin(), raw.end());
  std::sort(k.pending.begin(), k.pending.end(), kernel::before);
  return k;
}

KernelState capture(const kernel::ParallelRunner& runner) {
  KernelState k;
  k.now = runner.now();
  k.committed = runner.committed();
  const auto seq = runner.sequence_numbers();
  k.seq.assign(seq.begin(), seq.end());
  k.pending = runner.pending_events();
  return k;
}

void restore(kernel::Scheduler& scheduler, const KernelState& state) {
  scheduler.restore(state.now, state.committed, state.seq, state.pending);
}

void restore(kernel::ParallelRunner& runner, const KernelState& state) {
  runner.restore(state.now, state.committed, state.seq, state.pending);
}

std::vector<std::byte> encode_checkpoint(std::uint64_t scenario_hash,
                                         const model::world::World& world,
                                         const model::world::InvariantChecker& checker,
                                         const KernelState& state, const LoopPosition& loop) {
  kernel::ArchiveWriter out(scenario_hash);
  out.tag(kKernelTag);
  out.pod(state.now);
  out.pod(state.committed);
  out.vec(state.seq);
  out.vec(state.pending);
  out.tag(kLoopTag);
  out.pod(loop.time);
  out.pod(loop.samples);
  out.vec(loop.snapshot_done);
  world.save(out);
  checker.save(out);
  out.tag(kEndTag);
  return std::move(out).finish();
}

void decode_checkpoint(std::span<const std::byte> blob, std::uint64_t scenario_hash,
                       model::world::World& world, model::world::InvariantChecker& checker,
                       KernelState& state, LoopPosition& loop) {
  using kernel::ArchiveReader;
  ArchiveReader in(blob, scenario_hash);
  in.expect_tag(kKernelTag, "kernel");
  in.pod(state.now);
  in.pod(state.committed);
  in.vec_exact(state.seq, world.actor_count(), "sequence counters");
  in.vec(state.pending);
  const std::size_t kinds = model::world::kind_count();  // shared and registered systems' own
  for (const kernel::Event& e : state.pending) {
    const bool ok = index(e.target) < world.actor_count() &&
                    index(e.source) < world.actor_count() && e.kind < kinds &&
                    e.time >= state.now && e.seq < state.seq[index(e.source)];
    ArchiveReader::require(ok, "a pending event");
  }
  ArchiveReader::require(std::is_sorted(state.pending.begin(), state.pending.end(), kernel::before),
                         "pending events out of order");
  in.expect_tag(kLoopTag, "run loop");
  in.pod(loop.time);
  in.pod(loop.samples);
  in.vec(loop.snapshot_done);
  ArchiveReader::require(loop.time == state.now, "loop and kernel clocks differ");
  world.load(in);
  checker.load(in);
  in.expect_tag(kEndTag, "end");
  in.finish();
}

}  // namespace coordsim::run
