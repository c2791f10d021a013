#!/usr/bin/env bash
# package-creative.sh: package one ad creative (a progressive file: MP4, MOV, MKV…) into the HLS
# renditions the creative store serves, so the edge stitches ads without transcoding anything
# (docs/architecture.md §5 "Creatives"; docs/mediatailor-compat.md §6.6: 2 s segments, audio normalised to −24 LKFS).
#
# Usage: scripts/package-creative.sh --input ad.mp4 --out DIR [options]   (see --help)
#
# Output layout (fixed: the service and the demo read exactly this):
#
#   <out>/<key>/index.m3u8          multivariant playlist: #EXT-X-INDEPENDENT-SEGMENTS, one
#                                   EXT-X-MEDIA TYPE=AUDIO GROUP-ID="aud" (URI="a0/index.m3u8"),
#                                   one EXT-X-STREAM-INF per video rendition in ladder order with
#                                   BANDWIDTH, AVERAGE-BANDWIDTH, RESOLUTION, CODECS, FRAME-RATE,
#                                   AUDIO="aud" (BANDWIDTH and CODECS include the audio rendition)
#   <out>/<key>/v<i>/index.m3u8     video-only rendition i (ladder order), MPEG-TS, H.264, VOD:
#                                   EXT-X-PLAYLIST-TYPE:VOD, EXT-X-INDEPENDENT-SEGMENTS, EXT-X-ENDLIST
#   <out>/<key>/v<i>/seg<NNN>.ts    NNN from 000; every segment starts with an IDR frame
#   <out>/<key>/a0/index.m3u8       audio-only rendition: AAC-LC 48 kHz in MPEG-TS
#   <out>/<key>/a0/seg<NNN>.ts
#   <out>/<key>/creative.json       see below
#
# creative.json:
#   { key, durationSec, segmentSec, segmentDurationsSec: [...],
#     renditions: [{ path, kind: 'video'|'audio', bandwidth, averageBandwidth, width, height,
#                    codecs, frameRate, segmentCount, segmentDurationsSec: [...],
#                    channels, loudnessLufs (audio only) }],
#     source: { file, sha256 } }
#   - durationSec and segmentDurationsSec are the video timeline (identical in every video
#     rendition), measured with ffprobe from the output packets: segment i lasts from its first
#     PTS to the next segment's first PTS; the last one to its last PTS + frame duration.
#   - Audio segments follow the same boundaries to within one AAC frame (1024 samples, 21.3 ms):
#     their own durations are in the audio rendition's segmentDurationsSec.
#   - A video rendition's bandwidth / averageBandwidth / codecs are the values of its
#     EXT-X-STREAM-INF, i.e. video + audio rendition (RFC 8216 §4.3.4.2); the audio rendition's are
#     its own. bandwidth = peak segment bitrate (bytes × 8 / duration), averageBandwidth = total
#     bytes × 8 / total duration, both measured on the output files.
#   - width/height/frameRate are null for the audio rendition; channels/loudnessLufs are absent
#     on video renditions.
#
# Alignment: every rendition has the same segment count and the same boundaries (keyframes forced
# every --segment-sec, closed GOP, no scene-cut keyframes; audio cut on the same boundaries). The
# script checks this on the output and fails if it does not hold: misaligned renditions stall
# players at ad boundaries (docs/architecture.md §6: every rendition of an ad ends on the same boundaries).
#
# Timestamps: no default 1.4 s mux offset. The audio rendition's first packet (the AAC encoder's
# priming frame) has PTS 0.2 s (see AUDIO_MUX_DELAY below for why not 0), and its first decoded
# sample has the PTS of the first video frame: 0.2 s + 1024 samples = 0.221333 s (19920 ticks of
# 90 kHz), or the B-frame reorder delay if that is larger. The demuxed renditions stay in sync.
set -euo pipefail

PROG=package-creative
die() { echo "$PROG: error: $*" >&2; exit 1; }
log() { echo "$PROG: $*" >&2; }

usage() {
  cat <<'EOF'
Usage: scripts/package-creative.sh --input FILE --out DIR [options]

Packages a progressive video file (any resolution, with or without audio) into aligned HLS
renditions (H.264 video-only renditions + one AAC audio rendition, MPEG-TS segments) and a
creative.json, in DIR/<key>/ (layout: see the header of this script or docs/packaging-creatives.md).

Options:
  --input FILE            source file (required)
  --out DIR               output root (required); the creative goes to DIR/<key>/
  --key KEY               creative key (default: input file name sanitised to [A-Za-z0-9._-])
  --ladder LIST           comma-separated WxH:videoBitsPerSec, in playlist order
                          (default: 1280x720:3000000,960x540:1800000,640x360:800000,416x234:300000)
  --segment-sec N         segment duration in seconds (default 2)
  --fps N                 output frame rate, e.g. 25, 30, 30000/1001 (default: the source's)
  --profile P             H.264 profile: baseline|main|high (default main)
  --preset P              x264 preset (default medium)
  --crf N                 capped-CRF rate control: quality N (18–28 typical) capped at each rung's
                          bitrate (default: average-bitrate mode at each rung's bitrate)
  --audio-bitrate N       AAC bits per second (default 96000)
  --mono                  mono audio (default stereo)
  --loudness LUFS         integrated loudness target (default -24, as MediaTailor; docs/mediatailor-compat.md §6.6)
  --min-tail-sec N        drop a last partial segment shorter than N s (default 0.5): a tiny last
                          segment stalls players at the ad→content boundary
  --threads N             encoder threads (default 0 = auto; set a fixed number for
                          byte-reproducible output across machines)
  --force                 replace DIR/<key>/ if it exists
  --upload-r2 BUCKET      after packaging, upload to BUCKET/creatives/<key>/… with wrangler
  --r2-prefix P           object key prefix for --upload-r2 (default: creatives)
  --local                 with --upload-r2: write to the local (Miniflare) bucket, not the remote one
  --persist-to DIR        with --local: Miniflare persistence directory (wrangler --persist-to)
  -h, --help              this help

Requires ffmpeg and ffprobe (with libx264 and the native aac encoder), awk, od, sha256sum or shasum.
EOF
}

# ---------------------------------------------------------------- arguments
INPUT= OUT= KEY= LADDER="1280x720:3000000,960x540:1800000,640x360:800000,416x234:300000"
SEG_SEC=2 FPS= PROFILE=main PRESET=medium AUDIO_BITRATE=96000 CHANNELS=2 LOUDNESS=-24
CRF= MIN_TAIL_SEC=0.5 THREADS=0 FORCE=0 R2_BUCKET= R2_PREFIX=creatives R2_LOCAL=0 PERSIST_TO=

need_arg() { [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value (see --help)"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --input) need_arg "$@"; INPUT=$2; shift 2 ;;
    --out) need_arg "$@"; OUT=$2; shift 2 ;;
    --key) need_arg "$@"; KEY=$2; shift 2 ;;
    --ladder) need_arg "$@"; LADDER=$2; shift 2 ;;
    --segment-sec) need_arg "$@"; SEG_SEC=$2; shift 2 ;;
    --fps) need_arg "$@"; FPS=$2; shift 2 ;;
    --profile) need_arg "$@"; PROFILE=$2; shift 2 ;;
    --preset) need_arg "$@"; PRESET=$2; shift 2 ;;
    --crf) need_arg "$@"; CRF=$2; shift 2 ;;
    --audio-bitrate) need_arg "$@"; AUDIO_BITRATE=$2; shift 2 ;;
    --mono) CHANNELS=1; shift ;;
    --loudness) need_arg "$@"; LOUDNESS=$2; shift 2 ;;
    --min-tail-sec) need_arg "$@"; MIN_TAIL_SEC=$2; shift 2 ;;
    --threads) need_arg "$@"; THREADS=$2; shift 2 ;;
    --force) FORCE=1; shift ;;
    --upload-r2) need_arg "$@"; R2_BUCKET=$2; shift 2 ;;
    --r2-prefix) need_arg "$@"; R2_PREFIX=$2; shift 2 ;;
    --local) R2_LOCAL=1; shift ;;
    --persist-to) need_arg "$@"; PERSIST_TO=$2; shift 2 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

[[ -n "$INPUT" ]] || die "--input is required (see --help)"
[[ -n "$OUT" ]] || die "--out is required (see --help)"
for tool in ffmpeg ffprobe awk od; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found on PATH (install ffmpeg: apt-get install ffmpeg / brew install ffmpeg)"
done
if command -v sha256sum >/dev/null 2>&1; then SHA256=(sha256sum)
elif command -v shasum >/dev/null 2>&1; then SHA256=(shasum -a 256)
else die "neither sha256sum nor shasum found"; fi
[[ "$(ffmpeg -hide_banner -encoders 2>/dev/null)" == *" libx264 "* ]] || die "this ffmpeg has no libx264 encoder"
[[ -f "$INPUT" && -r "$INPUT" ]] || die "cannot read input file '$INPUT'"

is_num() { [[ "$1" =~ ^[0-9]+([.][0-9]+)?$ ]]; }
is_num "$SEG_SEC" && awk -v s="$SEG_SEC" 'BEGIN{exit !(s >= 1)}' || die "--segment-sec must be a number ≥ 1"
is_num "$MIN_TAIL_SEC" || die "--min-tail-sec must be a number"
[[ "$AUDIO_BITRATE" =~ ^[0-9]+$ ]] || die "--audio-bitrate must be an integer (bits per second)"
[[ "$THREADS" =~ ^[0-9]+$ ]] || die "--threads must be an integer"
[[ -z "$CRF" ]] || { is_num "$CRF" && awk -v c="$CRF" 'BEGIN{exit !(c <= 51)}'; } || die "--crf must be a number 0–51"
[[ "$LOUDNESS" =~ ^-[0-9]+([.][0-9]+)?$ ]] || die "--loudness must be a negative number (LUFS)"
case "$PROFILE" in baseline|main|high) ;; *) die "--profile must be baseline, main or high" ;; esac
[[ -z "$PERSIST_TO" || "$R2_LOCAL" == 1 ]] || die "--persist-to only applies with --local"
[[ "$R2_PREFIX" =~ ^[A-Za-z0-9._/-]+$ ]] || die "--r2-prefix must match [A-Za-z0-9._/-]+"

if [[ -z "$KEY" ]]; then
  base=$(basename -- "$INPUT"); base=${base%.*}
  KEY=$(printf '%s' "$base" | LC_ALL=C tr -c 'A-Za-z0-9._-' '_')
fi
[[ "$KEY" =~ ^[A-Za-z0-9._-]+$ && "$KEY" != "." && "$KEY" != ".." ]] || die "invalid key '$KEY' (allowed: [A-Za-z0-9._-])"

# Ladder: "WxH:bps,…" → parallel arrays.
LW=() LH=() LB=()
IFS=',' read -r -a rungs <<<"$LADDER"
for r in "${rungs[@]}"; do
  [[ "$r" =~ ^([0-9]+)x([0-9]+):([0-9]+)$ ]] || die "bad ladder entry '$r' (expected WxH:bitsPerSec)"
  w=${BASH_REMATCH[1]} h=${BASH_REMATCH[2]} b=${BASH_REMATCH[3]}
  (( w >= 16 && h >= 16 && w % 2 == 0 && h % 2 == 0 )) || die "ladder entry '$r': width and height must be even and ≥ 16 (yuv420p)"
  (( b >= 10000 )) || die "ladder entry '$r': bitrate must be ≥ 10000 bps"
  LW+=("$w") LH+=("$h") LB+=("$b")
done
(( ${#LW[@]} > 0 )) || die "empty --ladder"

# ---------------------------------------------------------------- probe the source
probe() { local o; o=$(ffprobe -v error "$@" -of default=nw=1:nk=1 "$INPUT" 2>/dev/null) || true; printf '%s' "${o%%$'\n'*}"; }
[[ -n "$(probe -select_streams v:0 -show_entries stream=codec_type)" ]] || die "'$INPUT' has no video stream (or ffprobe cannot read it)"
HAS_AUDIO=0; [[ -n "$(probe -select_streams a:0 -show_entries stream=codec_type)" ]] && HAS_AUDIO=1
SRC_DUR=$(probe -select_streams v:0 -show_entries stream=duration)
is_num "${SRC_DUR:-x}" || SRC_DUR=$(probe -show_entries format=duration)
is_num "${SRC_DUR:-x}" || die "cannot determine the duration of '$INPUT'"
if [[ -z "$FPS" ]]; then
  FPS=$(probe -select_streams v:0 -show_entries stream=avg_frame_rate)
  [[ "$FPS" =~ ^[0-9]+(/[0-9]+)?$ && "$FPS" != 0/* && "${FPS#*/}" != 0 ]] || FPS=$(probe -select_streams v:0 -show_entries stream=r_frame_rate)
  [[ "$FPS" =~ ^[0-9]+(/[0-9]+)?$ && "$FPS" != 0/* && "${FPS#*/}" != 0 ]] || FPS=30
  log "frame rate from source: $FPS"
fi
[[ "$FPS" =~ ^[0-9]+([.][0-9]+)?(/[0-9]+)?$ ]] || die "--fps must be a number or a ratio like 30000/1001"
FPS_DEC=$(awk -v f="$FPS" 'BEGIN{n=split(f,p,"/"); v=(n==2)?p[1]/p[2]:p[1]; printf "%.6f", v}')
awk -v f="$FPS_DEC" 'BEGIN{exit !(f >= 1 && f <= 120)}' || die "frame rate $FPS is outside 1–120"

# Duration: drop a tiny last partial segment (a near-zero segment stalls players; docs/hardening.md), keep everything else.
DUR=$(awk -v d="$SRC_DUR" -v s="$SEG_SEC" -v m="$MIN_TAIL_SEC" 'BEGIN{
  n=int(d/s + 1e-9); tail=d-n*s; if (n >= 1 && tail > 1e-6 && tail < m) d=n*s; printf "%.6f", d }')
[[ "$DUR" != "$(printf '%.6f' "$SRC_DUR")" ]] && log "trimming duration $SRC_DUR s → $DUR s (last partial segment < --min-tail-sec $MIN_TAIL_SEC s)"
awk -v d="$DUR" 'BEGIN{exit !(d >= 0.5)}' || die "source is too short ($SRC_DUR s)"

GOP=$(awk -v f="$FPS_DEC" -v s="$SEG_SEC" 'BEGIN{g=f*s; r=int(g); if (g-r > 1e-6) r++; print r}')

# H.264 level: the lowest level whose limits (ITU-T H.264 Table A-1: MB/s, frame size in MBs,
# max bitrate; ×1.25 for High) fit the rendition, so players can check capability.
h264_level() { # w h fps maxrate profile
  awk -v w="$1" -v h="$2" -v f="$3" -v br="$4" -v p="$5" 'BEGIN{
    fs=int((w+15)/16)*int((h+15)/16); mbps=fs*f; k=(p=="high")?1.25:1
    split("1.0 1.1 1.2 1.3 2.0 2.1 2.2 3.0 3.1 3.2 4.0 4.1 4.2 5.0 5.1 5.2", L, " ")
    split("1485 3000 6000 11880 11880 19800 20250 40500 108000 216000 245760 245760 522240 589824 983040 2073600", M, " ")
    split("99 396 396 396 396 792 1620 1620 3600 5120 8192 8192 8704 22080 36864 36864", F, " ")
    split("64 192 384 768 2000 4000 4000 10000 14000 20000 20000 50000 50000 135000 240000 240000", B, " ")
    for (i=1;i<=16;i++) if (mbps<=M[i] && fs<=F[i] && br<=B[i]*1000*k) { print L[i]; exit }
    print "5.2" }'
}

# ---------------------------------------------------------------- staging
DEST="$OUT/$KEY"
if [[ -e "$DEST" ]]; then
  [[ "$FORCE" == 1 ]] || die "'$DEST' exists (use --force to replace it)"
  [[ -d "$DEST" ]] || die "'$DEST' exists and is not a directory"
  if [[ -n "$(ls -A "$DEST")" && ! -f "$DEST/creative.json" ]]; then
    die "'$DEST' is not empty and holds no creative.json: refusing to replace it"
  fi
fi
mkdir -p "$OUT"
STAGE=$(mktemp -d "$OUT/.$KEY.tmp.XXXXXX")
trap '[[ -n "${KEEP_STAGE:-}" ]] || rm -rf "$STAGE"' EXIT  # KEEP_STAGE=1: keep it for debugging
WORK="$STAGE/.work"; mkdir -p "$WORK"

HLS_OPTS=(-f hls -hls_time "$SEG_SEC" -hls_list_size 0 -hls_playlist_type vod -hls_segment_type mpegts
  -hls_flags independent_segments -start_number 0 -muxpreload 0)
run_ffmpeg() { # log-file args…: run, show the tail of the log on failure
  local logf=$1; shift
  if ! ffmpeg -nostdin -hide_banner -v error -y "$@" 2>"$logf"; then
    tail -n 20 "$logf" >&2; die "ffmpeg failed (log above)"
  fi
}

AAC_PRIMING_TICKS=1920  # 1024 samples of encoder delay at 48 kHz, in 90 kHz ticks
# ffmpeg's TS muxer packs AAC frames into one PES only while they span < muxdelay/2; with
# muxdelay 0 it writes one PES per frame (+70 % size at 32 kb/s). The audio rendition keeps
# muxdelay 0.2 s (PES ≤ 0.1 s) with mpegts_copyts (no +2×muxdelay timestamp shift); its PCR is
# then DTS − 0.2 s, so the timeline starts at 0.2 s to keep every PCR non-negative.
AUDIO_MUX_DELAY=0.2
AAC_FRAME_SEC=$(awk 'BEGIN{printf "%.6f", 1024/48000}')

# ---------------------------------------------------------------- video renditions
# Video starts one AAC priming frame after AUDIO_MUX_DELAY: the audio rendition's first packet is
# the encoder's priming frame, placed one frame before the first video frame.
VIDEO_TS_OFFSET=$(awk -v t="$AAC_PRIMING_TICKS" -v m="$AUDIO_MUX_DELAY" 'BEGIN{printf "%.6f", m + t/90000}')
for i in "${!LW[@]}"; do
  w=${LW[$i]} h=${LH[$i]} b=${LB[$i]}
  if [[ -n "$CRF" ]]; then
    maxrate=$b; rc=(-crf "$CRF" -maxrate "$b" -bufsize $(( b * 2 )))
  else
    maxrate=$(( b * 11 / 10 )); rc=(-b:v "$b" -maxrate "$maxrate" -bufsize $(( b * 2 )))
  fi
  level=$(h264_level "$w" "$h" "$FPS_DEC" "$maxrate" "$PROFILE")
  log "v$i: ${w}x${h} @ ${b} bps, H.264 $PROFILE level $level, $FPS fps, GOP $GOP"
  mkdir -p "$STAGE/v$i"
  vf="yadif=mode=0:deint=interlaced,scale=w=trunc(iw*sar/2)*2:h=ih,setsar=1,fps=fps=$FPS:start_time=0"
  vf+=",scale=w=$w:h=$h:force_original_aspect_ratio=decrease:force_divisible_by=2"
  vf+=",pad=w=$w:h=$h:x=(ow-iw)/2:y=(oh-ih)/2:color=black,setsar=1,format=yuv420p"
  run_ffmpeg "$WORK/v$i.log" -i "$INPUT" -map 0:v:0 -an -sn -dn -map_metadata -1 -map_chapters -1 \
    -vf "$vf" -r "$FPS" -t "$DUR" \
    -c:v libx264 -preset "$PRESET" -profile:v "$PROFILE" -level:v "$level" -pix_fmt yuv420p \
    "${rc[@]}" -threads "$THREADS" \
    -g "$GOP" -keyint_min "$GOP" -sc_threshold 0 -flags +cgop -forced-idr 1 \
    -force_key_frames "expr:gte(t,n_forced*$SEG_SEC)" -x264-params "open-gop=0" \
    -muxdelay 0 -output_ts_offset "$VIDEO_TS_OFFSET" "${HLS_OPTS[@]}" \
    -hls_segment_filename "$STAGE/v$i/seg%03d.ts" "$STAGE/v$i/index.m3u8"
done

# ---------------------------------------------------------------- measurement helpers
# seg_stats DIR KIND DEFAULT_DUR_TICKS → one line per segment: "index bytes firstPts endPts firstIsKey"
seg_stats() {
  local dir=$1 kind=$2 defdur=$3 f n=0 bytes rows
  [[ -e "$dir/seg000.ts" ]] || die "no segments in $dir"
  while f=$(printf '%s/seg%03d.ts' "$dir" "$n"); [[ -e "$f" ]]; do
    bytes=$(wc -c <"$f" | tr -d ' ')
    rows=$(ffprobe -v error -select_streams "${kind:0:1}:0" -show_entries packet=pts,duration,flags -of csv=p=0 "$f") ||
      die "ffprobe cannot read $f"
    awk -F, -v n="$n" -v b="$bytes" -v dd="$defdur" -v f="$f" '
        $1 ~ /^-?[0-9]+$/ { d=($2 ~ /^[0-9]+$/ && $2>0)?$2:dd
          if (c==0) key=($3 ~ /K/)?1:0
          if (c==0 || $1<min) min=$1; if (c==0 || $1+d>end) end=$1+d; c++ }
        END { if (c==0) { print "empty segment " f > "/dev/stderr"; exit 1 }
              printf "%d %d %d %d %d\n", n, b, min, end, key }' <<<"$rows" || die "cannot measure $f"
    n=$((n + 1))
  done
}
# durations TICKS-FILE → one duration per line in 90 kHz ticks (contiguous: next start − start).
durations_ticks() { awk '{ s[NR]=$3; e[NR]=$4 } END { for (i=1;i<=NR;i++) print (i<NR ? s[i+1]-s[i] : e[i]-s[i]) }' "$1"; }

VIDEO_FRAME_TICKS=$(awk -v f="$FPS_DEC" 'BEGIN{printf "%d", 90000/f + 0.5}')
for i in "${!LW[@]}"; do seg_stats "$STAGE/v$i" video "$VIDEO_FRAME_TICKS" >"$WORK/v$i.stats"; done
V_START=$(awk 'NR==1{print $3}' "$WORK/v0.stats")
for i in "${!LW[@]}"; do
  [[ "$(awk 'NR==1{print $3}' "$WORK/v$i.stats")" == "$V_START" ]] || die "video renditions start at different PTS (v0: $V_START, v$i)"
  awk -v r="v$i" '$5!=1 { print "'"$PROG"': error: " r "/seg" sprintf("%03d",$1) ".ts does not start with a keyframe" > "/dev/stderr"; bad=1 } END{exit bad}' "$WORK/v$i.stats" ||
    die "renditions are not independently decodable"
done
V_DUR_TICKS=$(awk 'NR==1{s=$3} {e=$4} END{print e-s}' "$WORK/v0.stats")
V_DUR=$(awk -v t="$V_DUR_TICKS" 'BEGIN{printf "%.6f", t/90000}')

# ---------------------------------------------------------------- audio rendition
# Trim audio one AAC frame short of the video: the encoder pads the last frame and adds a priming
# frame, and any packet starting at or after the last video boundary would open an extra segment.
A_DUR=$(awk -v d="$V_DUR" -v f="$AAC_FRAME_SEC" 'BEGIN{printf "%.6f", d-f}')
# The encoder's priming packet gets PTS offset − 1920 and the first content sample PTS offset, so
# offset = first video PTS (≥ AUDIO_MUX_DELAY + 1920 ticks thanks to VIDEO_TS_OFFSET).
A_TS_OFFSET=$(awk -v v="$V_START" 'BEGIN{printf "%.6f", v/90000}')
mkdir -p "$STAGE/a0"
AENC=(-c:a aac -profile:a aac_low -ar 48000 -ac "$CHANNELS" -b:a "$AUDIO_BITRATE")
GAIN_DB=
# measure_lufs PLAYLIST → integrated loudness (EBU R128, ffmpeg ebur128) or nothing
measure_lufs() {
  local out; out=$(ffmpeg -nostdin -hide_banner -i "$1" -af ebur128 -f null - 2>&1) || return 0
  awk '/Integrated loudness:/ { f=1 } f && $1=="I:" { print $2; exit }' <<<"$out"
}
if [[ "$HAS_AUDIO" == 1 ]]; then
  # EBU R128 two passes: measure with loudnorm, then apply a linear gain (or loudnorm's true-peak
  # limiting when the gain would push true peaks above −2 dBTP).
  ln="loudnorm=I=$LOUDNESS:TP=-2:LRA=11"
  # Down/up-mix before measuring: loudness is defined on the channels that are delivered.
  cl=stereo; [[ "$CHANNELS" == 1 ]] && cl=mono
  pre="aresample=async=1:first_pts=0,aformat=channel_layouts=$cl"
  ffmpeg -nostdin -hide_banner -i "$INPUT" -map 0:a:0 -vn -sn -dn -t "$A_DUR" \
    -af "$pre,$ln:print_format=json" -f null - 2>"$WORK/loudnorm.log" ||
    { tail -n 20 "$WORK/loudnorm.log" >&2; die "ffmpeg failed measuring loudness"; }
  jval() { sed -n 's/^[[:space:]]*"'"$1"'"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$WORK/loudnorm.log" | tail -n1; }
  mi=$(jval input_i) mtp=$(jval input_tp) mlra=$(jval input_lra) mth=$(jval input_thresh) off=$(jval target_offset)
  if [[ "$mi" =~ ^-?[0-9.]+$ && "$mtp" =~ ^-?[0-9.]+$ && "$mlra" =~ ^-?[0-9.]+$ && "$mth" =~ ^-?[0-9.]+$ && "$off" =~ ^-?[0-9.]+$ ]]; then
    gain=$(awk -v t="$LOUDNESS" -v i="$mi" 'BEGIN{printf "%.2f", t-i}')
    if awk -v tp="$mtp" -v g="$gain" 'BEGIN{exit !(tp+g <= -2)}'; then
      # A plain gain reaches the target exactly and keeps the mix: loudnorm's own linear mode
      # silently falls back to dynamic compression for steady sources (LRA 0), e.g. tones.
      log "a0: source loudness $mi LUFS → $LOUDNESS LUFS (gain ${gain} dB)"
      GAIN_DB=$gain
    else
      log "a0: source loudness $mi LUFS → $LOUDNESS LUFS (gain would clip: loudnorm with true-peak limiting)"
      af="$pre,$ln:measured_I=$mi:measured_TP=$mtp:measured_LRA=$mlra:measured_thresh=$mth:offset=$off:linear=true,aresample=48000,apad"
    fi
  else
    log "a0: source audio is silent or too short to measure (input_i=$mi): not normalising"
    af="$pre,aresample=48000,apad"
  fi
  encode_audio() { # filter graph
    rm -f "$STAGE"/a0/seg*.ts
    run_ffmpeg "$WORK/a0.log" -i "$INPUT" -map 0:a:0 -vn -sn -dn -map_metadata -1 -map_chapters -1 \
      -af "$1" -t "$A_DUR" "${AENC[@]}" \
      -muxdelay "$AUDIO_MUX_DELAY" -hls_ts_options mpegts_copyts=1 \
      -output_ts_offset "$A_TS_OFFSET" "${HLS_OPTS[@]}" -hls_segment_filename "$STAGE/a0/seg%03d.ts" "$STAGE/a0/index.m3u8"
  }
  if [[ -n "$GAIN_DB" ]]; then
    # Low-bitrate AAC shifts loudness by up to ~1 LU (tones at 32 kb/s): measure the encoded
    # rendition and correct the gain, at most twice, until within ±0.5 LU (EBU R128 tolerance).
    for attempt in 1 2 3; do
      encode_audio "$pre,volume=${GAIN_DB}dB,aresample=48000,apad"
      got=$(measure_lufs "$STAGE/a0/index.m3u8")
      [[ "$got" =~ ^-?[0-9.]+$ ]] || break
      awk -v g="$got" -v t="$LOUDNESS" 'BEGIN{d=g-t; exit !(d > 0.5 || d < -0.5)}' || break
      [[ "$attempt" == 3 ]] && { log "a0: warning: encoded loudness $got LUFS (target $LOUDNESS)"; break; }
      GAIN_DB=$(awk -v g="$GAIN_DB" -v m="$got" -v t="$LOUDNESS" 'BEGIN{printf "%.2f", g + t - m}')
      log "a0: encoded loudness $got LUFS: re-encoding with gain ${GAIN_DB} dB"
    done
  else
    encode_audio "$af"
  fi
else
  log "a0: '$INPUT' has no audio stream: generating silence so every creative has an audio rendition"
  cl=stereo; [[ "$CHANNELS" == 1 ]] && cl=mono
  run_ffmpeg "$WORK/a0.log" -f lavfi -i "anullsrc=r=48000:cl=$cl" -t "$A_DUR" "${AENC[@]}" \
    -muxdelay "$AUDIO_MUX_DELAY" -hls_ts_options mpegts_copyts=1 \
    -output_ts_offset "$A_TS_OFFSET" "${HLS_OPTS[@]}" -hls_segment_filename "$STAGE/a0/seg%03d.ts" "$STAGE/a0/index.m3u8"
fi
seg_stats "$STAGE/a0" audio 1920 >"$WORK/a0.stats"

# ---------------------------------------------------------------- alignment check
# Same segment count everywhere; video boundaries identical; audio boundaries within one AAC
# frame or one video frame (whichever is longer) of the video's, plus 1 ms.
TOL_TICKS=$(awk -v v="$VIDEO_FRAME_TICKS" 'BEGIN{ a=1920; print (v>a?v:a) + 90 }')
V_COUNT=$(wc -l <"$WORK/v0.stats" | tr -d ' ')
for r in "${!LW[@]}" a; do
  name="v$r"; [[ "$r" == a ]] && name=a0
  count=$(wc -l <"$WORK/$name.stats" | tr -d ' ')
  [[ "$count" == "$V_COUNT" ]] || die "ALIGNMENT: $name has $count segments, v0 has $V_COUNT"
  tol=0; [[ "$name" == a0 ]] && tol=$TOL_TICKS
  # Boundaries on the content timeline (0 = first video frame = first decoded audio sample).
  paste -d' ' "$WORK/v0.stats" "$WORK/$name.stats" | awk -v tol="$tol" -v n="$name" -v vs="$V_START" '
    NR>1 { vb=$3-vs; ab=$8-vs; d=ab-vb; if (d<0) d=-d; if (d>tol) {
        printf "'"$PROG"': error: ALIGNMENT: %s segment %d starts at %.6f s, v0 at %.6f s\n", n, NR-1, ab/90000, vb/90000 > "/dev/stderr"; bad=1 } }
    END { exit bad }' || die "renditions are not aligned"
done
# A/V sync: the audio's first packet is the encoder's priming frame, one frame before the content.
A_START=$(awk 'NR==1{print $3}' "$WORK/a0.stats")
awk -v a="$A_START" -v v="$V_START" -v p="$AAC_PRIMING_TICKS" 'BEGIN{ d=a+p-v; exit !(d>=-2 && d<=2) }' ||
  die "A/V SYNC: audio content starts at PTS $((A_START + AAC_PRIMING_TICKS)), video at $V_START (90 kHz)"
log "alignment ok: $V_COUNT segments in every rendition, video $V_DUR s"

# ---------------------------------------------------------------- codecs, bandwidth, playlists
# CODECS from the output's SPS: avc1.PPCCLL = profile_idc, constraint flags, level_idc (RFC 6381).
codecs_of() { # rendition dir → avc1.xxxxxx
  local s; s=$(ffmpeg -nostdin -v error -i "$1/seg000.ts" -map 0:v:0 -c copy -frames:v 1 -f h264 - | od -An -v -tx1 | tr -d ' \n' |
    grep -oE '000001(67|47|27)[0-9a-f]{6}' | head -n1 | cut -c9-14) || true
  [[ "$s" =~ ^[0-9a-f]{6}$ ]] || die "cannot read the H.264 SPS of $1"
  echo "avc1.$s"
}
aprof=$(ffprobe -v error -select_streams a:0 -show_entries stream=profile,sample_rate,channels -of csv=p=0 "$STAGE/a0/seg000.ts")
case "$aprof" in LC,48000,*) ACODECS=mp4a.40.2 ;; *) die "unexpected audio output '$aprof' (want AAC LC 48 kHz)" ;; esac
A_CHANNELS=${aprof##*,}

# bandwidth NAME → "peak average" in bits per second (ceil), from the ticks/bytes table.
bandwidth() {
  durations_ticks "$WORK/$1.stats" | paste -d' ' "$WORK/$1.stats" - | awk '
    { d=$6/90000; if (d<=0) next; b=$2*8/d; if (b>peak) peak=b; tb+=$2; td+=d }
    END { printf "%d %d\n", int(peak)+(peak>int(peak)), int(tb*8/td)+((tb*8/td)>int(tb*8/td)) }'
}
fmt_list() { durations_ticks "$1" | awk '{ s=sprintf("%.6f", $1/90000); sub(/0+$/,"",s); sub(/\.$/,"",s); a=a (NR>1?",":"") s } END { print a }'; }

TARGET=$(for f in "$WORK"/*.stats; do durations_ticks "$f"; done | awk '{ r=int($1/90000+0.5); if (r>m) m=r } END { print (m<1?1:m) }')
write_media_playlist() { # NAME → STAGE/NAME/index.m3u8 from the measured durations
  {
    printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:%s\n#EXT-X-MEDIA-SEQUENCE:0\n' "$TARGET"
    printf '#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n'
    durations_ticks "$WORK/$1.stats" | awk '{ printf "#EXTINF:%.6f,\nseg%03d.ts\n", $1/90000, NR-1 }'
    printf '#EXT-X-ENDLIST\n'
  } >"$STAGE/$1/index.m3u8"
}

read -r A_PEAK A_AVG < <(bandwidth a0)
FRAME_RATE_ATTR=$(printf '%.3f' "$FPS_DEC")
FRAME_RATE_JSON=$(awk -v f="$FPS_DEC" 'BEGIN{ s=sprintf("%.3f", f); sub(/0+$/,"",s); sub(/\.$/,"",s); print s }')
write_media_playlist a0
{
  printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n'
  printf '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="%s",URI="a0/index.m3u8"\n' "$A_CHANNELS"
} >"$STAGE/index.m3u8"
RENDITIONS_JSON=
for i in "${!LW[@]}"; do
  write_media_playlist "v$i"
  read -r peak avg < <(bandwidth "v$i")
  vcodecs=$(codecs_of "$STAGE/v$i")
  bw=$(( peak + A_PEAK )) abw=$(( avg + A_AVG )) codecs="$vcodecs,$ACODECS"
  printf '#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS="%s",FRAME-RATE=%s,AUDIO="aud"\nv%d/index.m3u8\n' \
    "$bw" "$abw" "${LW[$i]}" "${LH[$i]}" "$codecs" "$FRAME_RATE_ATTR" "$i" >>"$STAGE/index.m3u8"
  RENDITIONS_JSON+=$(printf '    {"path": "v%d/index.m3u8", "kind": "video", "bandwidth": %d, "averageBandwidth": %d, "width": %d, "height": %d, "codecs": "%s", "frameRate": %s, "segmentCount": %d, "segmentDurationsSec": [%s]},' \
    "$i" "$bw" "$abw" "${LW[$i]}" "${LH[$i]}" "$codecs" "$FRAME_RATE_JSON" "$V_COUNT" "$(fmt_list "$WORK/v$i.stats")")
  RENDITIONS_JSON+=$'\n'
  log "v$i: CODECS=$codecs BANDWIDTH=$bw AVERAGE-BANDWIDTH=$abw"
done

# ---------------------------------------------------------------- verification
for pl in "$STAGE"/v*/index.m3u8 "$STAGE/a0/index.m3u8" "$STAGE/index.m3u8"; do
  if ! ffmpeg -nostdin -v error -i "$pl" -map 0 -f null - 2>"$WORK/decode.log" || [[ -s "$WORK/decode.log" ]]; then
    tail -n 20 "$WORK/decode.log" >&2; die "decoding ${pl#"$STAGE"/} reported errors"
  fi
done
LUFS=$(measure_lufs "$STAGE/a0/index.m3u8")
[[ "$LUFS" =~ ^-?[0-9.]+$ ]] || LUFS=null
[[ "$HAS_AUDIO" == 1 ]] && log "a0: output loudness $LUFS LUFS, CODECS=$ACODECS BANDWIDTH=$A_PEAK"

# ---------------------------------------------------------------- creative.json
json_str() { printf '%s' "$1" | awk 'BEGIN{ORS=""} { gsub(/\\/,"\\\\"); gsub(/"/,"\\\""); gsub(/\t/,"\\t"); gsub(/\r/,"\\r"); gsub(/[\001-\037]/,""); if (NR>1) print "\\n"; print }'; }
SRC_SHA=$("${SHA256[@]}" "$INPUT" | awk '{print $1}')
cat >"$STAGE/creative.json" <<EOF
{
  "key": "$KEY",
  "durationSec": $(awk -v t="$V_DUR_TICKS" 'BEGIN{ s=sprintf("%.6f", t/90000); sub(/0+$/,"",s); sub(/\.$/,"",s); print s }'),
  "segmentSec": $SEG_SEC,
  "segmentDurationsSec": [$(fmt_list "$WORK/v0.stats")],
  "renditions": [
$RENDITIONS_JSON    {"path": "a0/index.m3u8", "kind": "audio", "bandwidth": $A_PEAK, "averageBandwidth": $A_AVG, "width": null, "height": null, "codecs": "$ACODECS", "frameRate": null, "segmentCount": $V_COUNT, "segmentDurationsSec": [$(fmt_list "$WORK/a0.stats")], "channels": $A_CHANNELS, "loudnessLufs": $LUFS}
  ],
  "source": {"file": "$(json_str "$(basename -- "$INPUT")")", "sha256": "$SRC_SHA"}
}
EOF

# ---------------------------------------------------------------- publish
rm -rf "$WORK"
[[ -e "$DEST" ]] && rm -rf "$DEST"
mv "$STAGE" "$DEST"
trap - EXIT
log "packaged '$INPUT' → $DEST ($V_COUNT × ${SEG_SEC}s segments, ${#LW[@]} video + 1 audio renditions)"

if [[ -n "$R2_BUCKET" ]]; then
  # The repository's pinned wrangler when the script runs from a checkout, else npx's.
  WRANGLER=("$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node_modules/.bin/wrangler")
  if [[ ! -x "${WRANGLER[0]}" ]]; then
    command -v npx >/dev/null 2>&1 || die "--upload-r2 needs wrangler: run npm install in the repository, or install Node.js (npx)"
    WRANGLER=(npx wrangler)
  fi
  mode=(--remote); [[ "$R2_LOCAL" == 1 ]] && mode=(--local)
  [[ -n "$PERSIST_TO" ]] && mode+=(--persist-to "$PERSIST_TO")
  while IFS= read -r -d '' f; do
    rel=${f#"$DEST"/}
    case "$f" in
      *.m3u8) ct=application/vnd.apple.mpegurl ;;
      *.ts) ct=video/mp2t ;;
      *.json) ct=application/json ;;
      *) continue ;;
    esac
    log "upload $R2_BUCKET/$R2_PREFIX/$KEY/$rel ($ct)"
    "${WRANGLER[@]}" r2 object put "$R2_BUCKET/$R2_PREFIX/$KEY/$rel" --file "$f" --content-type "$ct" "${mode[@]}" >/dev/null ||
      die "upload of $rel failed"
  done < <(find "$DEST" -type f -print0 | sort -z)
  log "uploaded to $R2_BUCKET/$R2_PREFIX/$KEY/ (${mode[*]})"
fi
echo "$DEST"
