#include "scenario/tick_rounding.hpp"

#include <cmath>
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "scenario/distribution.hpp"
#include "scenario/schema.hpp"
#include "scenario/units.hpp"

namespace coordsim::scenario::detail {

void check_tick_rounding(Context& ctx, Resolved& r) {
  const Micros tick = r.data.tick;
  if (tick.value() <= 0) return;
  const auto check = [&](const std::string& path, double micros) {
    if (micros <= 0 || to_ticks(Micros{std::llround(micros)}, tick).ticks() > 0) return;
    if (r.failed.contains(path) || r.failed.contains("tick")) return;
    const auto it = r.marks.find(path);
    const Mark at = it != r.marks.end() ? it->second : r.root;
    ctx.error(at, path,
              format_duration(Micros{std::llround(micros)}) + " is less than half a tick (tick = " +
                  format_duration(tick) + ") and would round to 0 ticks",
              "use a longer duration or a shorter tick");
    r.failed.insert(path);
  };
  const auto check_entry = [&](const Entry& e, const std::string& path) {
    switch (e.key->type) {
      case Type::kDuration:
        check(path, static_cast<double>(std::get<Micros>(e.value).value()));
        break;
      case Type::kDurationDist: {
        const auto& d = std::get<Distribution>(e.value);
        check(path, d.kind == DistKind::kUniform ? d.b : nominal_mean(d));
        break;
      }
      case Type::kDurationList:
        for (const Micros m : std::get<std::vector<Micros>>(e.value)) {
          check(path, static_cast<double>(m.value()));
        }
        break;
      default:
        break;
    }
  };
  for (const Entry& e : r.top) check_entry(e, std::string(e.key->path));
  for (std::size_t g = 0; g < r.groups.size(); ++g) {
    for (const Entry& e : r.groups[g]) {
      check_entry(e, "population[" + std::to_string(g) + "]." + std::string(e.key->path));
    }
  }
}

}  // namespace coordsim::scenario::detail
