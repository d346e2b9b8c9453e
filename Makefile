# The two commands of the README:
#   make check   install what is missing, build with -Werror, run every test under ASan+UBSan
#   make run     install what is missing, build, make demo.db with the demo office, show it
# Both install missing Debian packages with apt-get (run as root on Debian 12): the
# packages are listed once, in deps/packages, by section.
# For packagers (the README's "Installing"):
#   make install    [PREFIX=/usr/local] [DESTDIR=]   a release build, installed by cmake --install
#   make uninstall  [PREFIX=/usr/local] [DESTDIR=]   removes exactly what make install installs
#   make deb        build/deb/parley_VERSION_ARCH.deb (dpkg-buildpackage -b -us -uc, lintian)
# And (docs/testing.md):
#   make coverage   build with gcc --coverage, run every test, report line and branch
#                   coverage of src/lib per file (gcovr); fails naming a file below 90% of lines
CHECK_DIR = build/check
GCC_DIR = build/gcc
COV_DIR = build/coverage
RUN_DIR = build/release
DEMO_DB = demo.db
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_DIR ?= build/install
DEB_DIR = build/deb
VERSION = $(shell sed -n 's/^project.parley VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

.PHONY: all deps test-deps deb-deps check coverage run build clean bench format \
	install-build install uninstall deb mutants mutants-quick

all: build

deps:
	@sh deps/install.sh build

test-deps:
	@sh deps/install.sh build test

deb-deps:
	@sh deps/install.sh build test deb

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

# no sanitizers here (gcov counts the library's lines); the counts of an earlier run are
# removed first, so the report is of this run alone
coverage:
	@sh deps/install.sh build test coverage
	cmake -S . -B $(COV_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=gcc \
		-DPARLEY_COVERAGE=ON >/dev/null
	cmake --build $(COV_DIR)
	find $(COV_DIR) -name '*.gcda' -delete
	cd $(COV_DIR) && ctest --output-on-failure -j2
	sh tests/coverage.sh $(COV_DIR)

build: deps
	cmake -S . -B $(RUN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
	cmake --build $(RUN_DIR)

run: build
	@if [ ! -f $(DEMO_DB) ]; then \
		umask 077; \
		$(RUN_DIR)/parley --db $(DEMO_DB) init --admin admin > demo-accounts.txt && \
		$(RUN_DIR)/parley --db $(DEMO_DB) --as admin demo >> demo-accounts.txt && \
		cat demo-accounts.txt && \
		echo "The demo accounts act from the operating-system user $$(id -un) without a password;" && \
		echo "their passwords, for other users, are kept in demo-accounts.txt (mode 0600)." && echo; \
	fi
	$(RUN_DIR)/parley --db $(DEMO_DB) --as demo-head stats
	@echo; echo "The exchanges that brought them home (parley exchange show REF for one):"
	$(RUN_DIR)/parley --db $(DEMO_DB) --as demo-head exchange list
	@echo; echo "The article's exchange: 10 severely wounded agreed, 5 of them and 5 unwounded came:"
	$(RUN_DIR)/parley --db $(DEMO_DB) --as demo-head exchange reconcile E-0047

# make install: a release build of its own (no tests, so no test packages), configured for
# PREFIX and installed under DESTDIR by cmake --install: whatever the install() rules of
# CMakeLists.txt name (the CLI, its man pages and bash completion, the docs).
install-build: deps
	cmake -S . -B $(INSTALL_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
		-DCMAKE_INSTALL_PREFIX="$(PREFIX)" >/dev/null
	cmake --build $(INSTALL_DIR)

install: install-build
	DESTDIR="$(DESTDIR)" cmake --install $(INSTALL_DIR)

# make uninstall: the list of what make install installs is CMake's install_manifest.txt
# of an install of the same build into a scratch folder (so it holds after a fresh clone
# and never trusts an old list); each file is removed from under DESTDIR, then the folders
# of parley's own (share/doc/parley) if they are left empty. (The manifest has no
# newline at its end, hence the read of a last line without one.)
uninstall: install-build
	rm -rf $(INSTALL_DIR)/manifest-root
	DESTDIR="$(abspath $(INSTALL_DIR))/manifest-root" cmake --install $(INSTALL_DIR) >/dev/null
	@while IFS= read -r f || [ -n "$$f" ]; do \
		if [ -e "$(DESTDIR)$$f" ] || [ -L "$(DESTDIR)$$f" ]; then \
			echo "-- Removing: $(DESTDIR)$$f"; rm -f "$(DESTDIR)$$f" || exit 1; \
		fi; \
	done <$(INSTALL_DIR)/install_manifest.txt
	@sed 's|/[^/]*$$||' $(INSTALL_DIR)/install_manifest.txt | grep '/parley\(/\|$$\)' | \
		sort -ru | while IFS= read -r d; do rmdir "$(DESTDIR)$$d" 2>/dev/null || true; done
	rm -rf $(INSTALL_DIR)/manifest-root

# make deb: dpkg-buildpackage -b -us -uc on a copy of the tree in build/deb/parley-VERSION
# (the files git knows, committed or not), so that the package and its .changes land in
# build/deb/ and not beside the checkout; lintian then fails it on any error.
# DEB_BUILD_OPTIONS=nocheck leaves out the test suite.
deb: deb-deps
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/parley-$(VERSION)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard; \
	else \
		find . \( -path ./build -o -path ./.git -o -path './obj-*' \) -prune -o ! -type d -print0; \
	fi | tar --null --no-recursion --ignore-failed-read -T - -cf - | \
		tar -xf - -C $(DEB_DIR)/parley-$(VERSION)
	cd $(DEB_DIR)/parley-$(VERSION) && dpkg-buildpackage -b -us -uc
	lintian --fail-on error $(DEB_DIR)/parley_$(VERSION)_$$(dpkg --print-architecture).changes
	@echo "the package: $(DEB_DIR)/parley_$(VERSION)_$$(dpkg --print-architecture).deb"

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
