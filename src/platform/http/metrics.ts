// Metrics in Prometheus' text format (version 0.0.4), served at `/metrics` on a port of its
// own (`METRICS_PORT`, bound to `METRICS_HOST`, loopback by default), never on the public
// one: whoever can reach that port may read them, so it is an operator's network, not a
// person's. Counters are per process (Prometheus adds the processes up); gauges read at
// scrape time (`collect`) may come from the database and hold for the whole installation.
import http from 'node:http';

type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
}

const escapeLabel = (value: string) => value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
};

export class Metrics {
  private readonly families = new Map<string, Family>();
  private readonly collectors: Array<(metrics: Metrics) => Promise<void>> = [];

  private family(name: string, type: Family['type'], help: string): Family {
    let family = this.families.get(name);
    if (!family) {
      family = { help, type, values: new Map() };
      this.families.set(name, family);
    }
    return family;
  }

  /** Declares a counter (shown at 0 before it is first counted). */
  declareCounter(name: string, help: string): void {
    this.family(name, 'counter', help);
  }

  increment(name: string, help: string, labels: Labels = {}, by = 1): void {
    const family = this.family(name, 'counter', help);
    const key = labelText(labels);
    const found = family.values.get(key);
    if (found) found.value += by;
    else family.values.set(key, { labels, value: by });
  }

  /** Sets a gauge, replacing every value it had (a collector reads the whole of it). */
  setGauge(name: string, help: string, values: Array<{ labels: Labels; value: number }>): void {
    const family = this.family(name, 'gauge', help);
    family.values.clear();
    for (const { labels, value } of values) family.values.set(labelText(labels), { labels, value });
  }

  /** The value of a counter or gauge with exactly these labels (0 when never set). */
  value(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.values.get(labelText(labels))?.value ?? 0;
  }

  /** Runs before each scrape (e.g. to read gauges from the database). */
  onCollect(collector: (metrics: Metrics) => Promise<void>): void {
    this.collectors.push(collector);
  }

  async render(): Promise<string> {
    for (const collect of this.collectors) await collect(this);
    const lines: string[] = [];
    for (const [name, family] of [...this.families].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      if (family.values.size === 0 && family.type === 'counter') lines.push(`${name} 0`);
      for (const { labels, value } of family.values.values()) lines.push(`${name}${labelText(labels)} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `GET /metrics` (and nothing else) on its own port. */
export async function startMetricsServer(metrics: Metrics, options: { port: number; host: string; onError?: (error: unknown) => void }): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    metrics.render().then(
      (text) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        options.onError?.(error);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
