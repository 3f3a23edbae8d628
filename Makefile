# The two commands a newcomer needs: `make run` and `make test`. Everything else is a convenience.
PRESET ?= release
JOBS ?= $(shell nproc)
COORDSIM := build/$(PRESET)/bin/coordsim

.PHONY: deps configure build run test test-asan test-tsan bench format tidy clean

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

test-tsan:
	@$(MAKE) --no-print-directory test PRESET=tsan

bench: build
	@bash scripts/bench.sh

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: configure
	@git ls-files 'sim/*.cpp' | xargs clang-tidy -p build/$(PRESET) --quiet

clean:
	rm -rf build out
