import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** This package's version (for the API document), from the nearest package.json above this file. */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  // src/server/ when run from source, dist/src/server/ when built: walk up rather than guess the depth
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'jwks-auth-server' && pkg.version) return (cached = pkg.version);
    } catch {
      // no package.json here: keep walking
    }
  }
  return (cached = '0.0.0');
}
