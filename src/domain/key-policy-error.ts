import { DomainError } from './errors.js';
import type { KeyTimings } from './key-policy.js';

/** A timing setting that breaks a rule: names the setting and the bound, in the settings' own names. */
export class KeyPolicyError extends DomainError {
  override name = 'KeyPolicyError';

  constructor(
    readonly setting: keyof KeyTimings,
    /** The rule with each setting written `{name}` and the bound `{bound}`, e.g. `must exceed {tokenTtl} + … ({bound} s)`. */
    readonly rule: string,
    readonly bound: number,
  ) {
    super('INVALID_INPUT', `${setting} ${render(rule, bound, (name) => name)}`);
  }

  /** `<setting>: <rule>` with the settings called by `names` (say, environment variables). */
  describe(names: Record<keyof KeyTimings, string>): string {
    return `${names[this.setting]}: ${render(this.rule, this.bound, (name) => names[name as keyof KeyTimings] ?? name)}`;
  }
}

const render = (rule: string, bound: number, name: (setting: string) => string) =>
  rule.replace(/\{(\w+)\}/g, (_, word: string) => (word === 'bound' ? String(bound) : name(word)));
