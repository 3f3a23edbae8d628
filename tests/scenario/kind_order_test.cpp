// Agent kinds registered from outside sim/scenario (scenario/kind.hpp) are numbered as registered
// rules and systems are: after the six built-in kinds, by name, whatever the order they register
// in; a late, duplicate or badly named registration is refused with its reason. Its own
// executable (test_scenario_kinds): the kinds it registers would be words of every scenario the
// other scenario tests load.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/enums.hpp"
#include "scenario/kind.hpp"
#include "scenario/load.hpp"
#include "scenario/units.hpp"

namespace coordsim::scenario {
namespace {

using detail::Type;

struct ZebraParams {
  Amount stripes;
  friend bool operator==(const ZebraParams&, const ZebraParams&) = default;
};

struct AardvarkParams {
  Micros dig;
  friend bool operator==(const AardvarkParams&, const AardvarkParams&) = default;
};

std::vector<detail::KeySpec> zebra_rows() {
  return {kind_row<&ZebraParams::stripes>("stripes", Type::kTokens, "3", "A zebra's stripes.")};
}

std::vector<detail::KeySpec> aardvark_rows() {
  return {kind_row<&AardvarkParams::dig>("dig", Type::kDuration, "1h", "An aardvark's dig.")};
}

// What register_kind refused `name` with, or empty if it accepted it.
std::string refusal(std::string_view name) {
  try {
    (void)register_kind<ZebraParams>(name, zebra_rows());
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return {};
}

// This file's initialisers run top to bottom: zebra registers before aardvark, against name order.
const RegisteredKind kZebra = register_kind<ZebraParams>("zebra", zebra_rows());
const RegisteredKind kAardvark = register_kind<AardvarkParams>("aardvark", aardvark_rows());
// Refused during static initialisation, while the set is still open.
const std::string kTwice = refusal("zebra");
const std::string kBuiltIn = refusal("validator");
const std::string kNotAWord = refusal("Big-Cat");
const std::string kFromADigit = refusal("2nd_zebra");

std::string scenario_with(std::string_view groups) {
  return "name: t\npopulation:\n  - {kind: ai_agent, count: 3}\n" + std::string(groups);
}

TEST(KindOrder, RegisteredKindsAreNumberedAfterTheBuiltInOnesByName) {
  constexpr auto kFirst = static_cast<AgentKind>(kAgentKindNames.size());
  EXPECT_EQ(kAardvark.kind(), kFirst);
  EXPECT_EQ(kZebra.kind(), static_cast<AgentKind>(kAgentKindNames.size() + 1));
  EXPECT_EQ(kZebra.name(), "zebra");
  const auto names = enum_names(AgentKind{});
  std::vector<std::string_view> expected(kAgentKindNames.begin(), kAgentKindNames.end());
  expected.insert(expected.end(), {"aardvark", "zebra"});
  EXPECT_EQ(std::vector<std::string_view>(names.begin(), names.end()), expected);
  const auto kinds = registered_kinds();
  ASSERT_EQ(kinds.size(), 2U);
  EXPECT_EQ(kinds[0].name, "aardvark");
  EXPECT_EQ(kinds[1].name, "zebra");
  ASSERT_NE(registered_kind(kFirst), nullptr);
  EXPECT_EQ(registered_kind(kFirst)->name, "aardvark");
  EXPECT_EQ(registered_kind(kZebra.kind())->name, "zebra");
  EXPECT_EQ(registered_kind(AgentKind::kMarketMaker), nullptr);
  EXPECT_EQ(registered_kind(static_cast<AgentKind>(kAgentKindNames.size() + 2)), nullptr);
}

TEST(KindOrder, EachKindsKeysAndParamsFollowItsCode) {
  const Spec spec = load_string(scenario_with("  - {kind: zebra, count: 1, stripes: 7}\n"
                                              "  - {kind: aardvark, count: 2, dig: 2h}\n"),
                                "kinds.yaml");
  ASSERT_EQ(spec->population.size(), 3U);
  EXPECT_EQ(spec->population[1].kind, kZebra.kind());
  EXPECT_EQ(spec->population[1].as<ZebraParams>().stripes, Amount{7'000'000});  // 6 decimals
  EXPECT_EQ(spec->population[2].kind, kAardvark.kind());
  EXPECT_EQ(spec->population[2].as<AardvarkParams>().dig, Micros{7'200'000'000});
  EXPECT_EQ(load_string(to_yaml(spec), "again.yaml"), spec);
  try {
    (void)load_string(scenario_with("  - {kind: aardvark, count: 1, stripes: 7}\n"), "k.yaml");
    ADD_FAILURE() << "a zebra's key on an aardvark group was accepted";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1U);
    const std::string text = e.diagnostics()[0].format();
    EXPECT_NE(text.find("`stripes` is not a key of aardvark groups"), std::string::npos) << text;
    EXPECT_NE(text.find("it belongs to zebra groups"), std::string::npos) << text;
  }
}

TEST(KindOrder, DuplicateBuiltInAndBadlyNamedKindsAreRefused) {
  EXPECT_EQ(kTwice, "agent kind `zebra` registered twice");
  EXPECT_EQ(kBuiltIn, "agent kind `validator` refused: a built-in name");
  EXPECT_EQ(kNotAWord,
            "agent kind `Big-Cat` refused: a name is lowercase letters, digits and `_`, from a "
            "letter");
  EXPECT_NE(kFromADigit.find("agent kind `2nd_zebra` refused: a name is lowercase"),
            std::string::npos);
  EXPECT_EQ(registered_kinds().size(), 2U);  // nothing refused was added
}

TEST(KindOrder, ALateRegistrationIsRefusedAndChangesNothing) {
  (void)enum_names(AgentKind{});  // closes the set, as the loader's first read does
  EXPECT_EQ(refusal("late"),
            "agent kind `late` registered after the set of agent kinds was read (register at "
            "namespace scope: a static initialiser)");
  EXPECT_EQ(enum_names(AgentKind{}).size(), kAgentKindNames.size() + 2);
  EXPECT_THROW((void)RegisteredKind("never_registered").kind(), std::logic_error);
}

}  // namespace
}  // namespace coordsim::scenario
