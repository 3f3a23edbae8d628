#pragma once
// The helpers of the verify tests: verify into a string, and the fixtures that run a reference
// file and edit one field of one row of a copy (h5py through /usr/bin/python3), sealed again.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "../run/checkpoint_support.hpp"
#include "io/reader.hpp"
#include "io/seal.hpp"
#include "verify/verify.hpp"

namespace coordsim::verify::test {

namespace fs = std::filesystem;
using run::test::Case;

struct Result {
  Outcome outcome;
  std::string text;
};

inline Result check(const fs::path& file) {
  std::ostringstream out;
  const Outcome o = verify(file, out);
  return {o, out.str()};
}

inline Case with_events(Case c) {
  c.overrides.emplace_back("output.events.enabled=true");
  return c;
}

class Edited : public ::testing::Test {
 protected:
  // Each test runs its own reference (a few tenths of a second): a ScratchDir needs a running test.
  void SetUp() override {
    Case c = with_events(run::test::quickstart(2));
    for (const auto& o : extra_overrides()) c.overrides.push_back(o);
    (void)run::test::run_full(run::test::load(c), *file_, 1);
  }
  [[nodiscard]] virtual std::vector<std::string> extra_overrides() const { return {}; }
  /// A copy of the reference with `field` of row `row` set to `value` (h5py), sealed again as a
  /// deliberate forger would: the seal catches damage, the replay must catch the edit itself.
  fs::path edited(const std::string& field, std::uint64_t row, std::int64_t value) {
    fs::path copy = edited_unsealed(field, row, value);
    io::seal(copy);
    return copy;
  }
  /// The edited copy as h5py leaves it: its bytes no longer match the seal.
  fs::path edited_unsealed(const std::string& field, std::uint64_t row, std::int64_t value) {
    const fs::path copy = dir_ / fmt::format("edit-{}-{}.h5", field, row);
    fs::copy_file(*file_, copy, fs::copy_options::overwrite_existing);
    const std::string cmd = fmt::format(
        "/usr/bin/python3 -c \"import h5py; f = h5py.File('{}', 'r+'); d = f['events']; "
        "r = d[{}]; r['{}'] = {}; d[{}] = r; f.close()\"",
        copy.string(), row, field, value, row);
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return copy;
  }
  /// A copy with `python` (h5py statements on an open file `f`) applied, sealed again.
  fs::path edited_with(const std::string& name, const std::string& python) {
    const fs::path copy = dir_ / fmt::format("edit-{}.h5", name);
    fs::copy_file(*file_, copy, fs::copy_options::overwrite_existing);
    const std::string cmd = fmt::format(
        "/usr/bin/python3 -c \"import h5py, numpy as np; f = h5py.File('{}', 'r+'); "
        "{}; f.close()\"",
        copy.string(), python);
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    io::seal(copy);
    return copy;
  }
  static std::uint16_t code(const std::vector<std::string>& names, const std::string& name) {
    return static_cast<std::uint16_t>(std::find(names.begin(), names.end(), name) - names.begin());
  }
  /// Verify fails at exactly `row` with exit 3.
  static void expect_diverges_at(const fs::path& file, std::uint64_t row) {
    const Result r = check(file);
    EXPECT_EQ(r.outcome, Outcome::kDivergence) << r.text;
    EXPECT_NE(r.text.find(fmt::format("at event row {}:", row)), std::string::npos) << r.text;
  }
  test_support::ScratchDir dir_;
  fs::path reference_ = dir_ / "reference.h5";
  const fs::path* file_ = &reference_;
};

// The reference above with what the new checks need: one listed target per kind (rejections
// TARGET_NOT_ALLOWED), sub-delegations (depth 1 and deeper), principals too poor for many actions
// (INSUFFICIENT_FUNDS).
class EditedScope : public Edited {
 protected:
  [[nodiscard]] std::vector<std::string> extra_overrides() const override {
    return {"population[0].scope_targets=1", "population[1].subdelegate_probability=0.3",
            "population[0].endowment=20", "duration=6h"};
  }
  struct Reasons {
    std::vector<io::EventRecord> ev;
    io::EventNames names;
    std::uint16_t kind(const char* n) const { return code(names.kinds, n); }
    std::uint16_t reason(const char* n) const { return code(names.reasons, n); }
    bool action(const io::EventRecord& e) const {
      return e.kind == kind("transfer") || e.kind == kind("swap") || e.kind == kind("infer") ||
             e.kind == kind("drain");
    }
  };
  Reasons load() const { return {io::read_events(*file_), io::read_event_names(*file_)}; }
  static std::vector<std::uint64_t> column(const fs::path& f, const char* table, const char* name) {
    for (const auto& c : io::read_table(f, table))
      if (c.name == name) return std::get<std::vector<std::uint64_t>>(c.values);
    ADD_FAILURE() << table << " has no column " << name;
    return {};
  }
};

// The divergence row verify names ("at event row N:"), or 2^64-1 for none.
inline std::uint64_t divergence_row(const std::string& text) {
  const auto at = text.find("at event row ");
  if (at == std::string::npos) return ~std::uint64_t{0};
  return std::stoull(text.substr(at + 13));
}

}  // namespace coordsim::verify::test
