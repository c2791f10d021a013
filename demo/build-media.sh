#!/usr/bin/env bash
# build-media.sh: rebuild demo/media/ (content loop, three ads, slate, catalog.json, README.md).
#
# Synthetic sources come from ffmpeg's lavfi generators (testsrc2 / color + drawtext labels,
# sine tones), so nothing is downloaded and the result is CC0. Each source is then packaged with
# scripts/package-creative.sh (the project's creative packaging command: the demo dogfoods it)
# with a tiny ladder: H.264 Baseline 160x90 (~80 kb/s) and 320x180 (~160 kb/s) at 10 fps, AAC-LC
# mono 32 kb/s, 2 s segments. catalog.json (imported by the Worker's demo origin and ad server)
# is assembled from the creative.json files.
#
# DASH: every packaged rendition is then remuxed (no re-encode, same bits) into CMAF fMP4 for
# DASH, in <item>/dash/<rendition>/init.mp4 + seg001.m4s…, and dash-catalog.json lists them with
# exact segment durations in their timescale (what demo/dash-origin.ts and the DASH ad periods
# need). `--dash-only` redoes only this step from the packaged HLS renditions.
#
# Usage: demo/build-media.sh [--dash-only]   (needs ffmpeg, ffprobe, node; ~1 minute)
# Output is byte-reproducible with the same ffmpeg/x264 build (the packager runs x264 with
# --threads 1; the DASH remux is written with +bitexact).
set -euo pipefail
DASH_ONLY=0
[[ "${1:-}" == "--dash-only" ]] && DASH_ONLY=1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MEDIA="$ROOT/demo/media"
PACKAGE="$ROOT/scripts/package-creative.sh"
die() { echo "build-media: error: $*" >&2; exit 1; }
log() { echo "build-media: $*" >&2; }
for tool in ffmpeg ffprobe node; do command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found"; done

LADDER="160x90:80000,320x180:160000"
PKG_OPTS=(--ladder "$LADDER" --segment-sec 2 --fps 10 --profile baseline --audio-bitrate 32000 --mono
  --preset slow --threads 1 --force)
# Ads and slate are flat cards: capped CRF keeps them far below the cap (the content loop uses
# average-bitrate mode at the rung bitrates, the realistic case).
CARD_OPTS=(--crf 26)
FPS=10 W=640 H=360

SRC=$(mktemp -d "${TMPDIR:-/tmp}/edge-ssai-media.XXXXXX")
trap 'rm -rf "$SRC"' EXIT

if [[ "$DASH_ONLY" == 0 ]]; then
# ---------------------------------------------------------------- drawtext (optional)
FONT=
for f in /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf /usr/share/fonts/dejavu/DejaVuSans-Bold.ttf \
         /usr/share/fonts/TTF/DejaVuSans-Bold.ttf /Library/Fonts/Arial\ Bold.ttf /System/Library/Fonts/Supplemental/Arial\ Bold.ttf; do
  [[ -f "$f" ]] && { FONT=$f; break; }
done
if [[ -z "$FONT" ]] && command -v fc-match >/dev/null 2>&1; then FONT=$(fc-match -f '%{file}' 'sans:bold' 2>/dev/null || true); fi
TEXT=0
if [[ -n "$FONT" && -f "$FONT" && "$(ffmpeg -hide_banner -filters 2>/dev/null)" == *" drawtext "* ]]; then
  TEXT=1; log "labels with drawtext, font $FONT"
else
  log "drawtext or a font is missing: building without labels (colours and tones still tell the parts apart)"
fi

# text FILE SIZE X Y [BOX]: a drawtext filter reading FILE (textfile avoids filtergraph escaping;
# %{pts:hms}, %{frame_num} and %{eif:…} expand per frame).
text() {
  local box=${5:-0}
  printf "drawtext=fontfile='%s':textfile='%s':fontsize=%s:fontcolor=white:x=%s:y=%s:box=%s:boxcolor=black@0.55:boxborderw=8" \
    "$FONT" "$1" "$2" "$3" "$4" "$box"
}

# source NAME DURATION VIDEO_GRAPH TONE_HZ BEEP_FACTOR LABEL_LINES… → $SRC/NAME.mp4
# LABEL_LINES are "size|x|y|box|text" entries.
source_mp4() {
  local name=$1 dur=$2 vsrc=$3 tone=$4 beep=$5; shift 5
  local vf="format=yuv420p" i=0 spec size x y box txt
  if [[ "$TEXT" == 1 ]]; then
    for spec in "$@"; do
      IFS='|' read -r size x y box txt <<<"$spec"
      printf '%s' "$txt" >"$SRC/$name.$i.txt"
      vf+=",$(text "$SRC/$name.$i.txt" "$size" "$x" "$y" "$box")"
      i=$((i + 1))
    done
  fi
  local sep='='; [[ "$vsrc" == *=* ]] && sep=':'
  log "source $name.mp4 (${dur} s, ${tone} Hz)"
  ffmpeg -nostdin -hide_banner -v error -y \
    -f lavfi -i "$vsrc$sep""s=${W}x${H}:r=$FPS:d=$dur" \
    -f lavfi -i "sine=f=$tone:beep_factor=$beep:sample_rate=48000:d=$dur" \
    -vf "$vf" -c:v libx264 -preset medium -crf 14 -threads 1 -pix_fmt yuv420p \
    -c:a aac -b:a 128k -ac 2 -shortest -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
    "$SRC/$name.mp4"
}

# ---------------------------------------------------------------- sources
# Content: moving test pattern, "CONTENT", running clock and frame counter; 440 Hz with an
# 880 Hz beep every second.
source_mp4 content 30 testsrc2 440 2 \
  "64|(w-text_w)/2|16|1|CONTENT" \
  "40|(w-text_w)/2|h-text_h-24|1|%{pts:hms}  #%{frame_num}"
# Ads: flat colour cards, label, duration and a countdown; one pitch each (C5, E5, G5).
ad_card() { # key seconds colour tone label
  source_mp4 "$1" "$2" "color=c=$3" "$4" 1 \
    "84|(w-text_w)/2|40|0|$5" \
    "40|(w-text_w)/2|150|0|${2} s ad" \
    "40|(w-text_w)/2|h-text_h-30|1|ends in %{eif:ceil($2-t):d} s  #%{frame_num}"
}
ad_card ad-10s 10 0x1c64d8 523.25 "AD 1"
ad_card ad-14s 14 0xd9480f 659.25 "AD 2"
ad_card ad-20s 20 0x2b8a3e 783.99 "AD 3"
# Slate: dark card, "SLATE — we'll be right back", a clock; low 220 Hz tone.
source_mp4 slate 10 "color=c=0x2b2b33" 220 1 \
  "84|(w-text_w)/2|50|0|SLATE" \
  "34|(w-text_w)/2|160|0|— we'll be right back —" \
  "40|(w-text_w)/2|h-text_h-30|1|%{pts:hms}"

# ---------------------------------------------------------------- package
rm -rf "$MEDIA/content" "$MEDIA/ads" "$MEDIA/slate" "$MEDIA/catalog.json"
mkdir -p "$MEDIA/ads"
"$PACKAGE" --input "$SRC/content.mp4" --out "$MEDIA" --key content "${PKG_OPTS[@]}" >/dev/null
for ad in ad-10s ad-14s ad-20s; do
  "$PACKAGE" --input "$SRC/$ad.mp4" --out "$MEDIA/ads" --key "$ad" "${PKG_OPTS[@]}" "${CARD_OPTS[@]}" >/dev/null
done
"$PACKAGE" --input "$SRC/slate.mp4" --out "$MEDIA" --key slate "${PKG_OPTS[@]}" "${CARD_OPTS[@]}" >/dev/null

# ---------------------------------------------------------------- verify
log "verifying: every playlist decodes without errors"
while IFS= read -r pl; do
  errs=$(ffmpeg -nostdin -v error -i "$pl" -map 0 -f null - 2>&1) || die "decoding ${pl#"$MEDIA"/} failed: $errs"
  [[ -z "$errs" ]] || die "decoding ${pl#"$MEDIA"/} reported: $errs"
  ffprobe -v error -show_entries stream=codec_name,profile,width,height,sample_rate,channels -of csv=p=0 "$pl" >/dev/null ||
    die "ffprobe cannot read ${pl#"$MEDIA"/}"
done < <(find "$MEDIA" -name index.m3u8 | sort)

# ---------------------------------------------------------------- catalog.json
# One entry per packaged item: key, multivariant path, duration, and per rendition the playlist
# attributes and every segment with its exact duration (from the creative.json the packager
# measured with ffprobe). Paths are relative to demo/media/.
node - "$MEDIA" <<'EOF'
const fs = require('node:fs');
const path = require('node:path');
const media = process.argv[2];
const entry = (dir) => {
  const c = JSON.parse(fs.readFileSync(path.join(media, dir, 'creative.json'), 'utf8'));
  return {
    key: c.key,
    path: `${dir}/index.m3u8`,
    durationSec: c.durationSec,
    renditions: c.renditions.map((r) => {
      const rdir = path.posix.dirname(r.path);
      const out = { kind: r.kind, path: `${dir}/${r.path}`, bandwidth: r.bandwidth, averageBandwidth: r.averageBandwidth };
      if (r.kind === 'video') Object.assign(out, { width: r.width, height: r.height, frameRate: r.frameRate });
      else out.channels = r.channels;
      out.codecs = r.codecs;
      out.segments = r.segmentDurationsSec.map((d, i) => ({ uri: `${dir}/${rdir}/seg${String(i).padStart(3, '0')}.ts`, durationSec: d }));
      return out;
    }),
  };
};
const catalog = {
  version: 1,
  note: 'Generated by demo/build-media.sh; paths relative to demo/media/. Video renditions carry their EXT-X-STREAM-INF BANDWIDTH/CODECS (video + audio).',
  segmentSec: 2,
  content: entry('content'),
  ads: ['ad-10s', 'ad-14s', 'ad-20s'].map((k) => entry(`ads/${k}`)),
  slate: entry('slate'),
};
// One segment per line: readable diffs, still small.
const text = JSON.stringify(catalog, null, 1).replace(/\{\n\s*"uri": ("[^"]+"),\n\s*"durationSec": ([0-9.]+)\n\s*\}/g, '{"uri": $1, "durationSec": $2}');
fs.writeFileSync(path.join(media, 'catalog.json'), text + '\n');
EOF

fi # DASH_ONLY

# ---------------------------------------------------------------- DASH (CMAF) remux
# dash_remux ITEM_DIR: each rendition's MPEG-TS segments, concatenated, are remuxed by ffmpeg's
# DASH muxer into fMP4 2 s segments (cut on the same keyframes), timestamps starting at 0 per
# rendition. ffmpeg's own manifest.mpd is read for the exact SegmentTimeline, then removed.
dash_remux() {
  local item=$1 r list out
  rm -rf "$item/dash"
  for r in v0 v1 a0; do
    [[ -d "$item/$r" ]] || continue
    list=$(find "$item/$r" -name 'seg*.ts' | sort | paste -sd'|' -)
    out="$item/dash/$r"
    mkdir -p "$out"
    local codec_opts=(-tag:v avc1)
    [[ "$r" == a* ]] && codec_opts=(-bsf:a aac_adtstoasc -tag:a mp4a)
    (cd "$out" && ffmpeg -nostdin -hide_banner -v error -y -i "concat:$list" -map 0 -c copy "${codec_opts[@]}" \
      -f dash -seg_duration 2 -use_template 1 -use_timeline 1 -single_file 0 \
      -init_seg_name init.mp4 -media_seg_name 'seg$Number%03d$.m4s' \
      -fflags +bitexact -flags +bitexact -map_metadata -1 manifest.mpd)
  done
}
log "DASH: remuxing every rendition into CMAF fMP4"
for item in content ads/ad-10s ads/ad-14s ads/ad-20s slate; do dash_remux "$MEDIA/$item"; done

# dash-catalog.json: per item, per rendition the DashCreativeRendition fields of
# src/core/dash/ad-period.ts (paths relative to the item's dash/ folder), from ffmpeg's MPDs, the
# HLS creative.json (dimensions, frame rate, channels) and the segment files (peak bandwidth).
node - "$MEDIA" <<'EOF'
const fs = require('node:fs');
const path = require('node:path');
const media = process.argv[2];
const attr = (tag, name) => (new RegExp(`\\b${name}="([^"]*)"`).exec(tag) ?? [])[1];
const item = (dir) => {
  const c = JSON.parse(fs.readFileSync(path.join(media, dir, 'creative.json'), 'utf8'));
  const renditions = ['v0', 'v1', 'a0'].filter((r) => fs.existsSync(path.join(media, dir, 'dash', r))).map((r) => {
    const rdir = path.join(media, dir, 'dash', r);
    const mpd = fs.readFileSync(path.join(rdir, 'manifest.mpd'), 'utf8');
    const rep = /<Representation [^>]*>/.exec(mpd)[0];
    const tmpl = /<SegmentTemplate [^>]*>/.exec(mpd)[0];
    const timescale = Number(attr(tmpl, 'timescale'));
    const startNumber = Number(attr(tmpl, 'startNumber') ?? 1);
    const durations = [];
    for (const s of mpd.matchAll(/<S [^>]*>/g)) for (let i = 0; i <= Number(attr(s[0], 'r') ?? 0); i++) durations.push(Number(attr(s[0], 'd')));
    const files = durations.map((_, i) => `seg${String(startNumber + i).padStart(3, '0')}.m4s`);
    for (const f of files) if (!fs.existsSync(path.join(rdir, f))) throw new Error(`${dir}/dash/${r}: ${f} missing`);
    const peak = Math.max(...files.map((f, i) => (fs.statSync(path.join(rdir, f)).size * 8 * timescale) / durations[i]));
    const hls = c.renditions.find((x) => x.path === `${r}/index.m3u8`);
    const video = r.startsWith('v');
    fs.rmSync(path.join(rdir, 'manifest.mpd'));
    return {
      id: r,
      kind: video ? 'video' : 'audio',
      mimeType: video ? 'video/mp4' : 'audio/mp4',
      codecs: attr(rep, 'codecs'),
      bandwidth: Math.ceil(peak),
      ...(video ? { width: hls.width, height: hls.height, frameRate: String(hls.frameRate) } : { lang: 'en', audioSamplingRate: Number(attr(rep, 'audioSamplingRate')), channels: hls.channels }),
      timescale,
      initialization: `${r}/init.mp4`,
      segments: { kind: 'template', media: `${r}/seg$Number%03d$.m4s`, startNumber, segmentDurations: durations },
    };
  });
  return { key: c.key, dir: `${dir}/dash`, durationSec: c.durationSec, renditions };
};
const catalog = {
  version: 1,
  note: 'Generated by demo/build-media.sh; dir is relative to demo/media/, rendition paths to dir. Segment durations are ticks of each rendition timescale.',
  content: item('content'),
  ads: ['ad-10s', 'ad-14s', 'ad-20s'].map((k) => item(`ads/${k}`)),
  slate: item('slate'),
};
const text = JSON.stringify(catalog, null, 1).replace(/"segmentDurations": \[([\d,\s]+)\]/g, (_, l) => `"segmentDurations": [${l.replace(/\s+/g, '')}]`);
fs.writeFileSync(path.join(media, 'dash-catalog.json'), text + '\n');
EOF
log "verifying: every DASH rendition decodes without errors"
for item in content ads/ad-10s ads/ad-14s ads/ad-20s slate; do
  for r in "$MEDIA/$item"/dash/*/; do
    errs=$(cd "$r" && cat init.mp4 seg*.m4s | ffmpeg -nostdin -v error -i - -map 0 -f null - 2>&1) || die "decoding ${r#"$MEDIA"/} failed: $errs"
    [[ -z "$errs" ]] || die "decoding ${r#"$MEDIA"/} reported: $errs"
  done
done

# ---------------------------------------------------------------- README.md
size_of() { du -sk "$1" | awk '{print $1 " KiB"}'; }
FFMPEG_VERSION=$(ffmpeg -version | awk 'NR==1{print $3}')
{
  cat <<EOF
# Demo media

Generated by \`demo/build-media.sh\` (do not edit by hand; rebuild instead). Synthetic: ffmpeg
\`lavfi\` test patterns, colour cards and sine tones, packaged by \`scripts/package-creative.sh\`
(see \`docs/packaging-creatives.md\`). Built with ffmpeg $FFMPEG_VERSION.

**License:** generated media, dedicated to the public domain under
[CC0 1.0](https://creativecommons.org/publicdomain/zero/1.0/).

## Rebuild

\`\`\`sh
apt-get install -y ffmpeg     # or brew install ffmpeg
demo/build-media.sh           # rewrites content/ ads/ slate/ catalog.json README.md
\`\`\`

Every item was packaged with:

\`\`\`sh
scripts/package-creative.sh --input <source>.mp4 --out <dir> --key <key> \\
  ${PKG_OPTS[*]} [${CARD_OPTS[*]} for ads and slate]
\`\`\`

## What is here

| folder | key | what | duration |
|---|---|---|---|
| \`content/\` | \`content\` | test pattern, "CONTENT", running clock and frame counter; 440 Hz tone, 880 Hz beep each second; the Worker's demo origin loops it as live and VOD | 30 s |
| \`ads/ad-10s/\` | \`ad-10s\` | blue card "AD 1", countdown; 523 Hz | 10 s |
| \`ads/ad-14s/\` | \`ad-14s\` | orange card "AD 2", countdown; 659 Hz | 14 s |
| \`ads/ad-20s/\` | \`ad-20s\` | green card "AD 3", countdown; 784 Hz | 20 s |
| \`slate/\` | \`slate\` | dark card "SLATE — we'll be right back", clock; 220 Hz | 10 s |
| \`catalog.json\` | | every item's playlists, renditions and segment durations, imported by the Worker | |

Each item has the creative-store layout: \`index.m3u8\` (multivariant), \`v0/\` 160x90 and
\`v1/\` 320x180 H.264 Constrained Baseline 10 fps video-only renditions, \`a0/\` AAC-LC mono
48 kHz audio rendition normalised to −24 LUFS, all in 2 s MPEG-TS segments with aligned
boundaries, and \`creative.json\` (measured durations, bandwidths, CODECS, source hash).
Content is packaged in average-bitrate mode at the rung bitrates; ads and the slate (flat cards)
in capped-CRF mode, so they are smaller than the caps.

Each item also has \`dash/\`: the same renditions remuxed (same bits, no re-encode) into CMAF
fragmented MP4 for DASH, \`dash/<rendition>/init.mp4\` and \`seg001.m4s\`… (2 s, video timescale
10240, audio 48000, timestamps from 0 per rendition), listed in \`dash-catalog.json\`. The demo
origin's MPDs (\`demo/dash-origin.ts\`) and the ad creatives' MPDs are generated from it.

## Sizes

| path | size |
|---|---|
EOF
  for d in content ads/ad-10s ads/ad-14s ads/ad-20s slate catalog.json dash-catalog.json; do
    printf '| `%s` | %s |\n' "$d" "$(size_of "$MEDIA/$d")"
  done
  printf '| **total** | %s |\n' "$(du -sk --exclude=README.md "$MEDIA" 2>/dev/null | awk '{print $1 " KiB"}' || size_of "$MEDIA")"
  echo
  echo '## CODECS'
  echo
  for d in content ads/ad-10s ads/ad-14s ads/ad-20s slate; do
    printf -- '- `%s`: %s\n' "$d" "$(grep -o 'RESOLUTION=[0-9x]*,CODECS="[^"]*"' "$MEDIA/$d/index.m3u8" | sed 's/RESOLUTION=//; s/,CODECS=/ /' | paste -sd';' - | sed 's/;/; /g')"
  done
} >"$MEDIA/README.md"

log "done: $(du -sh "$MEDIA" | awk '{print $1}') in demo/media"
du -sk "$MEDIA"/content "$MEDIA"/ads/* "$MEDIA"/slate "$MEDIA"/catalog.json >&2
