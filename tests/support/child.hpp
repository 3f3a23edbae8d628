#pragma once
// Crash tests: run part of a test in a forked child that dies (SIGKILL, _exit) the way a killed
// simulation would, and let the parent look at what the child left on disk.
//
// After fork only the calling thread exists in the child: the body must not rely on threads that
// were running before (for example oneTBB's workers), so run the simulation on one thread there.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <exception>

namespace coordsim::test_support {

/// Runs `body()` (returning the exit code) in a child process and returns the child's wait status.
/// An exception in the child is printed and gives exit code 90.
template <class F>
int in_child(F&& body) {
  std::fflush(nullptr);  // or the child would write the parent's buffered output again
  const pid_t pid = ::fork();
  if (pid == 0) {
    int code = 0;
    try {
      code = body();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "child: %s\n", e.what());
      code = 90;
    } catch (...) {
      code = 91;
    }
    std::fflush(nullptr);
    ::_exit(code);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return -1;
  return status;
}

/// True when a wait status says the process was killed by SIGKILL.
[[nodiscard]] inline bool killed_by_sigkill(int status) {
  return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

}  // namespace coordsim::test_support
