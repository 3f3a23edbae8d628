// extends: chains and --set overrides.
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace coordsim::scenario {
namespace {

using testing::errors_of;
using testing::file_errors_of;
using testing::find;
using testing::kMinimal;
using testing::ScratchDir;

constexpr std::string_view kBase = R"(name: base
seed: 7
sessions:
  default_ttl: 30m
  max_ttl: 2h
  caps: {total: 40, per_period: 20}
population:
  - {kind: ai_agent, count: 10}
  - {kind: contributor, count: 5}
output: {snapshots: [1h, 2h]}
)";

TEST(Extends, MapsMergeKeyByKeyListsReplace) {
  const ScratchDir dir;
  dir.write("base.yaml", kBase);
  const auto child = dir.write("child.yaml", R"(extends: base.yaml
name: child
sessions:
  max_ttl: 4h
  caps: {total: 80}
population:
  - {kind: ai_agent, count: 3}
output: {snapshots: [3h]}
)");
  const Spec s = load_file(child);
  EXPECT_EQ(s->name, "child");
  EXPECT_EQ(s->seed, 7u);                                     // inherited
  EXPECT_EQ(s->sessions.default_ttl, Micros{1'800'000'000});  // inherited inside a merged map
  EXPECT_EQ(s->sessions.max_ttl, Micros{4 * 3'600'000'000LL});
  EXPECT_EQ(s->sessions.caps.total, Amount{80'000'000});
  EXPECT_EQ(s->sessions.caps.per_period, Amount{20'000'000});  // merged two levels down
  ASSERT_EQ(s->population.size(), 1u);                         // the list was replaced whole
  EXPECT_EQ(s->population[0].count, 3);
  ASSERT_EQ(s->output.snapshots.size(), 1u);
  // The resolved text has no `extends` and stands alone.
  EXPECT_EQ(to_yaml(s).find("extends"), std::string::npos);
  EXPECT_EQ(load_string(to_yaml(s), "flat.yaml"), s);
}

TEST(Extends, ChainsResolveRelativeToEachFile) {
  const ScratchDir dir;
  dir.write("lib/base.yaml", kBase);
  dir.write("lib/middle.yaml", "extends: base.yaml\nseed: 8\n");
  const auto top = dir.write("runs/top.yaml", "extends: ../lib/middle.yaml\nname: top\n");
  const Spec s = load_file(top);
  EXPECT_EQ(s->name, "top");
  EXPECT_EQ(s->seed, 8u);
  EXPECT_EQ(s->total_agents(), 15);
}

TEST(Extends, CyclesAreDetected) {
  const ScratchDir dir;
  dir.write("a.yaml", "extends: b.yaml\nname: a\n");
  dir.write("b.yaml", "extends: a.yaml\nname: b\n");
  const auto ds = file_errors_of(dir.path() / "a.yaml");
  const Diagnostic* d = find(ds, "`extends` cycle: a.yaml -> b.yaml -> a.yaml");
  ASSERT_NE(d, nullptr) << testing::dump(ds);
  EXPECT_EQ(d->path, "extends");
  EXPECT_EQ(d->line, 1);
  const auto self = dir.write("self.yaml", "extends: ./self.yaml\nname: s\n");
  EXPECT_NE(find(file_errors_of(self), "cycle"), nullptr);
}

TEST(Extends, BadBaseIsReportedWhereItIsNamed) {
  const ScratchDir dir;
  const auto child = dir.write("child.yaml", "name: c\nextends: nowhere.yaml\n");
  const auto ds = file_errors_of(child);
  ASSERT_EQ(ds.size(), 1u) << testing::dump(ds);
  EXPECT_EQ(ds[0].line, 2);
  EXPECT_EQ(ds[0].path, "extends");
  EXPECT_NE(ds[0].message.find("no such file"), std::string::npos);
  // Errors inside the base name the base file.
  dir.write("broken.yaml", "name: b\nseed: [\n");
  const auto child2 = dir.write("child2.yaml", "extends: broken.yaml\n");
  const auto ds2 = file_errors_of(child2);
  ASSERT_FALSE(ds2.empty());
  EXPECT_NE(ds2[0].file.find("broken.yaml"), std::string::npos) << testing::dump(ds2);
  EXPECT_NE(find(errors_of("name: x\nextends: [a, b]\n"), "the path of a base scenario file"),
            nullptr);
}

TEST(Extends, ValidationErrorsPointIntoTheRightFile) {
  const ScratchDir dir;
  dir.write("base.yaml", "name: b\nseed: -3\npopulation: [{kind: ai_agent, count: 1}]\n");
  const auto child = dir.write("child.yaml", "extends: base.yaml\nduration: 5\n");
  const auto ds = file_errors_of(child);
  ASSERT_EQ(ds.size(), 2u) << testing::dump(ds);
  EXPECT_NE(ds[0].file.find("child.yaml"), std::string::npos);
  EXPECT_EQ(ds[0].path, "duration");
  EXPECT_NE(ds[1].file.find("base.yaml"), std::string::npos);
  EXPECT_EQ(ds[1].path, "seed");
  EXPECT_EQ(ds[1].line, 2);
}

TEST(Overrides, SetScalarsListItemsAndWholeValues) {
  const Spec s = load_string(kBase, "base.yaml",
                             {"seed=42", "population[1].count=5000", "sessions.caps.total=22.5",
                              "output.events.kinds=[swap, infer]", "adversaries.sybil.fraction=20%",
                              "description=", "market.reference={model: constant}"});
  EXPECT_EQ(s->seed, 42u);
  EXPECT_EQ(s->population[1].count, 5000);
  EXPECT_EQ(s->sessions.caps.total, Amount{22'500'000});
  EXPECT_EQ(s->output.events.kinds, (std::vector<std::string>{"swap", "infer"}));
  EXPECT_DOUBLE_EQ(s->adversaries.sybil.fraction, 0.2);
  EXPECT_EQ(s->description, "");
  EXPECT_EQ(s->market.reference.model, ReferenceModel::kConstant);
  // Later overrides win.
  EXPECT_EQ(load_string(kBase, "b.yaml", {"seed=1", "seed=2"})->seed, 2u);
}

TEST(Overrides, BadOverridesAreDiagnostics) {
  const auto bad = [](std::string o) { return errors_of(kBase, {std::move(o)}); };
  const auto oob = bad("population[9].count=1");
  const Diagnostic* d = find(oob, "index 9 is out of range: `population` has 2 items");
  ASSERT_NE(d, nullptr) << testing::dump(oob);
  EXPECT_EQ(d->file, "--set population[9].count=1");
  EXPECT_EQ(d->line, 0);
  EXPECT_NE(find(bad("sesions.max_ttl=1h"), "did you mean `sessions`?"), nullptr);
  EXPECT_NE(find(bad("sessions.max_tll=1h"), "did you mean `max_ttl`?"), nullptr);
  EXPECT_NE(find(bad("noequals"), "no `=`"), nullptr);
  EXPECT_NE(find(bad("a..b=1"), "bad key path"), nullptr);
  EXPECT_NE(find(bad("population[x].count=1"), "bad key path"), nullptr);
  EXPECT_NE(find(bad("seed.x=1"), "cannot set `x` inside `7`"), nullptr);
  EXPECT_NE(find(bad("sessions[0]=1"), "not a list"), nullptr);
  EXPECT_NE(find(bad("output.snapshots[5]=1h"), "out of range"), nullptr);
  const auto typed = bad("seed=abc");
  const Diagnostic* t = find(typed, "found `abc`");
  ASSERT_NE(t, nullptr) << testing::dump(typed);
  EXPECT_EQ(t->file, "--set seed=abc");
  EXPECT_EQ(t->path, "seed");
  EXPECT_NE(find(bad("seed=[1"), "YAML syntax error"), nullptr);
  // Every bad override and every bad key of the file are reported together.
  const auto many = errors_of("name: x\nsed: 1\npopulation: [{kind: ai_agent, count: 1}]\n",
                              {"tick=fast", "population[3].count=1"});
  EXPECT_EQ(many.size(), 3u) << testing::dump(many);
}

}  // namespace
}  // namespace coordsim::scenario
