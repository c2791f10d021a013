/**
 * @module scripts/logs-report
 * `npm run logs:report [-- <folder | s3://bucket/prefix>]`: reads ad-log objects (any of the three
 * formats, gzipped or not, auto-detected per line) and prints ad requests, ad delivery rate,
 * fill rate, beacons per type, failures and warnings (docs/ad-logs.md "Report command", seed 003 metrics).
 * Without a source it reads the local run's bucket (scripts/logs/local-bucket), after asking the
 * local service (`--service`, default `npm start`'s) to write its open batches; `--no-flush`
 * skips that. A local state directory given as the folder is read the same way.
 * S3 credentials and endpoint come from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL,
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (AWS_REGION defaults to `auto`, R2's region).
 */
import { pathToFileURL } from 'node:url';
import { addLine, createReport, summarize, type FormatSummary } from '../src/core/logs/report.ts';
import { renderReport } from '../src/core/logs/report-render.ts';
import { Progress } from './logs/progress.ts';
import { flushService, LOCAL_ADMIN_TOKEN, LOCAL_SERVICE, LOCAL_STATE_DIR, localBucketBlobs, looksLikeStateDir } from './logs/local-bucket.ts';
import { decodeObject, listFolder, listS3, s3SettingsFromEnv, type LogObject } from './logs/sources.ts';

export interface ReportResult {
  readonly objects: number;
  readonly summaries: FormatSummary[];
  readonly unknownLines: number;
  readonly text: string;
}

/** Reads every object of `source` (up to `concurrency` at a time) into one report. */
export async function runReport(source: string, env: NodeJS.ProcessEnv, opts: { concurrency?: number; progress?: NodeJS.WriteStream } = {}): Promise<ReportResult> {
  const objects: LogObject[] = source.startsWith('s3://') ? await listS3(source, s3SettingsFromEnv(env)) : await listFolder(localBucketBlobs(source) ?? source);
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

const USAGE = `usage: npm run logs:report [-- <folder | s3://bucket/prefix>] [--service URL] [--no-flush]
  no source: the local run's bucket (${LOCAL_STATE_DIR}), after the local service (--service, default ${LOCAL_SERVICE})
  wrote its open batches (POST /adLogs/flush with ADMIN_TOKEN, default npm start's); --no-flush reads what is there
`;

export interface ReportArgs {
  readonly source?: string;
  readonly service: string;
  readonly flush: boolean;
  readonly help: boolean;
}

export function parseArgs(argv: readonly string[]): ReportArgs | string {
  let source: string | undefined;
  let service = LOCAL_SERVICE;
  let flush = true;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') help = true;
    else if (a === '--no-flush') flush = false;
    else if (a === '--service') service = argv[++i] ?? '';
    else if (a.startsWith('--service=')) service = a.slice('--service='.length);
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (source === undefined) source = a;
    else return 'one source at a time';
  }
  if (!/^https?:\/\//.test(service)) return '--service takes an http(s) URL';
  return { ...(source !== undefined ? { source } : {}), service, flush, help };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string' || args.help) {
    if (typeof args === 'string') process.stderr.write(`logs:report: ${args}\n`);
    process.stderr.write(USAGE);
    return typeof args === 'string' ? 2 : 0;
  }
  let source = args.source;
  if (source === undefined) {
    source = LOCAL_STATE_DIR;
    if (args.flush) {
      const f = await flushService(args.service, process.env['ADMIN_TOKEN'] ?? LOCAL_ADMIN_TOKEN);
      process.stderr.write(f.ok ? `logs:report: ${args.service} wrote ${f.written} open batch(es)\n` : `logs:report: could not flush ${args.service} (${f.message}); reading what is already written\n`);
    }
  }
  if (!source.startsWith('s3://') && localBucketBlobs(source) === undefined && looksLikeStateDir(source)) {
    process.stdout.write(`objects read: 0\nno ad-log objects in ${source} yet (run npm start and play the demo)\n`);
    return 0;
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
