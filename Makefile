# tejian — build, run and test. See README.md: `make run`, `make check`.
SHELL := /bin/bash

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
PORT    ?= 8080

CPPFLAGS += -D_GNU_SOURCE -Ilib -Icgi -I/usr/include/ClearSilver -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
CFLAGS   ?= -O2 -g
# The bench build (`make bench`, build/bench-prod): the install flags plus the floor
# route (cgi/benchroute.c) and NDEBUG. Never set for `make`, `make install` or tests.
ifeq ($(TEJIAN_BENCH),1)
CPPFLAGS += -DTEJIAN_BENCH -DNDEBUG
endif
CFLAGS   += -std=c11 -Wall -Wextra -Wno-unused-parameter -Wformat=2 -Wshadow -fstack-protector-strong -D_FORTIFY_SOURCE=2 -MMD -MP
# PDF documents (lib/pdf*.c): cairo + pango. Expanded on first use, not when the Makefile
# is read, so `make check` on a clean machine sees the packages `deps` has just installed.
# Only lib/pdf*.c see glib's headers (pdf.h keeps them out of its callers), as -isystem so
# they are not held to our warning flags.
PDF_CFLAGS = $(eval PDF_CFLAGS := $(subst -I/,-isystem /,$(shell pkg-config --cflags pangocairo cairo-pdf libqrencode)))$(PDF_CFLAGS)
PDF_LIBS   = $(eval PDF_LIBS := $(shell pkg-config --libs pangocairo cairo-pdf libqrencode))$(PDF_LIBS)
# Spreadsheet import (lib/sheet_*.c): libzip + libxml2's streaming reader; only the xlsx
# reader sees libxml2's headers.
XML_CFLAGS = $(eval XML_CFLAGS := $(subst -I/,-isystem /,$(shell pkg-config --cflags libxml-2.0 libzip)))$(XML_CFLAGS)
# Captcha images (lib/captcha.c): FreeType glyphs and cairo noise on a cairo image surface,
# written with libpng.
IMG_CFLAGS = $(eval IMG_CFLAGS := $(subst -I/,-isystem /,$(shell pkg-config --cflags cairo freetype2 libpng)))$(IMG_CFLAGS)
IMG_LIBS   = $(eval IMG_LIBS := $(shell pkg-config --libs cairo freetype2 libpng))$(IMG_LIBS)
LDLIBS   += -lzip -lxml2 -lxlsxwriter -lneo_cgi -lneo_cs -lneo_utl -lfcgi -lpq -lmagic -lcurl -lcjson -lssl -lcrypto -lz $(PDF_LIBS) $(IMG_LIBS) -lm

LIB_SRC  := $(sort $(wildcard lib/*.c))
CGI_SRC  := cgi/main.c cgi/req.c cgi/dispatch.c cgi/fcgi_reply.c cgi/routes.c cgi/home.c cgi/account.c cgi/equipment.c cgi/change.c cgi/maint.c cgi/maint_import.c cgi/inspection.c cgi/inspection_agency.c cgi/org.c cgi/subaccount.c cgi/register.c cgi/review.c cgi/admin.c cgi/document.c cgi/payment.c cgi/arrears.c cgi/rectification.c cgi/verify.c cgi/testroutes.c cgi/benchroute.c
CTL_SRC  := cgi/tejianctl.c cgi/ctl_accounts.c cgi/ctl_equipment.c cgi/ctl_change.c cgi/ctl_inspection.c cgi/ctl_maint.c cgi/ctl_equipment_gen.c cgi/ctl_equipment_scale.c cgi/ctl_keys.c
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CGI_OBJ  := $(CGI_SRC:%.c=$(BUILD)/%.o)
CTL_OBJ  := $(CTL_SRC:%.c=$(BUILD)/%.o)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
INTEG_SRC := $(sort $(wildcard tests/integration/*_test.c))
INTEG_BIN := $(INTEG_SRC:tests/integration/%_test.c=$(BUILD)/tests/integration_%)
# Small programs the shell suites drive (e.g. xlsx_sample for xlsx-readback-test.sh).
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)

.PHONY: all deps lint-templates run stop check fuzz install clean bench-explain bench-sheet bench

all: lint-templates $(BUILD)/tejian-fcgi $(BUILD)/tejianctl

deps:
	@./deploy/install-deps.sh

# The template lint is part of the build: unsafe template constructs fail it.
lint-templates:
	@./tests/lint-templates.sh templates

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(filter $(BUILD)/lib/pdf%,$(LIB_OBJ)): CPPFLAGS += $(PDF_CFLAGS)
$(filter $(BUILD)/lib/sheet_xlsx%,$(LIB_OBJ)): CPPFLAGS += $(XML_CFLAGS)
$(BUILD)/lib/captcha.o: CPPFLAGS += $(IMG_CFLAGS)

$(BUILD)/lib/libtejian.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The worker allocates with mimalloc: a request builds and frees a few hundred small
# blocks (HDF nodes, ClearSilver strings) and glibc's malloc spent ~25 % of a list page's
# instructions on them (bench/RESULTS.md, round 4). Linked first and kept even though no
# symbol is referenced by name: its malloc/free interpose on the whole process.
WORKER_MALLOC = -Wl,--push-state,--no-as-needed -lmimalloc -Wl,--pop-state

$(BUILD)/tejian-fcgi: $(CGI_OBJ) $(BUILD)/lib/libtejian.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(WORKER_MALLOC) $^ $(LDLIBS)

$(BUILD)/tejianctl: $(CTL_OBJ) $(BUILD)/lib/libtejian.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Unit tests link the library; test_route also the worker's objects (not main.c), for
# the real route table.
CGI_LIB_OBJ := $(filter-out $(BUILD)/cgi/main.o,$(CGI_OBJ))
TEST_CFLAGS = $(CPPFLAGS) -DTEMPLATE_DIR=\"$(CURDIR)/templates\" $(CFLAGS)
# Compiled and linked in one step, so -MMD lists the headers as prerequisites of the
# binary: they must not reach the command line (cc would then rewrite the .d from them).
SRCS = $(filter-out %.h,$^)
$(BUILD)/tests/test_route: tests/unit/test_route.c $(CGI_LIB_OBJ) $(BUILD)/lib/libtejian.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $(SRCS) $(LDLIBS) -lcmocka
$(BUILD)/tests/test_fcgi_reply: tests/unit/test_fcgi_reply.c $(BUILD)/cgi/fcgi_reply.o
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $(SRCS) -lfcgi -lcmocka
$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/lib/libtejian.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $(SRCS) $(LDLIBS) -lcmocka

$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/lib/libtejian.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $(SRCS) $(LDLIBS)

$(BUILD)/tests/integration_%: tests/integration/%_test.c tests/integration/browser.c tests/integration/testkit.c $(BUILD)/lib/libtejian.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/integration $(CFLAGS) -o $@ $(SRCS) $(LDLIBS) -lcmocka -lcurl

# libFuzzer targets (clang); `make check` runs each for a bounded time.
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
$(BUILD)/fuzz/fuzz_multipart: tests/fuzz/fuzz_multipart.c lib/multipart.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -o $@ $^
# The seed corpus is signed by the demo CA in tests/fuzz/pdf_verify_ca.pem, trusted here.
$(BUILD)/fuzz/fuzz_pdf_verify: tests/fuzz/fuzz_pdf_verify.c lib/pdf_verify.c lib/log.c lib/util.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) -DPDF_VERIFY_CA=\"$(CURDIR)/tests/fuzz/pdf_verify_ca.pem\" $(FUZZ_CFLAGS) -o $@ $^ -lssl -lcrypto
SHEET_SRC := lib/sheet_read.c lib/sheet_xlsx.c lib/sheet_xlsx_rows.c
$(BUILD)/fuzz/fuzz_sheet_read: tests/fuzz/fuzz_sheet_read.c $(SHEET_SRC) $(wildcard lib/sheet*.h) tests/unit/sheet_zip.h
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(XML_CFLAGS) -Itests/unit $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^) -lzip -lxml2 -lm
# The request reader against ClearSilver's own decoder (libneo_cgi, not instrumented).
$(BUILD)/fuzz/fuzz_reqparse: tests/fuzz/fuzz_reqparse.c lib/reqparse.c lib/form.c lib/render.c lib/render_eval.c lib/render_expr.c lib/log.c lib/util.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -o $@ $^ -lneo_cgi -lneo_cs -lneo_utl -lz -lssl -lcrypto
# The template evaluator (lib/render_eval.c) against cs_render, byte for byte.
$(BUILD)/fuzz/fuzz_render_eval: tests/fuzz/fuzz_render_eval.c lib/render.c lib/render_eval.c lib/render_expr.c lib/log.c lib/util.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -o $@ $^ -lneo_cgi -lneo_cs -lneo_utl -lz -lssl -lcrypto
fuzz: $(BUILD)/fuzz/fuzz_multipart $(BUILD)/fuzz/fuzz_pdf_verify $(BUILD)/fuzz/fuzz_sheet_read $(BUILD)/fuzz/fuzz_reqparse $(BUILD)/fuzz/fuzz_render_eval

# Database time of the equipment lists at 1 000 000 devices (bench/README.md).
$(BUILD)/bench/explain: bench/explain.c $(BUILD)/lib/libtejian.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $^ $(LDLIBS)
# Bulk import of 10 000 elevators, validation and insert included (bench/README.md).
$(BUILD)/bench/maint_import: bench/maint_import.c $(BUILD)/lib/libtejian.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $(SRCS) $(LDLIBS)
# Time and peak memory of the spreadsheet import reader (bench/README.md).
$(BUILD)/bench/sheet_read: bench/sheet_read.c $(BUILD)/lib/libtejian.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $(SRCS) $(LDLIBS)
bench-sheet: $(BUILD)/bench/sheet_read
	@$(BUILD)/bench/sheet_read
$(BUILD)/bench/micro: bench/micro.c $(BUILD)/lib/libtejian.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $^ $(LDLIBS)
bench-explain: all $(BUILD)/bench/explain
	@./bench/explain.sh

# The stack under wrk, side by side with its ceilings (bench/README.md). BENCH_MODE=sweep:
# the worker sweep (2/4/8). Builds its own binaries in build/bench-prod.
BENCH_MODE ?= default
bench: all
	@./bench/bench.sh $(if $(filter sweep,$(BENCH_MODE)),--sweep,)

run: deps all
	@./deploy/stack.sh run --port $(PORT)

stop:
	@./deploy/stack.sh stop

check: deps all $(UNIT_BIN) $(INTEG_BIN) $(TOOL_BIN) fuzz
	@./tests/run-all.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tejian
	install -m 755 $(BUILD)/tejian-fcgi $(BUILD)/tejianctl $(DESTDIR)$(PREFIX)/bin/
	cp -R templates static migrations $(DESTDIR)$(PREFIX)/share/tejian/
	install -d $(DESTDIR)$(PREFIX)/share/tejian/deploy
	install -m 644 nginx.conf.example deploy/fastcgi.inc deploy/tejian.conf.example deploy/tejian-fcgi.service deploy/tejian-fold.service deploy/tejian-fold.timer $(DESTDIR)$(PREFIX)/share/tejian/deploy/

clean:
	rm -rf $(BUILD) tests/e2e/out

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
