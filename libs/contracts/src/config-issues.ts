import { formatIssuePath } from './issue-path.js';

export interface ConfigIssue {
  /** Where the problem is, e.g. `tenants[0].id`; `(root)` for the document itself. */
  path: string;
  message: string;
}

export interface ConfigFailure {
  ok: false;
  issues: ConfigIssue[];
  /** The issues on one line for logs: the first 20, then how many more. */
  message: string;
}

/** A broken bundle of a million keys must not turn into a megabyte log line. */
const MESSAGE_ISSUE_LIMIT = 20;

export function configFailure(
  raw: readonly { path: readonly PropertyKey[]; message: string }[],
): ConfigFailure {
  const issues = raw.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
  const shown = issues.slice(0, MESSAGE_ISSUE_LIMIT).map((issue) => `${issue.path}: ${issue.message}`);
  if (issues.length > MESSAGE_ISSUE_LIMIT) {
    shown.push(`(${issues.length - MESSAGE_ISSUE_LIMIT} more issues)`);
  }
  return { ok: false, issues, message: shown.join('; ') };
}
