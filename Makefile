# drsim: build with GNU make and pkg-config.
#
#   make            build ./drsim
#   make run        install missing Debian packages, build, run the built-in plan
#   make test       install missing packages, build and run every test
#   make asan       the test suite under AddressSanitizer + UBSan; fails on any leak
#                   report, also from a test's own process (which Criterion does not
#                   count); library leaks that are not drsim's: tests/lsan.supp
#   make valgrind   the test suite under valgrind (memcheck)
#   make bench      the benchmarks (figures go to docs/performance.md by hand)
#   make fuzz       build the libFuzzer targets (fuzz/) with clang, ASan and UBSan, and run
#                   each for FUZZ_SECONDS (default 60); fails on any crash, leak or timeout
#   make deps       only install what is missing
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
CFLAGS  := -std=c11 $(OPT) -g -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
           -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. $(SAN)
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

.PHONY: all run test check-tests asan valgrind bench fuzz fuzz-bins deps clean
all: $(DRSIM)

$(DRSIM): $(MAIN_OBJ) $(CLI_OBJS) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# Test sources also see Criterion's headers; nothing else links Criterion.
$(BUILD)/tests/%.o: tests/%.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) $(CRIT_CFLAGS) -MMD -MP -c -o $@ $<

# The built-in plan is compiled into the binary with the assembler's .incbin.
$(BUILD)/models/builtin_plan.o: models/builtin_plan.S scenarios/commcare.yaml
	$(call msg,AS,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(SAN) -c -o $@ $<

$(TEST_BIN): $(TEST_OBJS) $(CLI_OBJS) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) $(CRIT_LIBS)

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
	  --trace-children=yes --trace-children-skip='*python3*,*pdftotext,*pdfinfo' $(TEST_BIN) -j1 >/dev/null 2>$(BUILD)/valgrind.log; rc=$$?; \
	  if grep -q 'definitely lost\|indirectly lost\|Invalid\|uninitialised' $(BUILD)/valgrind.log; then \
	    cat $(BUILD)/valgrind.log; exit 1; fi; tail -n 3 $(BUILD)/valgrind.log; exit $$rc

BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)
$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

bench: deps
	$(Q)$(MAKE) --no-print-directory $(DRSIM) $(BENCH_BINS)
	$(Q)bench/run.sh

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
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-bins: $(FUZZ_BINS)
	@:
# The targets' objects are made by the pattern rules: keep them between builds.
.SECONDARY: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%.o) $(BUILD)/fuzz/harness.o

fuzz:
	$(Q).ci/install-deps fuzz
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT=-O1 SAN="$(FUZZ_SAN)" fuzz-bins
	$(Q)FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

clean:
	rm -rf build build-asan build-fuzz $(DRSIM) out

-include $(shell find build build-asan build-fuzz -name '*.d' 2>/dev/null)
