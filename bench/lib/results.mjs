// Shared by the benchmark scripts: describe the machine and replace one `## Section` of
// bench/RESULTS.md, leaving the other sections as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export const RESULTS_FILE = new URL('../RESULTS.md', import.meta.url);

export function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

export function writeSection(heading, body, file = RESULTS_FILE) {
  const title = '# Benchmark results\n\nWritten by `npm run bench:*`; each section is replaced by its own script.\n';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : title;
  const section = `## ${heading}\n\n${body.trim()}\n`;
  const pattern = new RegExp(`## ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n## |$)`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(file, `${next.trimEnd()}\n`);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
