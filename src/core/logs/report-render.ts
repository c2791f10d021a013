/**
 * @module core/logs/report-render
 * Plain-text rendering of the ad-log report (scripts/logs-report.ts). Pure.
 */
import type { FormatSummary } from './report.ts';

const pct = (r: number | null): string => (r === null ? 'n/a' : `${(r * 100).toFixed(1)} %`);

export function renderReport(summaries: readonly FormatSummary[], unknownLines: number, objects: number): string {
  const out: string[] = [];
  out.push(`objects read: ${objects}`);
  if (summaries.length === 0) out.push('no ad-log lines found');
  for (const s of summaries) {
    out.push('', `== ${s.format} (${s.lines} lines)`);
    out.push(`ad requests:        ${s.adRequests}`);
    out.push(`successful:         ${s.successfulAdRequests}`);
    out.push(`ad delivery rate:   ${pct(s.adDeliveryRate)}`);
    out.push(`avails:             ${s.avails}`);
    out.push(`avails with ads:    ${s.availsWithAds ?? 'n/a'}`);
    out.push(`fill rate:          ${pct(s.fillRate)}`);
    out.push('beacons per type:');
    if (s.beaconsByType.length === 0) out.push('  (none in this format)');
    for (const [type, n] of s.beaconsByType) out.push(`  ${type.padEnd(22)} ${n}`);
    out.push('failures:');
    if (s.failures.length === 0) out.push('  (none)');
    for (const [what, n] of s.failures) out.push(`  ${what.padEnd(40)} ${n}`);
    out.push('warnings (not failures):');
    if (s.warnings.length === 0) out.push('  (none)');
    for (const [what, n] of s.warnings) out.push(`  ${what.padEnd(40)} ${n}`);
  }
  if (unknownLines > 0) out.push('', `unrecognised lines: ${unknownLines}`);
  return `${out.join('\n')}\n`;
}
