/* maint_import.c — time of a bulk import of N elevators (default 10 000), validation and
 * insert included, through the same functions the pages call: an .xlsx written with
 * libxlsxwriter, maint_import_read (sheet_read + checks + duplicate query + preview
 * stored as jsonb) and maint_import_commit (one INSERT ... SELECT, one transaction).
 * Each run makes its own maintenance company in 和平区 so the codes never collide.
 *   TEJIAN_DB='host=... dbname=tejian user=tejian' build/bench/maint_import [N]
 * (bench/maint_import.sh runs it against a throwaway stack). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "db.h"
#include "maint_import.h"
#include "util.h"

static double ms_since(double t0) { return (now_monotonic() - t0) * 1000.0; }

static unsigned char *sheet(int n, size_t *len)
{
    static const char *const header[] = {"设备名称", "注册代码", "内部编号", "检验日期", "下次检验日期",
                                         "责任单位", "制造单位", "安全管理员", "安全管理员电话"};
    char path[] = "/tmp/tejian-bench-XXXXXX", code[32], internal[24];
    int fd = mkstemp(path);
    unsigned char *data = NULL;
    char *buf = NULL;

    if (fd < 0)
        return NULL;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "电梯");
    for (int c = 0; c < 9; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, header[c], NULL);
    for (int i = 0; i < n; i++) {
        snprintf(code, sizeof code, "3110120101%04d%02d%04d", 2000 + i / 120000, 1 + (i / 10000) % 12, i % 10000);
        snprintf(internal, sizeof internal, "NB-%05d", i);
        const char *v[9] = {"曳引式客梯", code, internal, "2026-03-01", "2027-02-28", "测试物业有限公司",
                            "上海三菱电梯有限公司", "李安全", "13800000007"};
        for (int c = 0; c < 9; c++)
            worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, v[c], NULL);
    }
    if (workbook_close(wb) != LXW_NO_ERROR || read_file(path, &buf, len))
        goto out;
    data = (unsigned char *)buf;
out:
    unlink(path);
    return data;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    const char *conninfo = getenv("TEJIAN_DB");
    struct user u = {0};
    char token[33], err[256], name[64], code[24], idbuf[32];
    const char *msg = NULL;
    long imported = 0;
    size_t len = 0;
    unsigned char *data;
    double t0, t_read, t_commit;

    if (!conninfo || db_open(conninfo)) {
        fprintf(stderr, "maint_import: set TEJIAN_DB to a migrated database\n");
        return 2;
    }
    /* A company of its own, with the main account of the demo maintenance company's
     * password hash (it never signs in). */
    snprintf(name, sizeof name, "压测维保公司%ld", (long)time(NULL));
    snprintf(code, sizeof code, "%ld", (long)time(NULL));
    const char *v[2] = {name, code};
    if (db_text("WITH o AS (INSERT INTO org (kind, name, unit_types, district, certified, state)"
                " VALUES ('enterprise', $1, '{maintenance}', '120101', true, 'active') RETURNING id),"
                " a AS (INSERT INTO account (org_id, login, password_hash, name, roles)"
                "  SELECT id, 'bench' || $2, 'x', '压测', '{ent_main}' FROM o RETURNING id, org_id)"
                " SELECT id || ' ' || org_id FROM a",
                2, v, idbuf, sizeof idbuf) != 1 ||
        sscanf(idbuf, "%ld %ld", &u.id, &u.org_id) != 2) {
        fprintf(stderr, "maint_import: cannot create the company\n");
        return 1;
    }
    u.roles = ROLE_ENT_MAIN | ROLE_MAINT;
    snprintf(u.login, sizeof u.login, "bench%s", code);
    if (!(data = sheet(n, &len))) {
        fprintf(stderr, "maint_import: cannot write the sheet\n");
        return 1;
    }
    t0 = now_monotonic();
    if (maint_import_read(&u, maint_kind(MAINT_ELEVATOR), data, len, "bench.xlsx", token, err, sizeof err) != 1) {
        fprintf(stderr, "maint_import: read failed: %s\n", err);
        return 1;
    }
    t_read = ms_since(t0);
    t0 = now_monotonic();
    if (maint_import_commit(&u, maint_kind(MAINT_ELEVATOR), token, 1, "127.0.0.1", &imported, &msg) != 1) {
        fprintf(stderr, "maint_import: commit refused: %s\n", msg ? msg : "error");
        return 1;
    }
    t_commit = ms_since(t0);
    printf("rows %d, xlsx %zu bytes: read+check+store preview %.0f ms, import %.0f ms, total %.0f ms (%ld imported)\n",
           n, len, t_read, t_commit, t_read + t_commit, imported);
    free(data);
    db_close();
    return imported == n ? 0 : 1;
}
