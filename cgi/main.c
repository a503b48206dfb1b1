/* main.c — tejian-fcgi: a supervisor that opens the FastCGI socket, pre-forks workers,
 * respawns any that die, drains on SIGTERM and re-executes itself on SIGHUP (new binary
 * and config, same socket). Each worker serves one request at a time: ClearSilver's
 * CGI kit keeps per-process state, so threads are out. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <fcgiapp.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "document.h"
#include "db.h"
#include "dispatch.h"
#include "log.h"
#include "render.h"
#include "req.h"

#define LISTEN_FD_ENV "TEJIAN_LISTEN_FD"

static volatile sig_atomic_t got_term, got_hup, got_chld;
/* The binary's path, resolved at start: /proc/self/exe would re-run the old, replaced
 * inode after an upgrade, defeating the point of a re-exec. */
static char self_path[4096];

static void on_term(int sig)
{
    (void)sig;
    got_term = 1;
    FCGX_ShutdownPending(); /* makes a blocked accept() return */
}

static void on_hup(int sig) { (void)sig; got_hup = 1; }
static void on_chld(int sig) { (void)sig; got_chld = 1; }

static void set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: accept() and sleep must wake up */
    sigaction(sig, &sa, NULL);
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: tejian-fcgi [-c CONFIG] [--single] [--max-requests N]\n"
            "  -c CONFIG          settings file (key = value), default /etc/tejian/tejian.conf\n"
            "  --single           serve in this process without forking (debugging, valgrind)\n"
            "  --max-requests N   with --single: exit after N requests\n"
            "signals: TERM/INT drain and stop, HUP re-exec with new binary and config\n");
}

static int worker_loop(int listen_fd, const struct config *cfg, long max_requests)
{
    FCGX_Request request;
    long served = 0;

    set_handler(SIGTERM, on_term);
    set_handler(SIGINT, on_term);
    signal(SIGHUP, SIG_IGN);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    if (FCGX_InitRequest(&request, listen_fd, 0) != 0) {
        log_error("FCGX_InitRequest failed");
        return 1;
    }
    db_use_prepared(1);
    if (db_open(cfg->db) != 0)
        log_warn("starting without a database connection; will retry per request");
    doc_keys_configure(cfg); /* the signer and trust store load on first use */
    while (!got_term) {
        if (FCGX_Accept_r(&request) < 0)
            break;
        req_serve(&request, cfg);
        /* libfcgi ends a connection with shutdown(), then waits for the server to close
         * its side, reading until EOF (up to 2 s): unread request bytes in our socket
         * would otherwise make the close reset the connection before the server has read
         * the response. When the request has been read to its end there is nothing to
         * reset, so the connection is simply closed (FCGX_Detach turns the linger off for
         * this request) and the worker goes straight back to accept(). */
        if (FCGX_GetChar(request.in) == EOF && FCGX_GetError(request.in) == 0)
            FCGX_Detach(&request);
        FCGX_Finish_r(&request);
        if (max_requests > 0 && ++served >= max_requests)
            break;
    }
    FCGX_Free(&request, 0);
    dispatch_release();
    db_close();
    return 0;
}

static pid_t spawn_worker(int listen_fd, const struct config *cfg)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(worker_loop(listen_fd, cfg, 0));
    if (pid < 0)
        log_error("fork: %s", strerror(errno));
    return pid;
}

static int open_listener(const struct config *cfg)
{
    const char *inherited = getenv(LISTEN_FD_ENV);
    int fd;

    if (inherited && *inherited) {
        fd = atoi(inherited);
        unsetenv(LISTEN_FD_ENV);
        return fd;
    }
    if (cfg->listen[0] == '/')
        unlink(cfg->listen); /* a stale socket from a crashed run */
    fd = FCGX_OpenSocket(cfg->listen, cfg->backlog);
    if (fd < 0) {
        log_error("cannot listen on %s", cfg->listen);
        return -1;
    }
    if (cfg->listen[0] == '/' && chmod(cfg->listen, 0660) != 0)
        log_warn("chmod %s: %s", cfg->listen, strerror(errno));
    return fd;
}

static int write_pidfile(const char *path)
{
    FILE *f;
    if (!path[0])
        return 0;
    if ((f = fopen(path, "w")) == NULL) {
        log_error("pidfile %s: %s", path, strerror(errno));
        return -1;
    }
    fprintf(f, "%d\n", (int)getpid());
    return fclose(f);
}

static int supervise(int listen_fd, struct config *cfg, char **argv)
{
    pid_t *pids = calloc((size_t)cfg->workers, sizeof *pids);
    int running = 0;

    if (!pids)
        return 1;
    set_handler(SIGTERM, on_term);
    set_handler(SIGINT, on_term);
    set_handler(SIGHUP, on_hup);
    set_handler(SIGCHLD, on_chld);
    signal(SIGPIPE, SIG_IGN);
    log_info("supervisor listening on %s (backlog %d), %d workers", cfg->listen, cfg->backlog,
             cfg->workers);

    for (;;) {
        pid_t pid;
        int st;

        /* Reap: a known worker that died is replaced unless we are stopping. */
        while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
            for (int i = 0; i < cfg->workers; i++) {
                if (pids[i] != pid)
                    continue;
                pids[i] = 0;
                running--;
                if (!got_term && !got_hup)
                    log_warn("worker %d exited (%s %d); respawning", (int)pid,
                             WIFSIGNALED(st) ? "signal" : "status",
                             WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
            }
        }
        if (got_term || got_hup)
            break;
        for (int i = 0; i < cfg->workers; i++) {
            if (pids[i] == 0 && (pids[i] = spawn_worker(listen_fd, cfg)) > 0)
                running++;
            else if (pids[i] < 0)
                pids[i] = 0;
        }
        got_chld = 0;
        /* Sleep until a signal arrives; the 1 s cap bounds a failed fork's retry. */
        if (!got_chld && !got_term && !got_hup)
            sleep(1);
    }

    /* Drain: workers finish the request they are on, then exit. */
    for (int i = 0; i < cfg->workers; i++)
        if (pids[i] > 0)
            kill(pids[i], SIGTERM);
    if (got_hup && !got_term) {
        /* Re-exec with the same socket; the old workers finish in the background and
         * are reaped by the new image (same pid). */
        char fdbuf[16];
        int flags = fcntl(listen_fd, F_GETFD);
        if (flags >= 0)
            fcntl(listen_fd, F_SETFD, flags & ~FD_CLOEXEC);
        snprintf(fdbuf, sizeof fdbuf, "%d", listen_fd);
        setenv(LISTEN_FD_ENV, fdbuf, 1);
        log_info("SIGHUP: re-executing %s", argv[0]);
        free(pids);
        execv(self_path, argv);
        log_error("re-exec failed: %s; stopping", strerror(errno));
        return 1;
    }
    {
        time_t deadline = time(NULL) + 30;
        while (running > 0 && time(NULL) < deadline) {
            pid_t pid = waitpid(-1, NULL, 0);
            if (pid > 0)
                running--;
            else if (errno == ECHILD)
                break;
        }
    }
    if (cfg->listen[0] == '/')
        unlink(cfg->listen);
    if (cfg->pidfile[0])
        unlink(cfg->pidfile);
    log_info("supervisor stopped");
    free(pids);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"single", no_argument, NULL, 's'},
        {"max-requests", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *conf_path = "/etc/tejian/tejian.conf";
    struct config cfg;
    char err[256];
    enum log_level level;
    int single = 0, c, fd;
    long max_requests = 0;

    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': conf_path = optarg; break;
        case 's': single = 1; break;
        case 'm': max_requests = atol(optarg); break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    config_defaults(&cfg);
    if (config_load(&cfg, conf_path, err, sizeof err) || config_finish(&cfg, err, sizeof err)) {
        fprintf(stderr, "tejian-fcgi: %s\n", err);
        return 2;
    }
    if (log_level_parse(cfg.log_level, &level) == 0)
        log_set_level(level);
    render_set_engine((enum render_engine)cfg.render_engine);
    if (!realpath("/proc/self/exe", self_path)) {
        log_error("cannot resolve own path: %s", strerror(errno));
        return 1;
    }
    if (FCGX_Init() != 0) {
        log_error("FCGX_Init failed");
        return 1;
    }
    if ((fd = open_listener(&cfg)) < 0)
        return 1;
    if (write_pidfile(cfg.pidfile))
        return 1;
    if (single) {
        int rc = worker_loop(fd, &cfg, max_requests);
        if (cfg.pidfile[0])
            unlink(cfg.pidfile);
        return rc;
    }
    return supervise(fd, &cfg, argv);
}
