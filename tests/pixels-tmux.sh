#!/bin/sh
# pixels-tmux.sh — the browser's image preview in the real dashboard,
# driven through tmux: arrowing through the samples shows each one's
# picture (half-blocks on the 256-colour grey ramp) with its frame and
# window, or says why there is none; window presets and frames change it;
# keys are answered while an 8 MB image decodes; the full-screen view
# returns to an intact dashboard.
#
# Runs on its own tmux socket with free ports and a temp state folder.
set -u

builddir=$(pwd)
bin="$builddir/${top_builddir:-.}/dicombench"
samples="$builddir/${top_builddir:-.}/data/samples"
sock="dcbpix-$$"
T="tmux -L $sock -f /dev/null"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dcb-pixels-tmux.XXXXXX")
failed=0

trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

command -v tmux >/dev/null || { echo "FAIL: tmux is needed for this test" >&2; exit 1; }
[ -x "$bin" ] || { echo "FAIL: $bin not built" >&2; exit 1; }
[ -f "$samples/CT-explicit-le.dcm" ] || { echo "FAIL: no samples in $samples" >&2; exit 1; }

# seen TEXT [SECONDS]: the screen shows TEXT within SECONDS (default 10).
seen() {
	n=0
	while [ $n -lt $(( ${2:-10} * 10 )) ]; do
		$T capture-pane -p -t pv | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

expect() {
	if seen "$@"; then
		echo "ok: shows '$1'"
	else
		echo "FAIL: the screen never showed '$1'" >&2
		$T capture-pane -p -t pv >&2
		failed=$((failed + 1))
	fi
}

press() {
	$T send-keys -t pv "$@"
	sleep 0.2
}

# 160 columns: the browser is wide enough for the preview beside its list
$T new-session -d -s pv -x 160 -y 45 \
	"env LANG=C.UTF-8 LANGUAGE= TERM=screen-256color HOME=$tmp XDG_STATE_HOME=$tmp/state \
	 XDG_CONFIG_HOME=$tmp/config $bin ui --scp-port 0 --scp-tls-port 0 --images $samples; sleep 60"
expect "CT-explicit-le.dcm"

# The samples in the browser's order, after "..", and what each shows.
press Home Down
expect "1/1 file C 2048 W 4096"          # CR-chest
press Down
expect "1/1 file C 40 W 400"             # CT-explicit-le
# the picture: half-blocks, coloured from the grey ramp (232..255)
if $T capture-pane -e -p -t pv | grep -q '48;5;2[3-5][0-9]m▀'; then
	echo "ok: half-blocks on the grey ramp"
else
	echo "FAIL: no half-block cell with a grey-ramp background" >&2
	failed=$((failed + 1))
fi
press w
expect "1/1 lung C -600 W 1500"
press w
expect "1/1 bone C 300 W 1500"
press W W
expect "1/1 file C 40 W 400"
press Down Down
expect "1/1 file C 40 W 400"             # CT-rle-lossless: a new file, the file's window
press Down
expect "1/1 file C 8192 W 16384" 20      # DX 2048 x 2048, 8 MB
# keys while it decodes: down and straight back up is answered
press Down Down Up Up
expect "1/1 file C 8192 W 16384" 20
press Down Down Down
expect "1/2 file C"                      # NM-static-2frames: min/max
press ']'
expect "2/2 file C"
press ']'
expect "1/2 file C"
press Down
expect "no preview:"                     # README.txt
press Down
expect "1/16 file C"                     # RTDOSE, 32-bit
press Down
expect "there is no Pixel Data"          # RTSTRUCT
press Down
expect "1/1 file colour"                 # SC RGB
press Down Down
expect "1/10 file colour"                # US multi-frame RGB
press '['
expect "10/10 file colour"

# the full-screen view keeps the frame and window, and gives the screen back
press p
expect "other keys close"
expect "10/10 file colour"
press ']'
expect "1/10 file colour"
press Escape
if seen "Findings (" 5 && seen "Trace" 2 && ! seen "other keys close" 1; then
	echo "ok: the dashboard is back after the full-screen view"
else
	echo "FAIL: the dashboard did not come back after the full-screen view" >&2
	$T capture-pane -p -t pv >&2
	failed=$((failed + 1))
fi

echo "pixels-tmux: $failed failed"
[ $failed -eq 0 ]
