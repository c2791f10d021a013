/**
 * @module scripts/logs-report
 * `npm run logs:report -- <folder | s3://bucket/prefix>`: reads ad-log objects (any of the three
 * formats, gzipped or not, auto-detected per line) and prints ad requests, ad delivery rate,
 * fill rate, beacons per type and failures (DESIGN §8 "Consumers", seed 003 metrics).
 * S3 credentials and endpoint come from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL,
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (AWS_REGION defaults to `auto`, R2's region).
 */
import { pathToFileURL } from 'node:url';
import { addLine, createReport, summarize, type FormatSummary } from '../src/core/logs/report.ts';
import { renderReport } from '../src/core/logs/report-render.ts';
import { Progress } from './logs/progress.ts';
import { decodeObject, listFolder, listS3, s3SettingsFromEnv, type LogObject } from './logs/sources.ts';

export interface ReportResult {
  readonly objects: number;
  readonly summaries: FormatSummary[];
  readonly unknownLines: number;
  readonly text: string;
}

/** Reads every object of `source` (up to `concurrency` at a time) into one report. */
export async function runReport(source: string, env: NodeJS.ProcessEnv, opts: { concurrency?: number; progress?: NodeJS.WriteStream } = {}): Promise<ReportResult> {
  const objects: LogObject[] = source.startsWith('s3://') ? await listS3(source, s3SettingsFromEnv(env)) : await listFolder(source);
  const report = createReport();
  const progress = new Progress(objects.length, opts.progress);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < objects.length) {
      const obj = objects[next++];
      if (obj === undefined) return;
      const text = decodeObject(await obj.read());
      for (const line of text.split('\n')) addLine(report, line);
      progress.tick(obj.size);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 8) }, worker));
  progress.finish();
  const summaries = summarize(report);
  return { objects: objects.length, summaries, unknownLines: report.unknownLines, text: renderReport(summaries, report.unknownLines, objects.length) };
}

async function main(argv: readonly string[]): Promise<number> {
  const source = argv[0];
  if (source === undefined || source === '--help' || source === '-h') {
    process.stderr.write('usage: npm run logs:report -- <folder | s3://bucket/prefix>\n');
    return source === undefined ? 2 : 0;
  }
  try {
    const result = await runReport(source, process.env);
    process.stdout.write(result.text);
    return 0;
  } catch (e) {
    process.stderr.write(`logs:report: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
