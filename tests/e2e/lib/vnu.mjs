// The Nu Html Checker (vnu.jar from the npm package vnu-jar) with the
// machine's Java.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const VNU_JAR = String(require('vnu-jar'));

/** Checks FILES (or folders); returns the error messages as
 *  [{file, line, column, message, extract}]. */
export function vnuErrors(files) {
  const r = spawnSync('java', ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', '--skip-non-html', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`cannot run java -jar ${VNU_JAR}: ${r.error.message}`);
  let report;
  try {
    report = JSON.parse(r.stderr);
  } catch {
    throw new Error(`vnu.jar printed no JSON report (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  }
  return report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
    .map((m) => ({
      file: m.url ? decodeURIComponent(m.url.replace(/^file:/, '')) : '?',
      line: m.lastLine,
      column: m.firstColumn,
      message: m.message,
      extract: (m.extract || '').replace(/\s+/g, ' ').trim(),
    }));
}

/** "file:line:col: message — extract" lines, with FILE shown relative to BASE. */
export function formatErrors(errors, base) {
  return errors.map((e) => {
    const file = base ? path.relative(base, e.file) : e.file;
    return `${file}:${e.line}:${e.column}: ${e.message}${e.extract ? ` — ${e.extract}` : ''}`;
  }).join('\n');
}
