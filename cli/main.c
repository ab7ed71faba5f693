/* cli/main.c: the drsim program: every trial in this process (cli/dispatch.c runs the
 * command). */
#include <gsl/gsl_errno.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
    /* GSL aborts on errors by default; drsim checks return values instead. */
    gsl_set_error_handler_off();
    return cli_main(argc, argv);
}
