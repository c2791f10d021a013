/**
 * @module platform/metrics
 * Writes metric data points (core/metrics/points) to the optional Workers Analytics Engine
 * binding `METRICS` (docs/metrics.md). Without the binding nothing is written and nothing fails;
 * a write that throws (a point over the platform's limits) is reported on the console and never
 * reaches the request. `writeDataPoint` does not wait for storage, so a request pays nothing.
 */
import type { MetricPoint } from '../core/metrics/points.ts';

export type MetricsDataset = Pick<AnalyticsEngineDataset, 'writeDataPoint'>;

export function writeMetric(dataset: MetricsDataset | undefined, p: MetricPoint): void {
  if (dataset === undefined) return;
  try {
    dataset.writeDataPoint({ indexes: [...p.indexes], blobs: [...p.blobs], doubles: [...p.doubles] });
  } catch (e) {
    console.error(JSON.stringify({ msg: 'metric data point not written', family: p.blobs[0], error: String(e) }));
  }
}
