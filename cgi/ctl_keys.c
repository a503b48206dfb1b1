/* ctl_keys.c — `tejianctl keys init --dir D [--org NAME]`: the demo CA and the agency's
 * signing certificate (lib/pdf_keys.c) for test stacks and `make run`. Idempotent:
 * existing keys are kept. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "pdf_keys.h"

#define DEFAULT_ORG "天津市特种设备监督检验技术研究院"

int ctl_keys(int argc, char **argv)
{
    static const struct option opts[] = {
        {"dir", required_argument, NULL, 'd'},
        {"org", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL, *org = DEFAULT_ORG;
    int c, created = 0;

    if (argc < 2 || strcmp(argv[1], "init") != 0) {
        fprintf(stderr, "tejianctl keys: say init --dir DIR [--org NAME]\n");
        return 2;
    }
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            dir = optarg;
        else if (c == 'o')
            org = optarg;
        else
            return 2;
    }
    if (!dir || !*dir || !*org || optind != argc) {
        fprintf(stderr, "tejianctl keys init: --dir DIR is required (--org NAME optional)\n");
        return 2;
    }
    if (pdf_keys_init(dir, org, &created) < 0) {
        fprintf(stderr, "tejianctl keys init: keys could not be made in %s (see the log)\n", dir);
        return 1;
    }
    if (created)
        printf("signing keys made in %s: ca.pem, chain.pem, sign-cert.pem, sign-key.pem (%s)\n",
               dir, org);
    else
        printf("signing keys in %s kept (sign-cert.pem exists)\n", dir);
    return 0;
}
