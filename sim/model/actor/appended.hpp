#pragma once
// Systems appended to a world after its pinned ones: one line each, a type in the list
// `actor::Appended<S...>` that the world holds as one member. The existing systems' orders are
// pinned and irregular (the checkpoint has data's sections around the settlement's, the metric
// columns interleave the world's rows; docs/extending.md), so they stay written by hand; a
// system added after them takes part in each of them after the pinned ones, in this list's
// order, through the functions below:
//   - it is built from the arguments the world gives the list (its `Setup`), in list order;
//   - its `Handlers` are registered (actor/registry.hpp looks inside an Appended member) and
//     `actor::system<S>(systems)` finds it;
//   - build(): its optional `build(ledger, streams, end, add)` (genesis and first events);
//   - save()/load(): its optional `save(ArchiveWriter&) const` and `load(ArchiveReader&)`;
//   - metric_rows<In>(): its optional `template <class In> static constexpr auto metric_rows()`.
// An empty list writes nothing and adds no column, so it leaves every run's bytes as they were.
#include <array>
#include <tuple>
#include <utility>

#include "kernel/archive.hpp"
#include "kernel/time.hpp"
#include "model/actor/metric.hpp"

namespace coordsim::model::actor {

template <class... S>
struct Appended {
  /// Every system is built from the same arguments (the world's Setup).
  template <class... Args>
  explicit Appended(const Args&... args) : systems(S(args...)...) {
    ((void)args, ...);  // an empty list uses none of them
  }

  std::tuple<S...> systems;

  /// Genesis and first events of each system that has a build().
  template <class Ledger, class Streams, class Add>
  void build(Ledger& ledger, Streams& streams, kernel::SimTime end, Add&& add) {
    std::apply([&](auto&... s) { (build_one(s, ledger, streams, end, add), ...); }, systems);
  }

  /// The checkpoint sections of those that have one, in list order (each writes its own tag).
  void save(kernel::ArchiveWriter& out) const {
    std::apply([&](const auto&... s) { (save_one(s, out), ...); }, systems);
  }
  void load(kernel::ArchiveReader& in) {
    std::apply([&](auto&... s) { (load_one(s, in), ...); }, systems);
  }

  /// Their metric rows, end to end in list order (an empty table if none has any).
  template <class In>
  static constexpr auto metric_rows() {
    return concat(std::array<MetricRow<In>, 0>{}, rows_of<In, S>()...);
  }

 private:
  // One system's part, if it has one (a system need not checkpoint or seed anything).
  template <class T, class Ledger, class Streams, class Add>
  static void build_one([[maybe_unused]] T& sys, [[maybe_unused]] Ledger& ledger,
                        [[maybe_unused]] Streams& streams, [[maybe_unused]] kernel::SimTime end,
                        [[maybe_unused]] Add& add) {
    if constexpr (requires { sys.build(ledger, streams, end, add); })
      sys.build(ledger, streams, end, add);
  }
  template <class T>
  static void save_one([[maybe_unused]] const T& sys, [[maybe_unused]] kernel::ArchiveWriter& out) {
    if constexpr (requires { sys.save(out); }) sys.save(out);
  }
  template <class T>
  static void load_one([[maybe_unused]] T& sys, [[maybe_unused]] kernel::ArchiveReader& in) {
    if constexpr (requires { sys.load(in); }) sys.load(in);
  }
  template <class In, class T>
  static constexpr auto rows_of() {
    if constexpr (requires { T::template metric_rows<In>(); })
      return T::template metric_rows<In>();
    else
      return std::array<MetricRow<In>, 0>{};
  }
};

namespace detail {
template <class T>
struct IsAppended : std::false_type {};
template <class... S>
struct IsAppended<Appended<S...>> : std::true_type {};
}  // namespace detail

}  // namespace coordsim::model::actor
