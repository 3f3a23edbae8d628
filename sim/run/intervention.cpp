#include "run/intervention.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>

#include "io/error.hpp"
#include "io/reader.hpp"
#include "scenario/load.hpp"

namespace coordsim::run {

using kernel::SimTime;

namespace {

// One line of canonical YAML: where its text starts, where its key starts (after "- " for the
// first key of a list item) and the text from the key on.
struct Line {
  std::size_t lead = 0;
  std::size_t key_lead = 0;
  bool item = false;
  std::string_view text;
};

std::vector<Line> lines_of(std::string_view yaml) {
  std::vector<Line> out;
  std::size_t from = 0;
  while (from < yaml.size()) {
    const auto eol = std::min(yaml.find('\n', from), yaml.size());
    std::string_view line = yaml.substr(from, eol - from);
    from = eol + 1;
    const auto lead = line.find_first_not_of(' ');
    if (lead == std::string_view::npos || line[lead] == '#') continue;
    Line l;
    l.lead = lead;
    l.text = line.substr(lead);
    if (l.text.starts_with("- ")) {
      l.item = true;
      l.text.remove_prefix(2);
      const auto more = l.text.find_first_not_of(' ');
      if (more == std::string_view::npos) continue;
      l.text.remove_prefix(more);
      l.key_lead = lead + 2 + more;
    } else {
      l.key_lead = lead;
    }
    out.push_back(l);
  }
  return out;
}

// A key path split into names and list indices: "population[3].price" -> population, [3], price.
struct Segment {
  std::string name;  // empty for an index
  std::size_t index = 0;
};

std::optional<std::vector<Segment>> segments_of(std::string_view key) {
  std::vector<Segment> out;
  while (!key.empty()) {
    if (key.front() == '[') {
      const auto close = key.find(']');
      if (close == std::string_view::npos || out.empty()) return std::nullopt;
      std::size_t index = 0;
      const auto digits = key.substr(1, close - 1);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty()) {
        return std::nullopt;
      }
      out.push_back({"", index});
      key.remove_prefix(close + 1);
      if (!key.empty() && key.front() == '.') key.remove_prefix(1);
      continue;
    }
    const auto stop = key.find_first_of(".[");
    const auto name = key.substr(0, stop);
    if (name.empty()) return std::nullopt;
    out.push_back({std::string(name), 0});
    key = stop == std::string_view::npos ? std::string_view() : key.substr(stop);
    if (!key.empty() && key.front() == '.') {
      key.remove_prefix(1);
      if (key.empty()) return std::nullopt;
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string trimmed(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return std::string(v);
}

}  // namespace

std::string resolved_value(std::string_view yaml, std::string_view key) {
  const auto segments = segments_of(key);
  if (!segments) return {};
  const std::vector<Line> lines = lines_of(yaml);
  // The block being searched: lines [begin, end), its keys at indentation `level`.
  std::size_t begin = 0;
  std::size_t end = lines.size();
  std::size_t level = 0;
  for (std::size_t s = 0; s < segments->size(); ++s) {
    const Segment& seg = (*segments)[s];
    const bool last = s + 1 == segments->size();
    std::size_t found = end;
    if (seg.name.empty()) {
      // The index-th list item at this level; its keys are two further in.
      std::size_t seen = 0;
      for (std::size_t i = begin; i < end; ++i) {
        if (lines[i].item && lines[i].lead == level && seen++ == seg.index) {
          found = i;
          break;
        }
      }
      if (found == end || last) return {};
      std::size_t stop = found + 1;
      while (stop < end && lines[stop].lead > level) ++stop;
      // The item's first key shares the "- " line; the others are indented to match it.
      begin = found;
      end = stop;
      level = lines[found].key_lead;
      continue;
    }
    const std::string want = seg.name + ":";
    for (std::size_t i = begin; i < end; ++i) {
      if (lines[i].key_lead == level && lines[i].text.starts_with(want)) {
        found = i;
        break;
      }
    }
    if (found == end) return {};
    if (last) return trimmed(lines[found].text.substr(want.size()));
    std::size_t stop = found + 1;
    while (stop < end && lines[stop].lead > lines[found].key_lead) ++stop;
    begin = found + 1;
    end = stop;
    if (begin == end) return {};
    level = lines[begin].lead;
  }
  return {};
}

std::string knob_refusal(std::string_view key) {
  const auto segments = segments_of(key);
  const std::string why =
      "only single values under incentives., sessions. and adversaries., and a population "
      "group's behaviour (population[N].KEY but not count, kind or name) can change during a run";
  if (!segments) return fmt::format("`{}` is not a key path; {}", key, why);
  const auto& first = segments->front().name;
  if (first == "incentives" || first == "sessions" || first == "adversaries") {
    if (segments->size() >= 2) return {};
    return fmt::format("`{}` is a whole section, not one knob; {}", key, why);
  }
  if (first == "population" && segments->size() >= 3 && (*segments)[1].name.empty() &&
      !(*segments)[2].name.empty()) {
    const auto& field = (*segments)[2].name;
    if (field == "count" || field == "kind" || field == "name") {
      return fmt::format("`{}` decides which agents exist, which a running world cannot change; {}",
                         key, why);
    }
    return {};
  }
  return fmt::format("`{}` is not a knob; {}", key, why);
}

AppliedKnob apply_knob(const scenario::Spec& spec, SimTime time, const std::string& key,
                       const std::string& value) {
  if (const std::string why = knob_refusal(key); !why.empty()) {
    throw InterventionError(fmt::format("intervention {}: {}", key, why));
  }
  // The loader first: an unknown key gets its "did you mean", a bad value the expected range.
  scenario::Spec next = scenario::load_string(spec.yaml(), spec->name, {key + "=" + value});
  std::string old_value = resolved_value(spec.yaml(), key);
  std::string new_value = resolved_value(next.yaml(), key);
  if (old_value.empty() || new_value.empty()) {
    throw InterventionError(fmt::format(
        "intervention {}: not a single value (a whole section or list); set one key in it", key));
  }
  return AppliedKnob{std::move(next), Intervention{time, key, old_value, std::move(new_value)}};
}

scenario::Spec apply_due(scenario::Spec spec, const std::vector<Intervention>& list,
                         std::size_t& next, SimTime at, std::vector<Intervention>& applied) {
  for (; next < list.size() && list[next].time == at; ++next) {
    AppliedKnob k = apply_knob(spec, at, list[next].key, list[next].new_value);
    spec = std::move(k.spec);
    applied.push_back(std::move(k.change));
  }
  return spec;
}

std::vector<io::TableColumn> intervention_table(const std::vector<Intervention>& list,
                                                double tick_seconds) {
  std::vector<std::uint64_t> time;
  std::vector<double> time_s;
  std::vector<std::string> key;
  std::vector<std::string> old_value;
  std::vector<std::string> new_value;
  for (const auto& i : list) {
    time.push_back(i.time.ticks());
    time_s.push_back(static_cast<double>(i.time.ticks()) * tick_seconds);
    key.push_back(i.key);
    old_value.push_back(i.old_value);
    new_value.push_back(i.new_value);
  }
  std::vector<io::TableColumn> t;
  t.push_back({"time", "ticks",
               "sample time after which the change applies (before any later event)",
               std::move(time)});
  t.push_back({"time_s", "s", "the same time in simulated seconds", std::move(time_s)});
  t.push_back({"key", "", "scenario key path, as --set takes it", std::move(key)});
  t.push_back(
      {"old_value", "", "value before, as the resolved scenario writes it", std::move(old_value)});
  t.push_back({"new_value", "",
               "value after, as the resolved scenario writes it (replayed as "
               "--set key=new_value)",
               std::move(new_value)});
  return t;
}

std::vector<Intervention> read_interventions(const std::filesystem::path& path,
                                             io::Unsealed unsealed) {
  std::vector<io::TableColumn> columns;
  try {
    // A run in which nobody changed a knob has no table: nothing to apply.
    const auto tables = io::inspect(path, unsealed).tables;
    if (std::none_of(tables.begin(), tables.end(),
                     [](const io::TableSummary& t) { return t.path == "/interventions"; })) {
      return {};
    }
    columns = io::read_table(path, "/interventions", unsealed);
  } catch (const io::IoError& e) {
    throw InterventionError(fmt::format(
        "--interventions {}: cannot read an /interventions table ({}); give a run file written "
        "by coordsim-viz -o or by coordsim run --interventions",
        path.string(), e.what()));
  }
  const auto column = [&](const std::string& name) -> const io::ColumnValues& {
    for (const auto& c : columns) {
      if (c.name == name) return c.values;
    }
    throw InterventionError(
        fmt::format("--interventions {}: /interventions has no `{}` column", path.string(), name));
  };
  const auto* time = std::get_if<std::vector<std::uint64_t>>(&column("time"));
  const auto* key = std::get_if<std::vector<std::string>>(&column("key"));
  const auto* old_value = std::get_if<std::vector<std::string>>(&column("old_value"));
  const auto* new_value = std::get_if<std::vector<std::string>>(&column("new_value"));
  if (time == nullptr || key == nullptr || old_value == nullptr || new_value == nullptr) {
    throw InterventionError(fmt::format(
        "--interventions {}: /interventions columns have the wrong types (time: unsigned ticks; "
        "key, old_value, new_value: text)",
        path.string()));
  }
  std::vector<Intervention> out;
  for (std::size_t i = 0; i < time->size(); ++i) {
    out.push_back(Intervention{SimTime{(*time)[i]}, (*key)[i], (*old_value)[i], (*new_value)[i]});
  }
  return out;
}

void check_interventions(const scenario::Spec& spec, const std::vector<Intervention>& list,
                         const std::string& source) {
  const auto& sd = spec.data();
  const auto interval = std::max<std::int64_t>(1, sd.ticks(sd.output.sample_interval).ticks());
  const auto end = static_cast<std::uint64_t>(sd.ticks(sd.duration).ticks());
  scenario::Spec current = spec;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Intervention& x = list[i];
    const std::string where =
        fmt::format("{}: intervention {} ({} at t={} ticks)", source, i + 1, x.key, x.time.ticks());
    if (i > 0 && x.time < list[i - 1].time) {
      throw InterventionError(where + ": the times go backwards");
    }
    const std::uint64_t t = x.time.ticks();
    if (t > end || (t != end && t % static_cast<std::uint64_t>(interval) != 0)) {
      throw InterventionError(fmt::format(
          "{}: not a sample time of this scenario (0, a multiple of {} ticks, or the end {}); "
          "interventions apply only at sample boundaries",
          where, interval, end));
    }
    if (x.new_value.empty()) throw InterventionError(where + ": no new value");
    try {
      current = apply_knob(current, x.time, x.key, x.new_value).spec;
    } catch (const InterventionError& e) {
      throw InterventionError(fmt::format("{}: {}", source, e.what()));
    } catch (const std::exception& e) {
      throw InterventionError(fmt::format("{}: the scenario refuses it: {}", where, e.what()));
    }
  }
}

}  // namespace coordsim::run
