// axe-core with the WCAG 2.0/2.1 A and AA rule tags, and a readable
// report of its violations.

import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { ARTIFACTS } from './setup.mjs';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on PAGE; returns {violations, rules} where rules is the set of
 *  rule ids axe ran (passes, violations, incomplete and inapplicable). */
export async function runAxe(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const rules = new Set();
  for (const group of ['passes', 'violations', 'incomplete', 'inapplicable']) {
    for (const r of results[group]) rules.add(r.id);
  }
  return { violations: results.violations, incomplete: results.incomplete, rules, version: results.testEngine?.version };
}

/** "URL: rule (impact) – help\n    selector: failure summary" lines. */
export function formatViolations(url, violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${url}: ${v.id} (${v.impact}) – ${v.help} [${v.helpUrl}]`);
    for (const n of v.nodes.slice(0, 8)) {
      const summary = (n.failureSummary || '').replace(/\s+/g, ' ').trim();
      lines.push(`    ${n.target.join(' ')}: ${summary}`);
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`);
  }
  return lines.join('\n');
}

/** Writes the rule ids axe ran in one test file (NAME) to
 *  artifacts/axe-rules-NAME.json; the run script prints their union. */
export function recordRules(name, rules, version, pages) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `axe-rules-${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ version, pages, rules: [...rules].sort() }, null, 1));
}
