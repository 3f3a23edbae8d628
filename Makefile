# The two commands a newcomer needs: `make run` and `make test`. Everything else is a convenience.
PRESET ?= release
JOBS ?= $(shell nproc)
COORDSIM := build/$(PRESET)/bin/coordsim

.PHONY: deps configure build run test test-asan test-tsan bench format format-check tidy clean

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	@mkdir -p out
	$(COORDSIM) run scenarios/quickstart.yaml -o out/quickstart.h5

test: build
	ctest --preset $(PRESET)

test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan

# ThreadSanitizer over the parallel machinery only (the kernel's window runner, PHOLD on several
# threads, every scenario on 1-3 threads): building the whole suite under TSan is not needed.
TSAN_TARGETS := test_kernel test_bench test_parallel
test-tsan: deps
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS) --target $(TSAN_TARGETS)
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --preset tsan -R 'ParallelRunner|Phold|ThreadCount'

bench: build
	@bash scripts/bench.sh

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# Fails on any file that `make format` would change (run by CI).
format-check: deps
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
	@echo "format-check: clean"

# clang-tidy over every source of sim/ (.clang-tidy: checks, and why some are off), JOBS at a
# time; fails on any finding (run by CI). The compile commands are GCC's, so clang is told to
# ignore the GCC-only warning flags.
tidy: configure
	@git ls-files 'sim/*.cpp' | xargs -P $(JOBS) -n 4 clang-tidy -p build/$(PRESET) --quiet \
	  --extra-arg=-Wno-unknown-warning-option
	@echo "tidy: clean"

clean:
	rm -rf build out
