#pragma once
// The worked example of docs/extending.md, "Worked example: a behaviour": epsilon-greedy action
// selection over sample-average (or constant-step) estimates of each action's payoff, the first
// rule of Sutton and Barto, Reinforcement Learning: An Introduction (2nd ed., 2018), sections
// 2.2-2.5. Registered from this folder (epsilon_greedy.cpp), as `rule: epsilon_greedy`:
//
//   P(j)  = epsilon / m + (1 - epsilon) [j in argmax_k Q_k] / |argmax_k Q_k|
//   n_c  <- n_c + 1,  Q_c <- Q_c + w (payoff - Q_c),  w = 1 / n_c (step 0) or step
//
// for the chosen action c of m; ties for the best estimate share the greedy probability. It has
// no keys of its own: it reads the behaviour map's `experimentation` as epsilon (in [0, 1]),
// `step` (0: sample average; (0, 1]: constant step) and `initial_estimate` as Q before any
// observation (an optimistic one makes every action tried: Sutton and Barto, section 2.6).
// Its state: the estimates Q (Learners::attractions) and the counts n (Learners::extra).
#include <string_view>

namespace coordsim::examples::epsilon_greedy {

/// The rule's name, as registered (epsilon_greedy.cpp).
extern const std::string_view kEpsilonGreedy;

}  // namespace coordsim::examples::epsilon_greedy
