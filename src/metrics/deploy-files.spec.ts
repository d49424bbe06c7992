import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC_NAMES } from './metric-names.js';

// The dashboard and alerts in deploy/ are read by operators' Prometheus and Grafana, not by
// Replyline: nothing else fails when a metric they use is renamed, so this does.
const DEPLOY = join(process.cwd(), 'deploy');
const OWN_METRIC = /\breplyline_[a-z_]+/g;
const SUFFIXES = /_(bucket|count|sum)$/;

function metricsUsedIn(text: string): Set<string> {
  return new Set([...text.matchAll(OWN_METRIC)].map(([name]) => name.replace(SUFFIXES, '')));
}

describe('deploy/: Prometheus and Grafana files', () => {
  const served = new Set<string>(Object.values(METRIC_NAMES));
  const dashboardText = readFileSync(join(DEPLOY, 'grafana/replyline-dashboard.json'), 'utf8');
  const alertsText = readFileSync(join(DEPLOY, 'prometheus/replyline-alerts.yml'), 'utf8');

  it('only use metrics Replyline serves', () => {
    for (const name of [...metricsUsedIn(dashboardText), ...metricsUsedIn(alertsText)]) {
      expect(served).toContain(name);
    }
  });

  it('show every Replyline metric on the dashboard, and process metrics', () => {
    const used = metricsUsedIn(dashboardText);
    for (const name of served) expect(used).toContain(name);
    expect(dashboardText).toContain('process_resident_memory_bytes');
  });

  it('is a dashboard Grafana can import (valid JSON, unique panel ids)', () => {
    const dashboard = JSON.parse(dashboardText) as { uid: string; panels: Array<{ id: number }> };
    expect(dashboard.uid).toBe('replyline');
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('scrape with the metrics token from a file', () => {
    const scrape = readFileSync(join(DEPLOY, 'prometheus/prometheus.yml'), 'utf8');
    expect(scrape).toMatch(/metrics_path: \/metrics/);
    expect(scrape).toMatch(/credentials_file:/);
  });
});
