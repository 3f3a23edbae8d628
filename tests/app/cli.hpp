#pragma once
// Runs the real `coordsim` binary as a user would (fork + exec, no shell) and captures its exit
// status, stdout and stderr, so the tests check what people see, not what a library returns.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/scratch_dir.hpp"
#include "support/source_tree.hpp"

namespace coordsim::app::test {

namespace fs = std::filesystem;

/// The coordsim binary this test was built with (CMake passes $<TARGET_FILE:coordsim>).
inline fs::path coordsim_bin() { return COORDSIM_BIN; }

using test_support::ScratchDir;
using test_support::shipped_scenarios;
using test_support::source_dir;

struct CliResult {
  int status = -1;  ///< exit status, or 128 + signal if the program was killed by one
  std::string out;
  std::string err;
};

inline std::ostream& operator<<(std::ostream& os, const CliResult& r) {
  return os << "status " << r.status << "\n--- stdout ---\n"
            << r.out << "--- stderr ---\n"
            << r.err;
}

inline std::string read_text(const fs::path& path) {
  // Not istreambuf_iterator: GCC 12 at -O3 reports a false -Wnull-dereference inside it.
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in && in.peek() != std::ifstream::traits_type::eof()) text << in.rdbuf();
  return text.str();
}

inline void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

/// Every entry below `dir`, recursively, as paths relative to it.
inline std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    names.insert(fs::relative(e.path(), dir).string());
  }
  return names;
}

/// Runs `program args...` in `cwd` (the caller's directory if empty) with stdin from /dev/null.
/// stdout and stderr go to files outside `cwd`, so they do not count as files the program wrote.
inline CliResult run_program(const fs::path& program, const std::vector<std::string>& args,
                             const fs::path& cwd = {}) {
  static std::atomic<int> counter{0};
  const fs::path capture =
      fs::temp_directory_path() /
      ("coordsim_app_capture_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::create_directories(capture);
  const fs::path out_path = capture / "stdout";
  const fs::path err_path = capture / "stderr";

  std::vector<std::string> argv_storage{program.string()};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  CliResult r;
  int wstatus = 0;
  if (pid > 0 && ::waitpid(pid, &wstatus, 0) == pid) {
    if (WIFEXITED(wstatus)) r.status = WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus)) r.status = 128 + WTERMSIG(wstatus);
  }
  r.out = read_text(out_path);
  r.err = read_text(err_path);
  std::error_code ec;
  fs::remove_all(capture, ec);
  return r;
}

/// Runs `coordsim args...`.
inline CliResult run_cli(const std::vector<std::string>& args, const fs::path& cwd = {}) {
  return run_program(coordsim_bin(), args, cwd);
}

/// The value printed after `key` on a `  key:   value` line of a summary, or "" if none.
inline std::string summary_field(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto start = line.find_first_not_of(' ');
    if (start == std::string::npos || line.compare(start, key.size() + 1, key + ":") != 0) continue;
    const auto value = line.find_first_not_of(' ', start + key.size() + 1);
    return value == std::string::npos ? std::string() : line.substr(value);
  }
  return {};
}

}  // namespace coordsim::app::test
