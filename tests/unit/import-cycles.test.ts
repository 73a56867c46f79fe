/**
 * No import cycles in src/: dependencies point one way (pages → actions → domain →
 * platform; inside a domain, commands → vocabulary, types, errors). dpdm follows every
 * import of the TypeScript modules, type-only imports included, since a type cycle is the
 * first step to a runtime one. (.astro files are not parsed; they only sit on top.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCircular, parseDependencyTree, prettyCircular } from 'dpdm';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('import cycles', () => {
  it('src/ has none', async () => {
    const entries = fs.globSync('src/**/*.ts', { cwd: ROOT }).sort();
    expect(entries.length).toBeGreaterThan(100);
    const tree = await parseDependencyTree(entries, { cwd: ROOT, context: ROOT, tsconfig: path.join(ROOT, 'tsconfig.json'), transform: false, skipDynamicImports: false });
    const cycles = parseCircular(tree);
    expect(cycles.length === 0 ? '' : prettyCircular(cycles)).toBe('');
  }, 120_000);
});
