// The set of names that extensions register (registered_names.hpp) and the values registered with
// them (registered_table.hpp): codes by name whatever the order of registration, every refusal
// with its reason, closing once from any thread.
#include "scenario/registered_names.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "scenario/registered_table.hpp"

namespace coordsim::scenario {
namespace {

constexpr std::array<std::string_view, 2> kBuiltIn{"plain", "fancy"};

std::string refused(RegisteredNames& names, std::string_view name) {
  try {
    names.add(name);
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return {};
}

using Names = std::vector<std::string_view>;

// The value of `code`, or -1 where find() gives null.
int value_of(RegisteredTable<int>& table, std::size_t code) {
  const int* v = table.find(code);
  return v == nullptr ? -1 : *v;
}

TEST(RegisteredNames, BuiltInNamesThenRegisteredOnesByName) {
  RegisteredNames names("test rule", kBuiltIn, 256);
  names.add("zeta");
  names.add("alpha");
  names.add("mu_2");
  EXPECT_EQ(names.built_in_count(), 2U);
  const auto all = names.names();
  EXPECT_EQ(Names(all.begin(), all.end()), (Names{"plain", "fancy", "alpha", "mu_2", "zeta"}));
  const auto registered = names.registered();
  EXPECT_EQ(Names(registered.begin(), registered.end()), (Names{"alpha", "mu_2", "zeta"}));
}

TEST(RegisteredNames, ARefusalSaysWhatAndWhyAndChangesNothing) {
  RegisteredNames names("test rule", kBuiltIn, 4);
  names.add("first");
  EXPECT_EQ(refused(names, "Bad-Name"),
            "test rule `Bad-Name` refused: a name is lowercase letters, digits and `_`, from a "
            "letter");
  EXPECT_NE(refused(names, "").find("refused: a name is lowercase"), std::string::npos);
  EXPECT_NE(refused(names, "2nd").find("refused: a name is lowercase"), std::string::npos);
  EXPECT_EQ(refused(names, "fancy"), "test rule `fancy` refused: a built-in name");
  EXPECT_EQ(refused(names, "first"), "test rule `first` registered twice");
  names.add("second");  // the fourth code, the last
  EXPECT_EQ(refused(names, "third"),
            "test rule `third` refused: all 4 codes of test rules are taken");
  const auto all = names.names();
  EXPECT_EQ(Names(all.begin(), all.end()), (Names{"plain", "fancy", "first", "second"}));
  EXPECT_NE(refused(names, "late")
                .find("test rule `late` registered after the set of test rules "
                      "was read"),
            std::string::npos);
  EXPECT_EQ(names.names().size(), 4U);
}

TEST(RegisteredNames, CodesOfAnEnumAreItsUnderlyingRange) {
  enum class Small : std::uint8_t {};
  enum class Wide : std::uint16_t {};
  EXPECT_EQ(RegisteredNames::codes_of<Small>(), 256U);
  EXPECT_EQ(RegisteredNames::codes_of<Wide>(), 65'536U);
}

TEST(RegisteredNames, ClosesOnceWhicheverThreadReadsFirst) {
  RegisteredNames names("test rule", kBuiltIn, 256);
  names.add("b");
  names.add("a");
  std::vector<const std::string_view*> seen(8, nullptr);
  {
    std::vector<std::jthread> readers;
    for (auto& s : seen) readers.emplace_back([&names, &s] { s = names.names().data(); });
  }
  for (const auto* s : seen) EXPECT_EQ(s, seen[0]);
  EXPECT_EQ(names.names()[2], "a");
  EXPECT_THROW(names.add("c"), std::logic_error);
}

TEST(RegisteredTable, FindsAValueByItsNamesCode) {
  RegisteredNames names("test rule", kBuiltIn, 256);
  RegisteredTable<int> table(names);
  table.add("zeta", 26);
  table.add("alpha", 1);
  names.add("name_only");  // the names alone: no value
  EXPECT_THROW(table.add("zeta", 0), std::logic_error);
  EXPECT_THROW(table.add("plain", 0), std::logic_error);
  EXPECT_EQ(table.find(0), nullptr);  // a built-in code
  EXPECT_EQ(value_of(table, 2), 1);   // alpha
  EXPECT_EQ(table.find(3), nullptr);  // name_only
  EXPECT_EQ(value_of(table, 4), 26);  // zeta
  EXPECT_EQ(table.find(5), nullptr);  // past the names
  const auto values = table.in_name_order();
  EXPECT_EQ(std::vector<int>(values.begin(), values.end()), (std::vector<int>{1, 26}));
  EXPECT_THROW(table.add("late", 0), std::logic_error);
  EXPECT_EQ(table.in_name_order().size(), 2U);
}

TEST(RegisteredTable, ABuiltInCodeDoesNotCloseTheSet) {
  RegisteredNames names("test rule", kBuiltIn, 256);
  RegisteredTable<int> table(names);
  EXPECT_EQ(table.find(1), nullptr);
  table.add("still_open", 7);
  EXPECT_EQ(value_of(table, 2), 7);
}

}  // namespace
}  // namespace coordsim::scenario
