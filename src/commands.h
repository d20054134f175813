/* commands.h — the subcommands of the dicombench binary.
 *
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns the process exit status. */
#ifndef DCB_COMMANDS_H
#define DCB_COMMANDS_H

int cmd_check(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_topng(int argc, char **argv);
int cmd_storescp(int argc, char **argv);
int cmd_dcmqrscp(int argc, char **argv);
int cmd_storescu(int argc, char **argv);
int cmd_echoscu(int argc, char **argv);
int cmd_findscu(int argc, char **argv);
int cmd_mppsscu(int argc, char **argv);
int cmd_movescu(int argc, char **argv);
int cmd_getscu(int argc, char **argv);
int cmd_wlmscpfs(int argc, char **argv);
int cmd_ca(int argc, char **argv);
int cmd_ui(int argc, char **argv);        /* the dashboard (ui/) */
int cmd_lesson(int argc, char **argv);    /* the dashboard playing a lesson (ui/) */

#endif
