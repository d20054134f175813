/* exe-dir.c — folders beside the running binary. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exe-dir.h"

bool
dcb_exe_dir_find(const char *rel, char *out, size_t size)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	struct stat st;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	if ((size_t)snprintf(path, sizeof path, "%s/%s", exe, rel) >= sizeof path ||
	    stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || strlen(path) >= size)
		return false;
	memcpy(out, path, strlen(path) + 1);
	return true;
}
