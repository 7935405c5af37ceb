import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IFlattenedRuleSet } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = 'test/fixtures/bad-core/';
/** Where koa resolves to: node_modules here, or a hoisted one further up. */
const KOA = '(.*/)?node_modules/koa/';

/** Runs dependency-cruiser from the repo root with the layer rules, as `npx depcruise` would. */
async function cruiseWith(entry: string, options: ICruiseOptions): Promise<ICruiseResult> {
  const { output } = await cruise([entry], { ...options, baseDir: ROOT, validate: true }, undefined, {
    tsConfig: extractTSConfig(`${ROOT}tsconfig.json`),
  });
  if (typeof output === 'string') throw new Error('expected a cruise result object, got formatted output');
  return output;
}

/** `rule: from -> to` for every violation, for readable failures. */
function violations(result: ICruiseResult): string[] {
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

/** The same rules with their `^src/` prefix pointed at the fixture folder. */
function rebased(ruleSet: IFlattenedRuleSet, prefix: string): IFlattenedRuleSet {
  return JSON.parse(JSON.stringify(ruleSet), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith('^src/') ? `^${prefix}${value.slice('^src/'.length)}` : value,
  ) as IFlattenedRuleSet;
}

let options: ICruiseOptions;
beforeAll(async () => {
  options = await extractDepcruiseOptions(`${ROOT}.dependency-cruiser.cjs`);
});

describe('the layer rule (.dependency-cruiser.cjs)', () => {
  it('holds for src: domain and application import neither frameworks, I/O, Node built-ins nor adapters', async () => {
    const result = await cruiseWith('src', options);

    // Not vacuous: the cruise really saw the core and followed its imports.
    const sources = result.modules.map((m) => m.source);
    expect(sources).toEqual(expect.arrayContaining(['src/domain/key-ring.ts', 'src/application/issue-token.ts']));
    const authenticate = result.modules.find((m) => m.source === 'src/application/authenticate-user.ts');
    expect(authenticate?.dependencies.map((d) => d.resolved)).toContain('src/domain/user.ts');

    expect(violations(result)).toEqual([]);
    // Not vacuous either: the composition root is cruised and does import tsyringe.
    const root = result.modules.find((m) => m.source === 'src/server/composition/container.ts');
    expect(root?.dependencies.some((d) => /node_modules\/tsyringe\//.test(d.resolved))).toBe(true);
  });

  it('fails on a core that breaks it (fixture with the same rules)', async () => {
    const ruleSet = rebased(options.ruleSet ?? {}, FIXTURE);
    const result = await cruiseWith(FIXTURE, { ...options, ruleSet });
    const found = violations(result);
    const domain = `${FIXTURE}domain/leak.ts`;
    const application = `${FIXTURE}application/use-case.ts`;

    expect(found).toEqual(
      expect.arrayContaining([
        `core-not-to-node-builtins: ${domain} -> fs`,
        `core-not-to-node-builtins: ${application} -> crypto`,
        `core-not-to-node-builtins: ${application} -> net`, // process.getBuiltinModule
        expect.stringMatching(new RegExp(`^core-not-to-frameworks: ${domain} -> ${KOA}`)),
        expect.stringMatching(new RegExp(`^core-not-to-frameworks: ${application} -> ${KOA}`)), // type-only
        expect.stringMatching(new RegExp(`^core-not-to-npm: ${domain} -> ${KOA}`)),
        `core-not-to-adapters: ${application} -> ${FIXTURE}adapters/http-thing.ts`,
        `core-not-to-adapters: ${domain} -> ${FIXTURE}main.ts`,
        `core-not-to-unresolvable: ${domain} -> ../nowhere.js`,
        `domain-not-to-application: ${domain} -> ${application}`,
        expect.stringMatching(
          new RegExp(`^container-only-in-composition-root: ${FIXTURE}adapters/injected.ts -> (.*/)?node_modules/tsyringe/`),
        ),
      ]),
    );
    // the composition root itself may use the container
    expect(found.filter((v) => v.includes(`${FIXTURE}server/composition/index.ts ->`))).toEqual([]);
    // Every rule in the config is exercised by the fixture, so none of them is dead.
    const fired = new Set(result.summary.violations.map((v) => v.rule.name));
    expect([...fired].sort()).toEqual((options.ruleSet?.forbidden ?? []).map((r) => r.name).sort());
  });
});
