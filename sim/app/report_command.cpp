// `coordsim report`: an HTML page with figures for a run, several runs or a sweep. The figures
// are drawn by the Python analysis package (analysis/coordsim_analysis, matplotlib); this command
// finds a Python that has its dependencies and runs it, so it works whichever `python3` comes
// first on the user's PATH.
#include <fmt/core.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "app/commands.hpp"

namespace coordsim::app {

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

// Debian's /usr/bin/python3 is the one install-deps.sh gives numpy, pandas, h5py and matplotlib;
// a pyenv or venv python3 first on PATH usually lacks them. COORDSIM_PYTHON overrides.
std::string python() {
  const std::string debian = "/usr/bin/python3";
  return env_or("COORDSIM_PYTHON", ::access(debian.c_str(), X_OK) == 0 ? debian : "python3");
}

int spawn(const std::vector<std::string>& args, const std::string& pythonpath) {
  std::vector<std::string> storage = args;
  std::vector<char*> argv;
  argv.reserve(storage.size() + 1);
  for (auto& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot start python: fork failed");
  if (pid == 0) {
    ::setenv("PYTHONPATH", pythonpath.c_str(), 1);
    ::setenv("MPLBACKEND", "Agg", 1);  // no display needed
    ::execvp(argv[0], argv.data());
    std::fprintf(stderr, "coordsim report: cannot run %s\n", argv[0]);
    ::_exit(127);
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) throw std::runtime_error("cannot wait for python");
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return kFailure;
}

}  // namespace

Action add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "Write an HTML report with figures of runs or a sweep");
  struct Args {
    std::vector<std::string> inputs;
    std::string output;
    std::vector<std::string> metrics;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("inputs", args->inputs,
                  "A run file (RUN.h5), several run files, or a sweep folder (with index.h5)")
      ->required();
  cmd->add_option("-o,--output", args->output, "Report folder: index.html and the PNG figures")
      ->required();
  cmd->add_option("-m,--metric", args->metrics,
                  "For a sweep: show this metric (repeatable; default: up to 8 that vary)");
  cmd->footer(
      "Examples:\n  coordsim report out/quickstart.h5 -o out/report\n"
      "  coordsim report out/a.h5 out/b.h5 -o out/compare\n"
      "  coordsim report out/fee-split -o out/fee-split/report\n"
      "Needs Python 3 with numpy, pandas, h5py and matplotlib: /usr/bin/python3 on Debian\n"
      "(scripts/install-deps.sh), or the interpreter named by COORDSIM_PYTHON.\n"
      "Exit status: 0 written; 1 an input is missing or unreadable; 2 bad usage.");
  return [args]() -> int {
    std::vector<std::string> argv{python(), "-m", "coordsim_analysis", "report"};
    argv.insert(argv.end(), args->inputs.begin(), args->inputs.end());
    argv.insert(argv.end(), {"-o", args->output});
    for (const auto& m : args->metrics) argv.insert(argv.end(), {"-m", m});
    std::string path = env_or("COORDSIM_ANALYSIS_DIR", COORDSIM_ANALYSIS_DIR);
    if (const char* old = std::getenv("PYTHONPATH"); old != nullptr && *old != '\0') {
      path += std::string(":") + old;
    }
    return spawn(argv, path);
  };
}

}  // namespace coordsim::app
