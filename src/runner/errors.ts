/**
 * Errors the CLI maps to exit codes (DESIGN.md: 0 ok, 1 a run failed, 2 bad usage or bad config).
 * Anything else that escapes is a bug or a failed run and exits 1.
 */

/** One problem in a config: where (a config path like `scenarios[1].overrides.population.scale`) and what. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A config that cannot be used. Carries every problem found, not just the first. */
export class ConfigError extends Error {
  readonly exitCode = 2;
  readonly issues: readonly ConfigIssue[];
  readonly file: string;

  constructor(file: string, issues: readonly ConfigIssue[]) {
    const lines = issues.map((i) => `  - ${i.path ? `${i.path}: ` : ''}${i.message}`);
    super(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the config\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
    this.file = file;
  }
}

/** Bad usage that is not a config problem: an output folder that is in the way, a resume that does not match. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
