/* cli/cmd_example.c: `drsim example`: print the built-in plan to start a new one from. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "models/load.h"

int cmd_example(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs("usage: drsim example > my-plan.yaml\n\n"
              "Print the built-in CommCare plan (scenarios/commcare.yaml), every key\n"
              "commented, to start a new plan from.\n",
              stdout);
        return CLI_EXIT_OK;
    }
    if (argc != 1) {
        fputs("usage: drsim example\n", stderr);
        return CLI_EXIT_USAGE;
    }
    size_t len;
    const char *text = load_builtin_text(&len);
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        cli_error("cannot write the plan to standard output");
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}
