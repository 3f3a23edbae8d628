// The validators' handler, the last one in World: a validator's sampling turn. What it reaches of
// the data economy (the encoding of a sample's accuracy) is data::Data's read-only API; the
// protocol's side (kSample) is data's.
#include <algorithm>

#include "model/world/world.hpp"

namespace coordsim::model::world {

void World::on_validate(const kernel::Event& e, actor::Context& ctx) {
  kernel::Scheduler& s = ctx.scheduler();
  const AgentId v = e.target;
  auto r = ctx.rng(v);
  const auto& vp = spec_->population[pop_.group(v)].as<scenario::ValidatorParams>();
  s.schedule(s.now() + draw_duration(vp.sample_interval, r), v, v, code(Kind::kValidate));
  s.schedule(s.now() + block_, protocol(), v, code(Kind::kWithdraw));
  const double accuracy = std::clamp(scenario::sample(vp.accuracy, r), 0.0, 1.0);
  constexpr double kFractionScale = data::kFractionScale;
  s.schedule(s.now() + block_, protocol(), v, code(Kind::kSample), 0,
             static_cast<std::uint64_t>(std::min(accuracy * kFractionScale, kFractionScale - 1.0)));
}

}  // namespace coordsim::model::world
