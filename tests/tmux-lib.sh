# tmux-lib.sh — watching and driving the dashboard in tmux, for the
# dashboard's tests (sourced, not run).  The caller sets TMUX_CMD (tmux on
# a socket of its own), runs the dashboard in session "dcb" and sets
# fail=0; check sets fail=1 on a failed step.

screen() {
	$TMUX_CMD capture-pane -p -t dcb 2>/dev/null
}

# wait_for TEXT [SECONDS]: until the screen shows TEXT (fixed string).
wait_for() {
	i=0
	limit=$(( ${2:-10} * 10 ))
	while [ $i -lt $limit ]; do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_for_re REGEX [SECONDS]: until the screen shows a match of REGEX.
wait_for_re() {
	i=0
	limit=$(( ${2:-10} * 10 ))
	while [ $i -lt $limit ]; do
		if screen | LC_ALL=C.UTF-8 grep -qE -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# not_shown TEXT: the dashboard runs and does not show TEXT now.  A
# dashboard that crashed or quit shows none of its text either, so its key
# bar (F1 ... F10, drawn "1Help ... 10Quit") must be there and its exit
# line must not.
not_shown() {
	s=$(screen)
	case $s in *dashboard-exit=*) return 1 ;; esac
	printf '%s\n' "$s" | grep -Eq '^ ?1[[:alpha:]].* 10[[:alpha:]]' || return 1
	! printf '%s\n' "$s" | grep -qF -- "$1"
}

check() {
	what=$1
	shift
	if "$@"; then
		echo "ok: $what"
	else
		echo "FAIL: $what" >&2
		echo "---- screen ----" >&2
		screen >&2
		echo "----------------" >&2
		fail=1
	fi
}

keys() {
	$TMUX_CMD send-keys -t dcb "$@"
	sleep 0.3
}
