# The two commands a newcomer needs: `make run` and `make test`. Everything else is a convenience.
PRESET ?= release
JOBS ?= $(shell nproc)
COORDSIM := build/$(PRESET)/bin/coordsim

.PHONY: deps configure build run test test-asan test-tsan bench format format-check tidy fuzz clean

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

# clang-tidy over every source of sim/ and viz/ (.clang-tidy: checks, and why some are off), JOBS at a
# time; fails on any finding (run by CI). The compile commands are GCC's, so clang is told to
# ignore the GCC-only warning flags.
# viz/ is included when the build has the visualizer (its sources are in the compile commands).
tidy: configure
	@{ git ls-files 'sim/*.cpp'; \
	  if grep -q '/viz/' build/$(PRESET)/compile_commands.json; then git ls-files 'viz/*.cpp'; fi; } | xargs -P $(JOBS) -n 4 clang-tidy -p build/$(PRESET) --quiet \
	  --extra-arg=-Wno-unknown-warning-option
	@echo "tidy: clean"

# libFuzzer (clang, in the `asan` preset's build: coverage, ASan and UBSan in every library, so
# the sanitizer tests and the fuzz targets share one build instead of compiling the library twice,
# which kept a cold CI run above its 45 minutes): each target
# runs FUZZ_SECONDS from its seed corpus (the shipped scenarios; checkpoints and run files of a
# small run, made by fuzz_make_seeds and repacked by h5repack). New inputs go to
# build/asan/fuzz/corpus/<target>; a crash leaves build/asan/fuzz/crash-* and fails the target (make it a
# regression test). Leak checks are off: HDF5 and yaml-cpp keep process-lifetime allocations.
# The run-file seeds are sealed again after h5repack rewrote them (io/seal.hpp): run files are
# read only when their seal matches, so a mutated file is refused before libhdf5 sees it, and the
# two libhdf5 1.10.8 bugs that fuzz_run_file used to reach (docs/reliability.md) are out of its
# reach; it runs under ASan's usual malloc fill like the others. CI runs all three targets.
# FUZZ_SEED fixes libFuzzer's mutations so CI is repeatable.
FUZZ_SECONDS ?= 60
FUZZ_SEED ?= 1
FUZZ_TARGETS ?= scenario checkpoint run_file
fuzz: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS)) fuzz_make_seeds
	@mkdir -p build/asan/fuzz/corpus/scenario build/asan/fuzz/seeds/scenario
	@cp scenarios/*.yaml build/asan/fuzz/seeds/scenario/
	@build/asan/bin/fuzz_make_seeds build/asan/fuzz/seeds >/dev/null
	@# Contiguous datasets: the same file in ~100 KB instead of ~3 MB, so mutations stay cheap.
	@for f in build/asan/fuzz/seeds/run_file/*.h5; do h5repack -l CONTI $$f $$f.tmp && mv $$f.tmp $$f; done
	@build/asan/bin/fuzz_make_seeds --seal build/asan/fuzz/seeds/run_file/*.h5
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/asan/fuzz/corpus/$$t; start=$$(date +%s); \
	  ASAN_OPTIONS=detect_leaks=0 \
	  build/asan/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -seed=$(FUZZ_SEED) \
	    -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build/asan/fuzz/ -print_final_stats=1 \
	    build/asan/fuzz/corpus/$$t build/asan/fuzz/seeds/$$t > build/asan/fuzz/$$t.log 2>&1 \
	    || { tail -40 build/asan/fuzz/$$t.log; echo "fuzz: $$t FAILED (see build/asan/fuzz/$$t.log)"; exit 1; }; \
	  echo "fuzz: $$t $$(( $$(date +%s) - start ))s, $$(grep -m1 stat::number_of_executed_units build/asan/fuzz/$$t.log | awk '{print $$2}') inputs, corpus $$(ls build/asan/fuzz/corpus/$$t | wc -l)"; \
	done

clean:
	rm -rf build out
