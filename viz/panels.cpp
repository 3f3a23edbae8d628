#include "viz/panels.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "model/actor/event_kinds.hpp"
#include "model/sessions/reason.hpp"
#include "model/world/metrics.hpp"
#include "viz/plot.hpp"

namespace coordsim::viz {

namespace {

constexpr std::array<const char*, 8> kPanels{"Run",         "Interaction graph", "Metrics",
                                             "Agents",      "Sessions",          "Market",
                                             "Attribution", "Settlement"};

// Okabe-Ito colours: told apart by colour-blind readers too.
constexpr std::array<ImU32, 6> kKindColours{
    IM_COL32(230, 159, 0, 255),    // principal
    IM_COL32(86, 180, 233, 255),   // ai agent
    IM_COL32(0, 158, 115, 255),    // contributor
    IM_COL32(240, 228, 66, 255),   // model builder
    IM_COL32(204, 121, 167, 255),  // validator
    IM_COL32(213, 94, 0, 255),     // market maker
};
constexpr std::array<const char*, 6> kKindNames{"principal",     "ai_agent",  "contributor",
                                                "model_builder", "validator", "market_maker"};
constexpr std::array<const char*, 4> kRoleNames{"honest", "sybil", "poisoner", "free rider"};
constexpr std::array<ImU32, 8> kSeriesColours{
    IM_COL32(86, 180, 233, 255), IM_COL32(230, 159, 0, 255),   IM_COL32(0, 158, 115, 255),
    IM_COL32(240, 228, 66, 255), IM_COL32(204, 121, 167, 255), IM_COL32(213, 94, 0, 255),
    IM_COL32(0, 114, 178, 255),  IM_COL32(220, 220, 220, 255)};

// Edge colour of an action: payments, trades, delegation, attacks, data.
ImU32 action_colour(std::uint16_t kind) {
  using model::actor::ActionKind;
  switch (static_cast<ActionKind>(kind)) {
    case ActionKind::kSwap:
      return IM_COL32(230, 159, 0, 255);
    case ActionKind::kGrant:
    case ActionKind::kSubdelegate:
    case ActionKind::kRevoke:
      return IM_COL32(86, 180, 233, 255);
    case ActionKind::kDrain:
      return IM_COL32(255, 60, 60, 255);
    case ActionKind::kContribute:
    case ActionKind::kFlag:
    case ActionKind::kSlash:
    case ActionKind::kRevert:
      return IM_COL32(0, 200, 140, 255);
    default:
      return IM_COL32(235, 235, 235, 255);
  }
}

std::string_view action_name(std::uint16_t kind) {
  return kind < model::actor::kActionNames.size() ? model::actor::kActionNames[kind] : "?";
}

std::string_view reason_name(std::uint16_t reason) {
  return reason < model::sessions::kReasonCount
             ? model::sessions::to_string(static_cast<model::sessions::Reason>(reason))
             : "?";
}

int metric_index(std::string_view name) {
  const auto defs = model::world::metric_defs();
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::span<const double> column(const std::vector<std::vector<double>>& columns,
                               std::string_view name) {
  const int i = metric_index(name);
  if (i < 0 || static_cast<std::size_t>(i) >= columns.size()) return {};
  return columns[static_cast<std::size_t>(i)];
}

void begin_panel(const char* name, ImVec2 display) {
  const PanelRects r = panel_rect(name, display);
  ImGui::SetNextWindowPos(r.pos, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(r.size, ImGuiCond_FirstUseEver);
  ImGui::Begin(name);
}

double tokens(std::int64_t base_units, const Snapshot& s) {
  return static_cast<double>(base_units) / s.unit;
}

// ---- Run: the controls ----------------------------------------------------------------------

void draw_controls(const Snapshot& s, UiState& ui, Controls& c) {
  const bool playing = c.playing;
  if (ImGui::Button(playing ? "Pause" : "Play", ImVec2(60, 0))) c.playing = !playing;
  ImGui::SameLine();
  if (ImGui::Button("Step event")) c.step_events.fetch_add(1);
  ImGui::SameLine();
  if (ImGui::Button("Step block")) c.step_blocks.fetch_add(1);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(160);
  if (ImGui::SliderFloat("sim-s per s", &ui.speed, 1.0F, 1e6F, "%.0f",
                         ImGuiSliderFlags_Logarithmic)) {
    c.speed = ui.as_fast ? 0.0 : static_cast<double>(ui.speed);
  }
  ImGui::SameLine();
  if (ImGui::Checkbox("max", &ui.as_fast))
    c.speed = ui.as_fast ? 0.0 : static_cast<double>(ui.speed);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(70);
  ImGui::InputFloat("stop at [h]", &ui.stop_at_h, 0, 0, "%.2f");
  ImGui::SameLine();
  if (ImGui::Button("Set"))
    c.stop_at_s = ui.stop_at_h > 0 ? static_cast<double>(ui.stop_at_h) * 3600.0 : -1.0;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("seed", &ui.seed);
  ImGui::SameLine();
  if (ImGui::Button("Restart")) {
    c.restart_seed = static_cast<std::uint64_t>(std::max(0, ui.seed));
    c.restart = true;
  }

  ImGui::SameLine();
  if (ImGui::Button("Branch...")) ImGui::OpenPopup("branch");
  if (ImGui::BeginPopup("branch")) {
    ImGui::TextUnformatted("Branch from here: continue under an edited scenario key");
    ImGui::SetNextItemWidth(320);
    ImGui::InputTextWithHint("##kv", "incentives.publish_fee=20", ui.branch.data(),
                             ui.branch.size());
    ImGui::SameLine();
    if (ImGui::Button("Apply") && ui.branch[0] != '\0') c.request_branch(ui.branch.data());
    if (!s.message.empty()) ImGui::TextUnformatted(s.message.c_str());
    for (const auto& i : s.interventions) {
      ImGui::Text("t=%.0f s  %s: %s -> %s", i.time_s, i.key.c_str(), i.old_value.c_str(),
                  i.new_value.c_str());
    }
    ImGui::EndPopup();
  }

  // The time slider: scrubs a replay, and takes a live run back (through keyframes) or on.
  float at_h = static_cast<float>(s.now_s / 3600.0);
  ImGui::SetNextItemWidth(std::max(100.0F, ImGui::GetContentRegionAvail().x * 0.45F));
  if (ImGui::SliderFloat("##time", &at_h, 0.0F, static_cast<float>(s.end_s / 3600.0),
                         "t = %.3f h") &&
      ImGui::IsItemActive()) {
    c.seek_s = static_cast<double>(at_h) * 3600.0;
  }
  ImGui::SameLine();
  ImGui::Text("%s seed %llu | %llu events | %.3g ev/s | %.0f fps | frame %llu%s%s",
              s.scenario.c_str(), static_cast<unsigned long long>(s.seed),
              static_cast<unsigned long long>(s.events), s.events_per_wall_s, ui.fps,
              static_cast<unsigned long long>(ui.frames), s.finished ? " | finished" : "",
              s.replay ? (s.replay_mismatch < 0 ? " | replay matches the file"
                                                : " | REPLAY DIFFERS from the file")
                       : "");
}

// ---- Interaction graph ----------------------------------------------------------------------

void draw_graph(const Snapshot& s, UiState& ui, const Layout& layout) {
  const auto n = static_cast<std::uint32_t>(std::min(s.kind.size(), layout.x().size()));
  ImGui::SetNextItemWidth(110);
  ImGui::Combo("view", &ui.graph_mode, "automatic\0nodes\0density\0");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120);
  ImGui::SliderFloat("fade [s]", &ui.fade_s, 60.0F, 86400.0F, "%.0f", ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  ImGui::Text("%u agents%s", n, layout.ready() ? "" : " (layout running)");

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 size(std::max(avail.x, 50.0F), std::max(avail.y, 50.0F));
  ImGui::InvisibleButton("canvas", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
  // No background of its own: the window's is the canvas colour (draw_ui), one layer fewer for
  // software OpenGL to rasterise over a quarter of the screen.
  const float half = std::min(size.x, size.y) * 0.47F;
  const ImVec2 centre(origin.x + size.x / 2, origin.y + size.y / 2);
  ui.graph_centre = centre;
  ui.graph_half = half;
  static thread_local std::vector<float> sx;
  static thread_local std::vector<float> sy;
  sx.resize(n);
  sy.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    sx[i] = centre.x + layout.x()[i] * half;
    sy[i] = centre.y + layout.y()[i] * half;
  }
  dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  const bool dense = ui.graph_mode == 2 || (ui.graph_mode == 0 && n > kDensityAbove);
  if (dense) {
    constexpr int kCells = 96;
    const auto grid = density(layout.x(), layout.y(), kCells);
    const std::uint32_t top =
        std::max<std::uint32_t>(1, *std::max_element(grid.begin(), grid.end()));
    const float cell = 2 * half / kCells;
    for (int r = 0; r < kCells; ++r) {
      for (int k = 0; k < kCells; ++k) {
        const std::uint32_t v =
            grid[(static_cast<std::size_t>(r) * kCells) + static_cast<std::size_t>(k)];
        if (v == 0) continue;
        const float f = std::sqrt(static_cast<float>(v) / static_cast<float>(top));
        const ImVec2 a(centre.x - half + static_cast<float>(k) * cell,
                       centre.y - half + static_cast<float>(r) * cell);
        dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell),
                          IM_COL32(static_cast<int>(40 + 215 * f), static_cast<int>(60 + 120 * f),
                                   static_cast<int>(160 - 100 * f), 255));
      }
    }
  }
  // Recent interactions, fading with their age: thin lines without the anti-aliased fringe
  // (two triangles each rather than six).
  const ImDrawListFlags line_flags = dl->Flags;
  dl->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex);
  for (const ActionView& a : s.recent) {
    if (a.actor >= n || a.target >= n || a.actor == a.target) continue;
    const double age = s.now_s - a.time_s;
    const auto fade = static_cast<double>(ui.fade_s);
    if (age > fade) continue;
    const float alpha = 1.0F - static_cast<float>(age / fade);
    const ImU32 base = action_colour(a.kind);
    const ImU32 col =
        (base & ~IM_COL32_A_MASK) | (static_cast<ImU32>(30 + 200 * alpha) << IM_COL32_A_SHIFT);
    dl->AddLine(ImVec2(sx[a.actor], sy[a.actor]), ImVec2(sx[a.target], sy[a.target]), col, 1.0F);
  }
  dl->Flags = line_flags;
  // A node's radius in quarter pixels: what the node cache's key hashes, so a balance that moves
  // without changing any drawn size (nearly every trade) does not redraw 10,000 nodes. A running
  // run publishes a new state up to every 15 ms; with the raw balances in the key every frame
  // redrew the cache (docs/performance.md, "Visualizer").
  static thread_local std::vector<std::uint8_t> quarter_px;
  quarter_px.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const float w = i < s.wealth.size() ? std::max(0.0F, s.wealth[i]) : 0.0F;
    const float r = std::clamp(1.2F + 0.9F * std::log10(1.0F + w), 1.2F, 8.0F);
    quarter_px[i] = static_cast<std::uint8_t>(std::lround(r * 4.0F));
  }
  // Squares below 4 pixels (4 vertices each, no anti-aliased fringe), circles above: 10,000
  // agents stay cheap to tessellate and to rasterise with software OpenGL.
  const auto draw_nodes = [&](ImDrawList* to) {
    const ImDrawListFlags flags = to->Flags;
    to->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (std::uint32_t i = 0; i < n; ++i) {
      const float r = static_cast<float>(quarter_px[i]) * 0.25F;
      const ImU32 col = kind_colour(s.kind[i]);
      if (r < 4.0F) {
        to->AddRectFilled(ImVec2(sx[i] - r, sy[i] - r), ImVec2(sx[i] + r, sy[i] + r), col);
      } else {
        to->AddCircleFilled(ImVec2(sx[i], sy[i]), r, col, 8);
      }
      if ((s.flags[i] & Snapshot::kCompromised) != 0) {
        to->AddCircle(ImVec2(sx[i], sy[i]), r + 2, IM_COL32(255, 40, 40, 255), 8, 1.5F);
      }
    }
    to->Flags = flags;
  };
  if (!dense) {
    // The nodes change only with a new state or layout: redrawn into the window's cache then,
    // shown as one image otherwise (software OpenGL rasterises 10,000 squares slowly).
    ImTextureID cached = nullptr;
    if (ui.node_cache) {
      std::uint64_t key = 1469598103934665603ULL;
      const auto mix = [&](const void* p, std::size_t bytes) {
        const auto* b = static_cast<const unsigned char*>(p);
        for (std::size_t k = 0; k < bytes; ++k) key = (key ^ b[k]) * 1099511628211ULL;
      };
      mix(s.kind.data(), s.kind.size() * sizeof(s.kind[0]));
      mix(quarter_px.data(), quarter_px.size());
      mix(s.flags.data(), s.flags.size() * sizeof(s.flags[0]));
      mix(sx.data(), sx.size() * sizeof(float));
      mix(sy.data(), sy.size() * sizeof(float));
      cached = ui.node_cache(key, origin, size, draw_nodes);
    }
    if (cached != nullptr) {
      // Only the tiles of the picture that hold a node: the rest of the texture is transparent,
      // and blending it would cost software OpenGL about half the graph's pixels for nothing.
      constexpr float kTile = 32.0F;
      constexpr float kReach = 4.0F;  // beyond the radius: the compromised ring and its width
      const int tiles_x = std::max(1, static_cast<int>(std::ceil(size.x / kTile)));
      const int tiles_y = std::max(1, static_cast<int>(std::ceil(size.y / kTile)));
      static thread_local std::vector<std::uint8_t> occupied;
      occupied.assign(static_cast<std::size_t>(tiles_x) * static_cast<std::size_t>(tiles_y), 0);
      const auto tile = [](float v, int count) {
        return std::clamp(static_cast<int>(std::floor(v / kTile)), 0, count - 1);
      };
      for (std::uint32_t i = 0; i < n; ++i) {
        const float reach = static_cast<float>(quarter_px[i]) * 0.25F + kReach;
        const int x0 = tile(sx[i] - reach - origin.x, tiles_x);
        const int x1 = tile(sx[i] + reach - origin.x, tiles_x);
        const int y0 = tile(sy[i] - reach - origin.y, tiles_y);
        const int y1 = tile(sy[i] + reach - origin.y, tiles_y);
        for (int y = y0; y <= y1; ++y) {
          for (int x = x0; x <= x1; ++x)
            occupied[(static_cast<std::size_t>(y) * static_cast<std::size_t>(tiles_x)) +
                     static_cast<std::size_t>(x)] = 1;
        }
      }
      // One quad per run of occupied tiles in a row. The texture's first row is the bottom of
      // the picture (OpenGL), so v runs from 1 at the top to 0.
      for (int y = 0; y < tiles_y; ++y) {
        const std::uint8_t* row =
            occupied.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(tiles_x));
        for (int x = 0; x < tiles_x;) {
          if (row[x] == 0) {
            ++x;
            continue;
          }
          int end = x;
          while (end < tiles_x && row[end] != 0) ++end;
          const float ax = static_cast<float>(x) * kTile;
          const float ay = static_cast<float>(y) * kTile;
          const float bx = std::min(size.x, static_cast<float>(end) * kTile);
          const float by = std::min(size.y, static_cast<float>(y + 1) * kTile);
          dl->AddImage(cached, ImVec2(origin.x + ax, origin.y + ay),
                       ImVec2(origin.x + bx, origin.y + by), ImVec2(ax / size.x, 1 - ay / size.y),
                       ImVec2(bx / size.x, 1 - by / size.y));
          x = end;
        }
      }
    } else {
      draw_nodes(dl);
    }
  }
  for (const auto& d : s.pinned) {
    if (d.id < n)
      dl->AddCircle(ImVec2(sx[d.id], sy[d.id]), 10, IM_COL32(255, 255, 255, 255), 12, 2);
  }
  dl->PopClipRect();

  if (hovered) {
    const std::uint32_t h = nearest(sx, sy, ImGui::GetIO().MousePos, 8.0F);
    if (h != kNone) {
      ImGui::SetTooltip("agent %u: %s, %.4g tokens%s", h, kind_name(s.kind[h]),
                        static_cast<double>(s.wealth[h]),
                        (s.flags[h] & Snapshot::kCompromised) != 0 ? ", COMPROMISED" : "");
      if (clicked) select_agent(ui, h);
    }
  }
}

// ---- Metrics --------------------------------------------------------------------------------

struct PlotDef {
  const char* title;
  const char* unit;
  std::vector<const char*> metrics;
  enum Transform { kRaw, kRate, kTokens } transform = kRaw;
};

const std::vector<PlotDef>& plot_defs() {
  static const std::vector<PlotDef> kDefs{
      {"Throughput",
       "per sim s",
       {"events", "actions_applied", "inferences", "rows"},
       PlotDef::kRate},
      {"Rejections",
       "count",
       {"rejected_expired", "rejected_not_yet_valid", "rejected_out_of_scope",
        "rejected_target_not_allowed", "rejected_cap_exceeded", "rejected_revoked",
        "rejected_depth_exceeded", "rejected_insufficient_funds"}},
      {"Exposure", "tokens", {"exposure", "value_taken"}, PlotDef::kTokens},
      {"Prices",
       "quote/token",
       {"pool_price", "reference_price", "book_best_bid", "book_best_ask"}},
      {"Attribution",
       "fraction",
       {"adversarial_share", "reward_share_sybil", "reward_share_poisoner",
        "reward_share_free_rider"}},
      {"Gini", "fraction", {"rewards_gini", "graph_largest_share"}},
  };
  return kDefs;
}

void derive(const Snapshot& s, UiState& ui) {
  if (ui.derived_serial == s.serial) return;
  ui.derived_serial = s.serial;
  const bool replay = s.replay && !s.recorded_time_s.empty();
  const auto& time = replay ? s.recorded_time_s : s.sample_time_s;
  const auto& cols = replay ? s.recorded : s.columns;
  for (const auto& p : plot_defs()) {
    for (const char* m : p.metrics) {
      const auto c = column(cols, m);
      auto& out = ui.derived[std::string(p.title) + "/" + m];
      if (p.transform == PlotDef::kRate) {
        out = rate_of(time, c);
      } else if (p.transform == PlotDef::kTokens) {
        out.assign(c.begin(), c.end());
        for (auto& v : out) v /= s.unit;
      } else {
        out.assign(c.begin(), c.end());
      }
    }
  }
}

void draw_metrics(const Snapshot& s, UiState& ui) {
  derive(s, ui);
  const bool replay = s.replay && !s.recorded_time_s.empty();
  if (!ImGui::BeginTabBar("plots")) return;
  for (const auto& p : plot_defs()) {
    if (!ImGui::BeginTabItem(p.title)) continue;
    Plot plot;
    plot.title = p.title;
    plot.y_unit = p.unit;
    plot.x = replay ? s.recorded_time_s : s.sample_time_s;
    plot.cursor_x = replay ? s.now_s : -1;
    for (std::size_t i = 0; i < p.metrics.size(); ++i) {
      const auto& y = ui.derived[std::string(p.title) + "/" + p.metrics[i]];
      if (y.empty() && !plot.x.empty()) continue;  // a metric this build does not record
      plot.series.push_back(Series{p.metrics[i], y, kSeriesColours[i % kSeriesColours.size()]});
    }
    (void)draw_plot(plot, ui.shown[p.title],
                    std::max(80.0F, ImGui::GetContentRegionAvail().y - 40));
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

// ---- Inspectors -----------------------------------------------------------------------------

void action_row(const ActionView& a) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::Text("%.0f", a.time_s);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(action_name(a.kind).data(),
                         action_name(a.kind).data() + action_name(a.kind).size());
  ImGui::TableNextColumn();
  const auto reason = reason_name(a.reason);
  ImGui::TextUnformatted(reason.data(), reason.data() + reason.size());
  ImGui::TableNextColumn();
  ImGui::Text("%u -> %u", a.actor, a.target);
  ImGui::TableNextColumn();
  ImGui::Text("%lld", static_cast<long long>(a.amount));
}

void action_table(const char* id, const std::vector<const ActionView*>& rows) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id, 5, kFlags)) return;
  ImGui::TableSetupColumn("t [s]");
  ImGui::TableSetupColumn("action");
  ImGui::TableSetupColumn("result");
  ImGui::TableSetupColumn("actor -> target");
  ImGui::TableSetupColumn("amount [base]");
  ImGui::TableHeadersRow();
  for (const auto* a : rows) action_row(*a);
  ImGui::EndTable();
}

void draw_agents(const Snapshot& s, UiState& ui) {
  static int pick = 0;
  ImGui::SetNextItemWidth(100);
  ImGui::InputInt("agent id", &pick);
  ImGui::SameLine();
  if (ImGui::Button("Pin") && pick >= 0 && static_cast<std::size_t>(pick) < s.kind.size()) {
    select_agent(ui, static_cast<std::uint32_t>(pick));
  }
  ImGui::SameLine();
  if (ImGui::Button("Clear")) ui.request.pinned.clear();
  if (s.pinned.empty()) ImGui::TextDisabled("Click an agent in the graph to pin it here.");
  std::uint32_t unpin = kNone;
  for (const auto& d : s.pinned) {
    ImGui::PushID(static_cast<int>(d.id));
    ImGui::PushStyleColor(ImGuiCol_Text, kind_colour(d.kind));
    const bool open =
        ImGui::CollapsingHeader(fmt::format("agent {} ({}{}){}", d.id, kind_name(d.kind),
                                            d.kind == 2 && d.role < kRoleNames.size()
                                                ? fmt::format(", {}", kRoleNames[d.role])
                                                : "",
                                            d.compromised ? " COMPROMISED" : "")
                                    .c_str(),
                                d.id == ui.selected ? ImGuiTreeNodeFlags_DefaultOpen : 0);
    ImGui::PopStyleColor();
    if (open) {
      ImGui::Text("liquid %.6g  staked %.6g  locked %.6g tokens", tokens(d.liquid, s),
                  tokens(d.staked, s), tokens(d.locked, s));
      ImGui::Text("quote %.6g  final rewards %.6g tokens", tokens(d.quote, s),
                  tokens(d.rewards_final, s));
      if (ImGui::SmallButton("Unpin")) unpin = d.id;
      std::vector<const ActionView*> rows;
      for (auto it = d.history.rbegin(); it != d.history.rend() && rows.size() < 12; ++it) {
        rows.push_back(&*it);
      }
      action_table("history", rows);
    }
    ImGui::PopID();
  }
  if (unpin != kNone) std::erase(ui.request.pinned, unpin);
}

void draw_sessions(const Snapshot& s, UiState& ui) {
  if (s.principal == kNone) {
    ImGui::TextDisabled("Select a principal or an ai agent to see its delegation tree.");
    return;
  }
  ImGui::Text("principal %u: %zu sessions", s.principal, s.sessions.size());
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_SizingStretchProp;
  const float table_h = ui.session == kNone ? -1.0F : ImGui::GetContentRegionAvail().y * 0.5F;
  if (ImGui::BeginTable("tree", 6, kFlags, ImVec2(0, table_h))) {
    ImGui::TableSetupColumn("session (delegate)");
    ImGui::TableSetupColumn("left [tok]");
    ImGui::TableSetupColumn("spent [tok]");
    ImGui::TableSetupColumn("calls");
    ImGui::TableSetupColumn("expires [min]");
    ImGui::TableSetupColumn("state");
    ImGui::TableHeadersRow();
    for (const auto& v : s.sessions) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Indent(static_cast<float>(v.depth) * 12.0F);
      if (ImGui::Selectable(fmt::format("{:x} ({})", v.id, v.delegate).c_str(), ui.session == v.id,
                            ImGuiSelectableFlags_SpanAllColumns)) {
        ui.session = ui.session == v.id ? kNone : v.id;
      }
      ImGui::Unindent(static_cast<float>(v.depth) * 12.0F);
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", tokens(v.headroom, s));
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", tokens(v.spent, s));
      ImGui::TableNextColumn();
      ImGui::Text("%llu", static_cast<unsigned long long>(v.calls));
      ImGui::TableNextColumn();
      ImGui::Text("%.1f", v.expires_in_s / 60.0);
      ImGui::TableNextColumn();
      ImGui::TextColored(v.revoked ? ImVec4(1, 0.4F, 0.4F, 1)
                         : v.live  ? ImVec4(0.4F, 1, 0.5F, 1)
                                   : ImVec4(0.6F, 0.6F, 0.6F, 1),
                         "%s", v.revoked ? "revoked" : (v.live ? "live" : "expired"));
    }
    ImGui::EndTable();
  }
  if (ui.session != kNone) {
    ImGui::Text("actions under session %x (recent):", ui.session);
    std::vector<const ActionView*> rows;
    for (auto it = s.recent.rbegin(); it != s.recent.rend() && rows.size() < 30; ++it) {
      if (it->session == ui.session) rows.push_back(&*it);
    }
    action_table("under", rows);
  }
}

// ---- Market, attribution, settlement --------------------------------------------------------

void bar(const char* label, double value, double top, ImU32 colour) {
  const float f = top > 0 ? static_cast<float>(std::clamp(value / top, 0.0, 1.0)) : 0.0F;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = ImGui::GetTextLineHeight();
  dl->AddRectFilled(p, ImVec2(p.x + w * f, p.y + h), colour);
  ImGui::Text("%s %.4g", label, value);
}

void draw_market(const Snapshot& s) {
  if (s.has_amm) {
    ImGui::Text("pool price %.5g", s.pool_price);
    ImGui::Text("reserves %.4g tok / %.4g quote", tokens(s.pool_token, s), tokens(s.pool_quote, s));
  }
  ImGui::Text("reference %.5g", s.reference_price);
  if (!s.has_book) return;
  ImGui::Separator();
  ImGui::TextUnformatted("order book depth [tokens]");
  double top = 0;
  for (const auto& l : s.bids) top = std::max(top, tokens(l.quantity, s));
  for (const auto& l : s.asks) top = std::max(top, tokens(l.quantity, s));
  for (auto it = s.asks.rbegin(); it != s.asks.rend(); ++it) {
    bar(fmt::format("ask {:.5g}", it->price).c_str(), tokens(it->quantity, s), top,
        IM_COL32(200, 70, 60, 200));
  }
  for (const auto& l : s.bids) {
    bar(fmt::format("bid {:.5g}", l.price).c_str(), tokens(l.quantity, s), top,
        IM_COL32(40, 170, 90, 200));
  }
}

void draw_attribution(const Snapshot& s) {
  ImGui::TextUnformatted("final rewards by role [tokens]");
  double top = 0;
  for (const auto r : s.rewards_by_role) top = std::max(top, tokens(r, s));
  for (std::size_t i = 0; i < s.rewards_by_role.size(); ++i) {
    bar(kRoleNames[i], tokens(s.rewards_by_role[i], s), top,
        i == 0 ? IM_COL32(0, 158, 115, 220) : IM_COL32(213, 94, 0, 220));
  }
  const auto share = column(s.columns, "adversarial_share");
  if (!share.empty()) ImGui::Text("adversarial share %.3f", share.back());
  ImGui::Text("validators' stake %.6g tokens", tokens(s.validator_stake, s));
}

void draw_settlement(const Snapshot& s) {
  const double all = static_cast<double>(s.batches_pending + s.batches_final);
  bar("pending", static_cast<double>(s.batches_pending), all, IM_COL32(240, 228, 66, 200));
  bar("final", static_cast<double>(s.batches_final), all, IM_COL32(0, 158, 115, 200));
  bar("reverted", static_cast<double>(s.batches_reverted), all, IM_COL32(213, 94, 0, 200));
  ImGui::Text("held %.6g tokens", tokens(s.amount_pending, s));
}

}  // namespace

std::span<const char* const> panel_names() { return kPanels; }

PanelRects panel_rect(const char* name, ImVec2 d) {
  const float top = 70.0F;
  const float split = std::floor(d.y * 0.6F);
  const float low = d.y - split;
  const std::string_view n = name;
  if (n == "Run") return {ImVec2(0, 0), ImVec2(d.x, top)};
  if (n == "Interaction graph") return {ImVec2(0, top), ImVec2(d.x * 0.5F, split - top)};
  if (n == "Metrics") return {ImVec2(d.x * 0.5F, top), ImVec2(d.x * 0.5F, split - top)};
  if (n == "Agents") return {ImVec2(0, split), ImVec2(d.x * 0.3F, low)};
  if (n == "Sessions") return {ImVec2(d.x * 0.3F, split), ImVec2(d.x * 0.28F, low)};
  if (n == "Market") return {ImVec2(d.x * 0.58F, split), ImVec2(d.x * 0.14F, low)};
  if (n == "Attribution") return {ImVec2(d.x * 0.72F, split), ImVec2(d.x * 0.14F, low)};
  return {ImVec2(d.x * 0.86F, split), ImVec2(d.x * 0.14F, low)};
}

ImU32 kind_colour(std::uint8_t kind) {
  return kind < kKindColours.size() ? kKindColours[kind] : IM_COL32(200, 200, 200, 255);
}

const char* kind_name(std::uint8_t kind) {
  return kind < kKindNames.size() ? kKindNames[kind] : "?";
}

std::vector<double> rate_of(std::span<const double> t, std::span<const double> c) {
  std::vector<double> out(std::min(t.size(), c.size()), 0.0);
  for (std::size_t i = 1; i < out.size(); ++i) {
    const double dt = t[i] - t[i - 1];
    out[i] = dt > 0 ? (c[i] - c[i - 1]) / dt : 0.0;
  }
  return out;
}

std::uint32_t nearest(std::span<const float> x, std::span<const float> y, ImVec2 p, float radius) {
  std::uint32_t best = kNone;
  float best_d = radius * radius;
  for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    const float dx = x[i] - p.x;
    const float dy = y[i] - p.y;
    const float d = dx * dx + dy * dy;
    if (d <= best_d) {
      best_d = d;
      best = static_cast<std::uint32_t>(i);
    }
  }
  return best;
}

std::vector<std::uint32_t> density(std::span<const float> x, std::span<const float> y, int cells) {
  std::vector<std::uint32_t> grid(static_cast<std::size_t>(cells * cells), 0);
  for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    const int k = std::clamp(static_cast<int>((x[i] + 1.0F) / 2.0F * static_cast<float>(cells)), 0,
                             cells - 1);
    const int r = std::clamp(static_cast<int>((y[i] + 1.0F) / 2.0F * static_cast<float>(cells)), 0,
                             cells - 1);
    ++grid[(static_cast<std::size_t>(r) * static_cast<std::size_t>(cells)) +
           static_cast<std::size_t>(k)];
  }
  return grid;
}

void select_agent(UiState& ui, std::uint32_t id) {
  ui.selected = id;
  auto& pins = ui.request.pinned;
  if (std::find(pins.begin(), pins.end(), id) == pins.end()) {
    pins.push_back(id);
    if (pins.size() > kMaxPinned) pins.erase(pins.begin());
  }
  ui.request.principal = id;  // the snapshot resolves an ai agent to its principal
  ui.session = kNone;
}

void draw_ui(const Snapshot& s, UiState& ui, Controls& controls, const Layout& layout,
             ImVec2 display) {
  begin_panel("Run", display);
  draw_controls(s, ui, controls);
  ImGui::End();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(12, 14, 20, 255));  // the canvas colour
  begin_panel("Interaction graph", display);
  ImGui::PopStyleColor();
  draw_graph(s, ui, layout);
  ImGui::End();
  begin_panel("Metrics", display);
  draw_metrics(s, ui);
  ImGui::End();
  begin_panel("Agents", display);
  draw_agents(s, ui);
  ImGui::End();
  begin_panel("Sessions", display);
  draw_sessions(s, ui);
  ImGui::End();
  begin_panel("Market", display);
  draw_market(s);
  ImGui::End();
  begin_panel("Attribution", display);
  draw_attribution(s);
  ImGui::End();
  begin_panel("Settlement", display);
  draw_settlement(s);
  ImGui::End();
  controls.set_request(ui.request);
}

}  // namespace coordsim::viz
