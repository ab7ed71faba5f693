# drsim: build with GNU make and pkg-config.
#
#   make            build ./drsim
#   make run        install missing Debian packages, build, run the built-in plan
#   make test       install missing packages, build and run every test
#   make asan       the test suite under AddressSanitizer + UBSan; fails on any leak
#                   report, also from a test's own process (which Criterion does not
#                   count); library leaks that are not drsim's: tests/lsan.supp
#   make valgrind   the test suite under valgrind (memcheck); the other programs the tests
#                   run (python3, poppler, groff, mandoc, sed, grep) are not traced
#   make bench      the benchmarks (figures go to docs/performance.md by hand)
#   make fuzz       build the libFuzzer targets (fuzz/) with clang, ASan and UBSan, and run
#                   each for FUZZ_SECONDS (default 60); fails on any crash, leak or timeout
#   make drsim-mpi  build ./drsim-mpi, drsim with its runs split across MPI ranks (Open MPI:
#                   .ci/install-deps mpi; docs/scale-out.md); ./drsim needs no MPI
#   make test-mpi   install Open MPI if missing, build both, and check that drsim-mpi on
#                   1, 2 and 3 ranks gives drsim run's figures (tests/mpi.sh)
#   make deps       only install what is missing
#   make install    install drsim, its man page, bash completion and docs under
#                   $(DESTDIR)$(PREFIX) (PREFIX default /usr/local); make uninstall
#                   removes exactly those files
#   make install-check  install into a temporary DESTDIR and run the installed drsim
#                   from outside the tree, then uninstall and check nothing is left
#   make deb        build the Debian package out of tree (build/deb/), run lintian
#                   and check the .deb's contents and its drsim (see debian/)
#
# The usual variables are honoured so that packagers' flags (dpkg-buildflags) apply:
# CPPFLAGS, CFLAGS (added after the project's flags, so the warnings and -Werror stay)
# and LDFLAGS, from the environment or the command line.
#
# Quiet unless V=1. Objects go to build/ (build-asan/ for the sanitizer build, build-fuzz/
# for the fuzz targets and their corpora).

PKGS      := gsl yaml-0.1 xlsxwriter cairo jansson nettle
TEST_PKGS := criterion

V ?= 0
ifeq ($(V),0)
Q := @
msg = @printf '  %-6s %s\n' $(1) $(2)
else
Q :=
msg = @true
endif

BUILD   ?= build
CC      ?= cc
OPT     ?= -O2
SAN     ?=
# The project's flags; the user's CPPFLAGS and CFLAGS come after them (a later -O wins).
DRSIM_CFLAGS := -std=c11 $(OPT) -g -Wall -Wextra -Wpedantic -Werror -Wshadow \
           -Wstrict-prototypes -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. $(SAN)
CPPFLAGS ?=
CFLAGS   ?=
LDFLAGS  ?=
ALL_CFLAGS = $(DRSIM_CFLAGS) $(CPPFLAGS) $(CFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CRIT_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
CRIT_LIBS   = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
# libcsv ships no pkg-config file.
LDLIBS  = $(PKG_LIBS) -lcsv -lpthread -lm

LIB_SRCS  := $(sort $(wildcard models/*.c sim/*.c analysis/*.c reports/*.c))
CLI_SRCS  := $(sort $(filter-out cli/main.c,$(wildcard cli/*.c)))
TEST_SRCS := $(sort $(wildcard tests/*.c))
BENCH_SRCS := $(sort $(wildcard bench/*.c))

LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/models/builtin_plan.o
CLI_OBJS  := $(CLI_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/cli/main.o
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)

DRSIM     := drsim
TEST_BIN  := $(BUILD)/drsim-tests

.PHONY: all run test check-tests asan valgrind bench fuzz fuzz-bins deps clean \
        install uninstall install-check deb deb-check test-mpi bench-simpy
all: $(DRSIM)

$(DRSIM): $(MAIN_OBJ) $(CLI_OBJS) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# Test sources also see Criterion's headers; nothing else links Criterion.
$(BUILD)/tests/%.o: tests/%.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CRIT_CFLAGS) -MMD -MP -c -o $@ $<

# The built-in plan is compiled into the binary with the assembler's .incbin.
$(BUILD)/models/builtin_plan.o: models/builtin_plan.S scenarios/commcare.yaml
	$(call msg,AS,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(SAN) $(CPPFLAGS) $(ASFLAGS) -c -o $@ $<

$(TEST_BIN): $(TEST_OBJS) $(CLI_OBJS) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CRIT_LIBS)

# drsim-mpi: mpi/main.c is the only file that sees <mpi.h>; its flags come from Open MPI's
# compiler wrapper, everything else is drsim's own objects.
MPICC     ?= mpicc
MPI_CFLAGS = $(shell $(MPICC) --showme:compile 2>/dev/null)
MPI_LIBS   = $(shell $(MPICC) --showme:link 2>/dev/null)

$(BUILD)/mpi/%.o: mpi/%.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(MPI_CFLAGS) -MMD -MP -c -o $@ $<

drsim-mpi: $(BUILD)/mpi/main.o $(CLI_OBJS) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(MPI_LIBS)

test-mpi:
	$(Q).ci/install-deps mpi
	$(Q)$(MAKE) --no-print-directory $(DRSIM) drsim-mpi
	$(Q)tests/mpi.sh

deps:
	$(Q).ci/install-deps

run: deps
	$(Q)$(MAKE) --no-print-directory $(DRSIM)
	./$(DRSIM) run -o out

# Criterion runs each test in its own process; -j2 matches the machine.
test: deps
	$(Q)$(MAKE) --no-print-directory $(DRSIM) $(TEST_BIN)
	$(Q)DRSIM_BIN=./$(DRSIM) $(TEST_BIN) -j2

check-tests: $(DRSIM) $(TEST_BIN)
	$(Q)DRSIM_BIN=./$(DRSIM) $(TEST_BIN) -j2

# fast_unwind_on_malloc=0 unwinds through libcriterion, which keeps no frame pointers, so
# that tests/lsan.supp can name Criterion's runner leak by function; allocations get
# slower (about 3x in the loader tests). Criterion ignores leaks reported by a test's own
# process once the test has passed, hence the grep of the log.
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  DRSIM=build-asan/drsim build-asan/drsim build-asan/drsim-tests
	$(Q)DRSIM_BIN=build-asan/drsim ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  build-asan/drsim-tests -j2 >build-asan/asan.log 2>&1; rc=$$?; cat build-asan/asan.log; \
	  if grep -q 'ERROR: LeakSanitizer' build-asan/asan.log; then \
	    echo "make asan: LeakSanitizer reported leaks (above; log: build-asan/asan.log)" >&2; exit 1; fi; \
	  exit $$rc

valgrind: $(DRSIM) $(TEST_BIN)
	$(Q)valgrind --quiet --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	  --suppressions=tests/valgrind.supp \
	  --trace-children=yes --trace-children-skip='*python3*,*pdftotext,*pdfinfo,*groff,*troff,*grotty,*preconv,*tbl,*mandoc,*sed,*grep,*gzip,*tr,*cat,*head,*tail,*sort,*wc,*cut,*awk,*cmp,*diff' $(TEST_BIN) -j1 >/dev/null 2>$(BUILD)/valgrind.log; rc=$$?; \
	  if grep -q 'definitely lost\|indirectly lost\|Invalid\|uninitialised' $(BUILD)/valgrind.log; then \
	    cat $(BUILD)/valgrind.log; exit 1; fi; tail -n 3 $(BUILD)/valgrind.log; exit $$rc

BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)
$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bench: deps
	$(Q)$(MAKE) --no-print-directory $(DRSIM) $(BENCH_BINS)
	$(Q)bench/run.sh
	$(Q)$(BUILD)/bench/bench_hist 1000000 5

# The small plan's scale: the same recovery process written with SimPy (Debian's SimPy 2,
# python3-simpy), against drsim on the same plan, one core each (docs/performance.md).
bench-simpy:
	$(Q).ci/install-deps simpy
	$(Q)$(MAKE) --no-print-directory $(BUILD)/bench/bench_trials
	$(Q)bench/simpy/run.sh

# Fuzzing: one libFuzzer binary per target in fuzz/ (fuzz/TARGET.c plus fuzz/harness.c),
# everything compiled by clang with coverage instrumentation and ASan + UBSan. clang comes
# from `.ci/install-deps fuzz`, which `make test` and `make run` do not ask for.
# fuzz/run.sh seeds the corpora and runs the targets (see the script for the options).
FUZZ_TARGETS := plan drills trial pages json
FUZZ_SECONDS ?= 60
FUZZ_SAN  := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
FUZZ_BINS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-%)

$(BUILD)/fuzz-%: $(BUILD)/fuzz/%.o $(BUILD)/fuzz/harness.o $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-bins: $(FUZZ_BINS)
	@:
# The targets' objects are made by the pattern rules: keep them between builds.
.SECONDARY: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%.o) $(BUILD)/fuzz/harness.o

fuzz:
	$(Q).ci/install-deps fuzz
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT=-O1 SAN="$(FUZZ_SAN)" fuzz-bins
	$(Q)FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# ---- installing ---------------------------------------------------------------------------
# Nothing is looked up in the build tree at run time (the built-in plan is compiled in,
# fonts are asked of fontconfig by name), so the installed binary runs from anywhere.
# The docs keep their layout (README.md links to docs/*.md); the example plans and
# drill log go to examples/. `make uninstall` removes exactly these files, and the
# directories of drsim's own that they leave empty.
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      := $(PREFIX)/bin
MAN1DIR     := $(PREFIX)/share/man/man1
BASHCOMPDIR := $(PREFIX)/share/bash-completion/completions
DOCDIR      := $(PREFIX)/share/doc/drsim
INSTALL     ?= install
DOC_MD      := $(sort $(wildcard docs/*.md docs/*.schema.json))
EXAMPLES    := $(sort $(wildcard scenarios/*.yaml))
DRILL_EXAMPLES := $(sort $(wildcard scenarios/drills/*.yaml))

install: $(DRSIM)
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX))
	$(Q)$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(BASHCOMPDIR) \
	  $(DESTDIR)$(DOCDIR)/docs $(DESTDIR)$(DOCDIR)/examples/drills
	$(Q)$(INSTALL) -m 0755 $(DRSIM) $(DESTDIR)$(BINDIR)/drsim
	$(Q)$(INSTALL) -m 0644 drsim.1 $(DESTDIR)$(MAN1DIR)/drsim.1
	$(Q)$(INSTALL) -m 0644 completion/drsim.bash $(DESTDIR)$(BASHCOMPDIR)/drsim
	$(Q)$(INSTALL) -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	$(Q)$(INSTALL) -m 0644 $(DOC_MD) $(DESTDIR)$(DOCDIR)/docs/
	$(Q)$(INSTALL) -m 0644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/
	$(Q)$(INSTALL) -m 0644 $(DRILL_EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/drills/

uninstall:
	$(call msg,RM,$(DESTDIR)$(PREFIX))
	$(Q)rm -f $(DESTDIR)$(BINDIR)/drsim $(DESTDIR)$(MAN1DIR)/drsim.1 \
	  $(DESTDIR)$(BASHCOMPDIR)/drsim $(DESTDIR)$(DOCDIR)/README.md \
	  $(DOC_MD:docs/%=$(DESTDIR)$(DOCDIR)/docs/%) \
	  $(EXAMPLES:scenarios/%=$(DESTDIR)$(DOCDIR)/examples/%) \
	  $(DRILL_EXAMPLES:scenarios/drills/%=$(DESTDIR)$(DOCDIR)/examples/drills/%)
	$(Q)for d in docs examples/drills examples ""; do \
	  if [ -d "$(DESTDIR)$(DOCDIR)/$$d" ]; then rmdir "$(DESTDIR)$(DOCDIR)/$$d" 2>/dev/null || true; fi; \
	done

# Install into a temporary DESTDIR, run the installed drsim from / (a run, the man page
# through mandoc, the completion sourced by bash), uninstall, and check that only the
# run's output and the empty standard directories are left.
install-check: $(DRSIM)
	$(Q)tmp=$$(mktemp -d /tmp/drsim-install-XXXXXX) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory install DESTDIR="$$tmp" PREFIX=/usr/local && \
	cd / && bin="$$tmp/usr/local/bin/drsim" && \
	"$$bin" --version && \
	"$$bin" run -n 1000 -q -o "$$tmp/out" >/dev/null && test -s "$$tmp/out/summary.json" && \
	test -s "$$tmp/out/manifest.json" && \
	mandoc -T lint -W warning "$$tmp/usr/local/share/man/man1/drsim.1" && \
	bash -c 'source "$$1" && complete -p drsim >/dev/null' sh \
	  "$$tmp/usr/local/share/bash-completion/completions/drsim" && \
	test -s "$$tmp/usr/local/share/doc/drsim/examples/commcare.yaml" && \
	"$$bin" check "$$tmp/usr/local/share/doc/drsim/examples/tutorial.yaml" >/dev/null && \
	cd "$(CURDIR)" && $(MAKE) --no-print-directory uninstall DESTDIR="$$tmp" PREFIX=/usr/local && \
	left=$$(find "$$tmp/usr" -mindepth 1 ! -type d) && \
	if [ -n "$$left" ]; then echo "make uninstall left: $$left" >&2; exit 1; fi && \
	if [ -d "$$tmp/usr/local/share/doc/drsim" ]; then echo "make uninstall left share/doc/drsim" >&2; exit 1; fi && \
	echo "install-check: ok (installed drsim ran from /; uninstall removed every file)"

# ---- the Debian package ---------------------------------------------------------------------
# Built out of tree from the committed tree (git archive HEAD: commit first), so the
# source tree stays clean: build/deb/drsim-VERSION/ is the unpacked source, and the .deb,
# .changes and .buildinfo land in build/deb/. Building runs the test suite (debian/rules).
# The packages it needs come from `.ci/install-deps deb`, which `make test` does not ask for.
DRSIM_VERSION := $(shell sed -n 's/^\#define DRSIM_VERSION "\(.*\)"/\1/p' cli/cli.h)
DEB_DIR  := build/deb
DEB_SRC  := $(DEB_DIR)/drsim-$(DRSIM_VERSION)
DEB_ARCH  = $(shell dpkg --print-architecture)
DEB_FILE  = $(DEB_DIR)/drsim_$(DRSIM_VERSION)_$(DEB_ARCH).deb

deb:
	$(Q).ci/install-deps deb
	$(Q)v=$$(dpkg-parsechangelog -l debian/changelog -S Version); \
	  if [ "$$v" != "$(DRSIM_VERSION)" ]; then \
	    echo "make deb: debian/changelog is at $$v, cli/cli.h DRSIM_VERSION at $(DRSIM_VERSION)" >&2; \
	    exit 1; fi
	$(Q)git rev-parse --verify -q HEAD >/dev/null || \
	  { echo "make deb: needs a git checkout (it packages the committed tree)" >&2; exit 1; }
	$(Q)if [ -n "$$(git status --porcelain --untracked-files=no)" ]; then \
	  echo "make deb: note: uncommitted changes are not in the package (git archive HEAD)" >&2; fi
	$(Q)rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC)
	$(Q)git archive HEAD | tar -x -C $(DEB_SRC)
	$(Q)cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b
	$(Q)lintian --fail-on error --display-info $(DEB_DIR)/drsim_$(DRSIM_VERSION)_$(DEB_ARCH).changes
	$(Q)$(MAKE) --no-print-directory deb-check

# Unpack the .deb and check it: the files it must hold, and its drsim run from / .
deb-check:
	$(Q)test -f $(DEB_FILE) || { echo "deb-check: no $(DEB_FILE) (make deb)" >&2; exit 1; }
	$(Q)tmp=$$(mktemp -d /tmp/drsim-deb-XXXXXX) && trap 'rm -rf "$$tmp"' EXIT && \
	dpkg-deb -x $(DEB_FILE) "$$tmp" && \
	for f in usr/bin/drsim usr/share/man/man1/drsim.1.gz \
	         usr/share/bash-completion/completions/drsim usr/share/doc/drsim/copyright \
	         usr/share/doc/drsim/examples/tutorial.yaml; do \
	  test -s "$$tmp/$$f" || { echo "deb-check: $$f missing from the package" >&2; exit 1; }; \
	done && \
	cd / && bin="$$tmp/usr/bin/drsim" && \
	test "$$("$$bin" --version)" = "drsim $(DRSIM_VERSION)" && \
	"$$bin" run -n 1000 -q -o "$$tmp/out" >/dev/null && test -s "$$tmp/out/summary.json" && \
	"$$bin" check "$$tmp/usr/share/doc/drsim/examples/tutorial.yaml" >/dev/null && \
	zcat "$$tmp/usr/share/man/man1/drsim.1.gz" | mandoc -T lint -W warning && \
	bash -c 'source "$$1" && complete -p drsim >/dev/null' sh \
	  "$$tmp/usr/share/bash-completion/completions/drsim" && \
	echo "deb-check: ok ($(DEB_FILE): drsim, man page, completion; drsim ran from /)" && \
	dpkg-deb -f $(CURDIR)/$(DEB_FILE) Package Version Depends Recommends Suggests

clean:
	rm -rf build build-asan build-fuzz $(DRSIM) drsim-mpi out

-include $(shell find build build-asan build-fuzz -name '*.d' 2>/dev/null)
