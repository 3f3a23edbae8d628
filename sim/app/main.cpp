// coordsim: the command line (app/cli.cpp; the library coordsim_app holds every command).
#include "app/command_line.hpp"

int main(int argc, char** argv) { return coordsim::app::cli_main(argc, argv); }
