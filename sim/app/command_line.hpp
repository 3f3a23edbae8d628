#pragma once
// The whole `coordsim` command: parse argv, run the subcommand, return the documented exit status
// (commands.hpp). main.cpp is only a call to it, so a program that links more (a test executable
// with an agent kind or a world system registered from its own folder, docs/extending.md) runs the
// same command line.

namespace coordsim::app {

/// `coordsim argv[1..]`: never throws; the exit status of docs/cli.md.
int cli_main(int argc, char** argv);

}  // namespace coordsim::app
