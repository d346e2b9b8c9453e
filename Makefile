# The two commands of the README:
#   make check   install what is missing, build with -Werror, run every test under ASan+UBSan
#   make run     install what is missing, build, make demo.db with the demo office, show it
# Both install missing Debian packages with apt-get (run as root on Debian 12): the
# packages are listed once, in deps/packages, by section.
CHECK_DIR = build/check
GCC_DIR = build/gcc
RUN_DIR = build/release
DEMO_DB = demo.db

.PHONY: all deps test-deps check run build clean bench format mutants mutants-quick

all: build

deps:
	@sh deps/install.sh build

test-deps:
	@sh deps/install.sh build test

# gcc builds everything with every warning as an error; clang builds it again
# with ASan and UBSan (and the fuzz targets) and runs the whole suite.
check: test-deps
	cmake -S . -B $(GCC_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=gcc >/dev/null
	cmake --build $(GCC_DIR)
	cmake -S . -B $(CHECK_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
		-DPARLEY_SANITIZE=ON -DPARLEY_FUZZ=ON >/dev/null
	cmake --build $(CHECK_DIR)
	cd $(CHECK_DIR) && \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j2
	$(MAKE) mutants-quick

build: deps
	cmake -S . -B $(RUN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
	cmake --build $(RUN_DIR)

run: build
	@if [ ! -f $(DEMO_DB) ]; then \
		umask 077; \
		$(RUN_DIR)/parley --db $(DEMO_DB) init --admin admin > demo-accounts.txt && \
		$(RUN_DIR)/parley --db $(DEMO_DB) --as admin demo >> demo-accounts.txt && \
		cat demo-accounts.txt && \
		echo "(these accounts and passwords are kept in demo-accounts.txt)" && echo; \
	fi
	$(RUN_DIR)/parley --db $(DEMO_DB) --as demo-head stats

# the mutation tier (docs/testing.md): every mutant of tests/mutants/ must be killed;
# mutants-quick is its fixed subset (need-to-know and the audit chain) that make check runs
mutants: test-deps
	sh tests/mutants/run.sh

mutants-quick: test-deps
	sh tests/mutants/run.sh --quick

bench: build
	sh bench/run.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build
